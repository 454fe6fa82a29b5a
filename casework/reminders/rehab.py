"""Rules of the rehab workflow that no single state deadline carries: monthly attendance
recorded by the 10th of the next month, and suspected dropout (docs/domain.md, "Time limits")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import SQL, Cast, Value, fn

from casework.models import Attendance, DropoutReport, RehabApplication, RehabPlan, Reminder
from casework.reminders.calendar_math import (
    attendance_due,
    latest_closed_month,
    month_end,
    previous_month,
)
from casework.reminders.rules import OPEN, Rule
from casework.vocabulary import Role
from casework.workflows import policy
from casework.workflows.definition import Responsible

A = RehabApplication
IN_REHABILITATION = "in_rehabilitation"
DROPOUT_RULE = "rehab.suspected_dropout"
LOOKBACK_MONTHS = 3  # months checked for missing attendance: a scheduler down this long misses
STAFF_ANSWERS: dict[str, Any] = dict(
    role=Role.INSTITUTION_STAFF,
    scope="institution",
    supervisor=Role.REVIEWER,
    supervisor_scope="county",
)


def _in_county_group(query, counties, excluded):
    """Only the cases of the counties that share one value of the policy."""
    if counties:
        return query.where(A.county.in_(counties))
    if excluded:
        return query.where(A.county.not_in(excluded))
    return query


def _still_in_rehabilitation():
    case = A.alias("subject")
    return case.select(SQL("1")).where(
        case.id == Reminder.entity_id, case.state == IN_REHABILITATION
    )


@dataclass(frozen=True)
class AttendanceMissing(Rule):
    """No attendance row for a month whose deadline has passed, while in rehabilitation.
    The due instance is the month ("2026-02-01"); one reminder per case and month.

    A month that an open suspected-dropout alert of the case covers (due at or after that
    month's deadline) raises nothing: the alert says it, urgently, and one item is enough.
    The dropout rule runs first in each scan (the catalogue's order), so its alert is there;
    once it resolves, a month still unrecorded is raised on its own."""

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        queries = []
        for deadline, counties, excluded in policy.groups(policy.ATTENDANCE):
            month = latest_closed_month(now, deadline)
            for _ in range(LOOKBACK_MONTHS):
                queries.append(self._month(month, deadline, now, counties, excluded))
                month = previous_month(month)
        return queries

    def _month(self, month, deadline, now, counties, excluded):
        recorded = Attendance.select(SQL("1")).where(
            Attendance.application == A.id, Attendance.month == month
        )
        due = attendance_due(month, deadline)
        dropout = Reminder.alias("dropout")
        alerted = dropout.select(SQL("1")).where(
            dropout.rule == DROPOUT_RULE,
            dropout.entity == "rehab",
            dropout.entity_id == A.id,
            dropout.state == OPEN,
            dropout.due_at <= due,
        )
        row = self.row(A, Value(month.isoformat()), Value(due), now)
        select = (
            A.select(*row)
            .join(RehabPlan, on=(RehabPlan.application == A.id))
            .where(
                A.state == IN_REHABILITATION,
                RehabPlan.starts_on <= month_end(month),
                ~fn.EXISTS(recorded),
                ~fn.EXISTS(alerted),
            )
        )
        return self.insert(_in_county_group(select, counties, excluded))

    def resolve(self, now: dt.datetime):
        recorded = Attendance.select(SQL("1")).where(
            Attendance.application == Reminder.entity_id,
            Cast(Attendance.month, "TEXT") == Reminder.instance,
        )
        return self.resolved(now, fn.EXISTS(recorded) | ~fn.EXISTS(_still_in_rehabilitation()))


@dataclass(frozen=True)
class SuspectedDropout(Rule):
    """In rehabilitation, no attendance (days > 0) for a whole month whose attendance deadline
    has passed, and no dropout reported. The due instance is the last month attended
    ("none" before any), so a child who comes back and stops again raises a new alert."""

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        queries = []
        for deadline, counties, excluded in policy.groups(policy.ATTENDANCE):
            month = latest_closed_month(now, deadline)
            attended_since = Attendance.select(SQL("1")).where(
                Attendance.application == A.id,
                Attendance.days_attended > 0,
                Attendance.month >= month,
            )
            last_attended = Attendance.select(Cast(fn.MAX(Attendance.month), "TEXT")).where(
                Attendance.application == A.id, Attendance.days_attended > 0
            )
            reported = DropoutReport.select(SQL("1")).where(DropoutReport.application == A.id)
            instance = fn.COALESCE(last_attended, "none")
            row = self.row(A, instance, Value(attendance_due(month, deadline)), now)
            select = (
                A.select(*row)
                .join(RehabPlan, on=(RehabPlan.application == A.id))
                .where(
                    A.state == IN_REHABILITATION,
                    RehabPlan.starts_on <= month_end(month),
                    ~fn.EXISTS(attended_since),
                    ~fn.EXISTS(reported),
                )
            )
            queries.append(self.insert(_in_county_group(select, counties, excluded)))
        return queries

    def resolve(self, now: dt.datetime):
        came_back = Attendance.select(SQL("1")).where(
            Attendance.application == Reminder.entity_id,
            Attendance.days_attended > 0,
            (Reminder.instance == "none") | (Cast(Attendance.month, "TEXT") > Reminder.instance),
        )
        return self.resolved(now, fn.EXISTS(came_back) | ~fn.EXISTS(_still_in_rehabilitation()))


ATTENDANCE_MISSING = AttendanceMissing(
    "rehab.attendance_missing",
    "rehab",
    A,
    Responsible(**STAFF_ANSWERS, title="月度出勤未按时填报"),
)
SUSPECTED_DROPOUT = SuspectedDropout(
    DROPOUT_RULE,
    "rehab",
    A,
    Responsible(**STAFF_ANSWERS, title="疑似中断康复(超过一个月无出勤)", severity="urgent"),
)
