"""A village screening (排查) not done by the round's last day: reminded to the village's
child director (routed per scan by casework/reminders/scope.py, climbing to the township
supervisor where the village has no director), escalated to the township supervisor after the
county's grace, and resolved when the village is declared done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import SQL, Value, fn

from casework.clock import stored_date
from casework.models import Reminder, Screening, ScreeningVillage
from casework.reminders.calendar_math import end_of_day
from casework.reminders.rules import Rule
from casework.rules.deadlines import local_date
from casework.vocabulary import Role
from casework.workflows.definition import Responsible


@dataclass(frozen=True)
class ScreeningOverdue(Rule):
    """The due instance is the round's last day, the deadline the end of it (China's day)."""

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        """One statement per last day passed: its deadline (midnight after it, China) is a
        constant."""
        today = local_date(now)
        ended = Screening.select(Screening.ends_on).where(Screening.ends_on < today).distinct()
        return [self._ended_on(stored_date(ends_on), now) for (ends_on,) in ended.tuples()]

    def _ended_on(self, day: dt.date, now: dt.datetime):
        part = ScreeningVillage
        # a village's part has no state
        row = self.fields(part.id, Value(day.isoformat()), part.county, SQL("NULL"),
                          Value(end_of_day(day)), now)  # fmt: skip
        select = (
            part.select(*row)
            .join(Screening, on=(part.screening == Screening.id))
            .where(Screening.ends_on == day, part.completed_at.is_null())
        )
        return self.insert(select)

    def resolve(self, now: dt.datetime):
        part = ScreeningVillage.alias("subject")
        still = part.select(SQL("1")).where(
            part.id == Reminder.entity_id, part.completed_at.is_null()
        )
        return self.resolved(now, ~fn.EXISTS(still))


SCREENING_OVERDUE = ScreeningOverdue(
    "screening.village_overdue",
    "screening_village",
    ScreeningVillage,
    Responsible(
        role=Role.CHILD_DIRECTOR,
        scope="place",
        supervisor=Role.CHILD_SUPERVISOR,
        supervisor_scope="township",
        title="村排查超期未完成",
    ),  # fmt: skip
)
