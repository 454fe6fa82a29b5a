"""The pace of home-delivered education (送教上门, docs/domain.md "Visits"): at least 2 visits a
month of at least 2 class hours each, and at least 40 class hours a school year (Sept-Aug).

A month (or school year) taught throughout that ended short raises a reminder to the child's
teacher; recording the missing visits afterwards (dated inside it) resolves it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import SQL, Cast, Value, fn

from casework.models import Child, HomeEducation, Reminder, Visit
from casework.reminders.calendar_math import end_of_day, month_end, previous_month
from casework.reminders.scope import latest_teacher
from casework.reminders.visits import ON_REGISTER, POLICY, ChildRule
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.vocabulary import Role, VisitKind
from casework.workflows.definition import Responsible

LOOKBACK_MONTHS = 3  # closed months checked: a scheduler down longer misses the older ones


def _lessons(child, first: dt.date | None = None, last: dt.date | None = None):
    """Home-education visits of a child of at least the minimum class hours, in [first, last]."""
    query = Visit.select(SQL("1")).where(
        Visit.child == child.id,
        Visit.kind == VisitKind.HOME_EDUCATION,
        Visit.class_hours >= POLICY.home_hours_a_visit,
    )
    if first is not None:
        query = query.where(Visit.visited_on.between(first, last))
    return query


def _taught_throughout(first: dt.date, last: dt.date):
    """Children taught at home from `first` to `last` (and their teacher)."""
    return (
        Child.select()
        .join(HomeEducation)
        .where(HomeEducation.running(first, last), Child.state == ON_REGISTER)
    )


@dataclass(frozen=True)
class HomeVisitsShort(ChildRule):
    """A month taught throughout with fewer than 2 qualifying visits; instance "2026-03"."""

    handler = staticmethod(latest_teacher)

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        month = previous_month(local_date(now).replace(day=1))  # the last month ended
        queries = []
        for _ in range(LOOKBACK_MONTHS):
            queries.append(self._month(month, now))
            month = previous_month(month)
        return queries

    def _month(self, month: dt.date, now: dt.datetime):
        last = month_end(month)
        given = _lessons(Child, month, last).select(fn.COUNT(SQL("*")))
        due_at = Value(end_of_day(last))
        row = self.child_row(Child, Value(month.strftime("%Y-%m")), due_at, now)
        query = _taught_throughout(month, last).select(*row)
        return self.insert(query.where(given < POLICY.home_visits_a_month))

    def resolve(self, now: dt.datetime):
        child = Child.alias("subject")
        in_month = fn.SUBSTR(Cast(Visit.visited_on, "TEXT"), 1, 7) == Reminder.instance
        given = _lessons(child).where(in_month).select(fn.COUNT(SQL("*")))
        made_up = child.select(SQL("1")).where(
            child.id == Reminder.entity_id, given >= POLICY.home_visits_a_month
        )
        return self.resolved(now, fn.EXISTS(made_up))


@dataclass(frozen=True)
class HomeHoursShort(ChildRule):
    """A school year taught throughout with fewer than 40 class hours; instance "2025-09-01"
    (the year's first day). Only the school year last ended is checked."""

    handler = staticmethod(latest_teacher)

    def _year(self, now: dt.datetime) -> tuple[dt.date, dt.date]:
        this_start, _ = schedule.school_year(local_date(now))
        return schedule.school_year(this_start - dt.timedelta(days=1))

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        first, last = self._year(now)
        row = self.child_row(Child, Value(first.isoformat()), Value(end_of_day(last)), now)
        query = _taught_throughout(first, last).select(*row)
        return [self.insert(query.where(_hours(Child, first, last) < POLICY.home_hours_a_year))]

    def resolve(self, now: dt.datetime):
        first, last = self._year(now)
        child = Child.alias("subject")
        made_up = child.select(SQL("1")).where(
            child.id == Reminder.entity_id, _hours(child, first, last) >= POLICY.home_hours_a_year
        )
        return self.resolved(now, (Reminder.instance == first.isoformat()) & fn.EXISTS(made_up))


def _hours(child, first: dt.date, last: dt.date):
    return Visit.select(fn.COALESCE(fn.SUM(Visit.class_hours), 0)).where(
        Visit.child == child.id,
        Visit.kind == VisitKind.HOME_EDUCATION,
        Visit.visited_on.between(first, last),
    )


# The assignee is the child's teacher (of the latest HomeEducation); the township's supervisor
# oversees home education, as the teacher's school lies in the township.
TEACHER_ANSWERS: dict[str, Any] = dict(
    role=Role.TEACHER, scope="township", supervisor=Role.CHILD_SUPERVISOR,
    supervisor_scope="township",
)  # fmt: skip
HOME_VISITS_SHORT = HomeVisitsShort(
    "visit.home_education_month",
    "child",
    Child,
    Responsible(**TEACHER_ANSWERS, title="送教上门当月不足2次(每次至少2课时)"),
)
HOME_HOURS_SHORT = HomeHoursShort(
    "visit.home_education_year",
    "child",
    Child,
    Responsible(**TEACHER_ANSWERS, title="送教上门学年课时不足40课时"),
)
