"""An approved rehab application not entered in the national rehab-aid system within the
county's working days after its approval (county policy `national_entry`; none while the county
has set no days, 0): the federation's reviewer is reminded, its leader told when it stays open.

Counted from the local day of the application's first approval (its audit row into
`approved`), on the kept working-day calendar, with the days in force on the day of the scan.
One reminder per application (instance "entry"): recording the entry resolves it, and so does
the application leaving the aided states (withdrawn) or being closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import SQL, Value, fn

from casework.models import AuditEntry, NationalEntry, Place, RehabApplication, Reminder
from casework.queries import work_calendar
from casework.queries.county_policy import national_entry_workdays
from casework.reminders.calendar_math import end_of_day
from casework.reminders.rules import Rule
from casework.rules.deadlines import local_date
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import Responsible
from casework.workflows.rehab import RehabState

A = RehabApplication
INSTANCE = "entry"
S = RehabState
# approved and on (the aided states but closed, the rates' AIDED_STATES): a withdrawn
# application is not entered, a closed one is no one's task any more
WAITING = tuple(
    str(s)
    for s in (S.APPROVED, S.REFERRED, S.ACCEPTED, S.AGREED, S.IN_REHABILITATION, S.DROPPED_OUT,
              S.COMPLETED, S.SETTLED)
)  # fmt: skip


def _approved_at(case):
    """When the application was first approved (scalar subquery over the audit log)."""
    return AuditEntry.select(fn.MIN(AuditEntry.at)).where(
        AuditEntry.entity == "rehab",
        AuditEntry.entity_id == case.id,
        AuditEntry.to_state == RehabState.APPROVED.value,
    )


def _not_entered(case):
    entered = NationalEntry.select(SQL("1")).where(NationalEntry.application == case.id)
    return case.state.in_(WAITING) & ~fn.EXISTS(entered)


def entry_due(approved_at: dt.datetime, workdays: int) -> dt.datetime:
    """The end of the `workdays`-th working day after the local day of approval."""
    calendar = work_calendar.current()
    return end_of_day(calendar.add_workdays(local_date(approved_at), workdays))


@dataclass(frozen=True)
class NationalEntryLate(Rule):
    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        today = local_date(now)
        inserts = []
        for (county_id,) in Place.select(Place.id).where(Place.level == PlaceLevel.COUNTY).tuples():
            workdays = national_entry_workdays(county_id, today)
            if not workdays:
                continue
            waiting = (
                A.select(A.id, _approved_at(A).alias("approved_at"))
                .where(A.county == county_id, _not_entered(A))
                .tuples()
            )
            late: dict[dt.datetime, list[int]] = {}
            for case_id, approved_at in waiting:
                if approved_at is None:
                    continue
                if isinstance(approved_at, str):  # SQLite gives a subquery's time as text
                    approved_at = dt.datetime.fromisoformat(approved_at)
                due = entry_due(approved_at, workdays)
                if due <= now:
                    late.setdefault(due, []).append(case_id)
            for due, ids in late.items():  # one due time per day approved: a handful
                row = self.row(A, Value(INSTANCE), Value(due), now)
                inserts.append(self.insert(A.select(*row).where(A.id.in_(ids))))
        return inserts

    def resolve(self, now: dt.datetime):
        case = A.alias("subject")
        still = case.select(SQL("1")).where(case.id == Reminder.entity_id, _not_entered(case))
        return self.resolved(now, ~fn.EXISTS(still))


NATIONAL_ENTRY_LATE = NationalEntryLate(
    "rehab.national_entry",
    "rehab",
    A,
    Responsible(
        role=Role.REVIEWER,
        scope="county",
        supervisor=Role.LEADER,
        supervisor_scope="county",
        title="已批准申请未按时录入全国康复救助系统",
    ),
)
