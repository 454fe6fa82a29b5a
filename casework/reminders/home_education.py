"""The pace of home-delivered education (送教上门, docs/domain.md "Visits"): at least 2 visits a
month of at least 2 class hours each, and at least 40 class hours a school year (Sept-Aug).

A month (or school year) taught throughout that ended short raises a reminder to the child's
teacher; recording the missing visits afterwards (dated inside it) resolves it. The minimum is
the county's cadence in force on the scan's day (casework.reminders.visits.cadences)."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from peewee import SQL, Cast, Value, fn

from casework.models import Child, HomeEducation, Reminder, Visit
from casework.reminders.calendar_math import end_of_day, month_end, previous_month
from casework.reminders.scope import latest_teacher
from casework.reminders.visits import ON_REGISTER, ChildRule, cadences, in_counties, reminder_in
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.vocabulary import Role, VisitKind
from casework.workflows.definition import Responsible

LOOKBACK_MONTHS = 3  # closed months checked: a scheduler down longer misses the older ones


def _lessons(child, policy, first: dt.date | None = None, last: dt.date | None = None):
    """Home-education visits of a child of at least the minimum class hours, in [first, last]."""
    query = Visit.select(SQL("1")).where(
        Visit.child == child.id,
        Visit.kind == VisitKind.HOME_EDUCATION,
        Visit.class_hours >= policy.home_hours_a_visit,
    )
    if first is not None:
        query = query.where(Visit.visited_on.between(first, last))
    return query


def _taught_throughout(first: dt.date, last: dt.date, counties: list[int] | None):
    """Children taught at home from `first` to `last` (and their teacher) in the counties."""
    query = Child.select().join(HomeEducation).where(HomeEducation.running(first, last))
    # a child off the register is not taught at home
    return query.where(in_counties(Child.place, counties), Child.state == ON_REGISTER)


@dataclass(frozen=True)
class HomeVisitsShort(ChildRule):
    """A month taught throughout with fewer qualifying visits than the county asks (2 by
    default); instance "2026-03"."""

    handler = staticmethod(latest_teacher)
    cadence_keys = ("home_visits_a_month", "home_hours_a_visit")

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        queries = []
        for policy, counties in cadences(local_date(now)):
            month = previous_month(local_date(now).replace(day=1))  # the last month ended
            for _ in range(LOOKBACK_MONTHS):
                queries.append(self._month(month, now, policy, counties))
                month = previous_month(month)
        return queries

    def _month(self, month: dt.date, now: dt.datetime, policy, counties):
        last = month_end(month)
        given = _lessons(Child, policy, month, last).select(fn.COUNT(SQL("*")))
        due_at = Value(end_of_day(last))
        row = self.child_row(Child, Value(month.strftime("%Y-%m")), due_at, now)
        query = _taught_throughout(month, last, counties).select(*row)
        return self.insert(query.where(given < policy.home_visits_a_month))

    def resolve(self, now: dt.datetime):
        child = Child.alias("subject")
        in_month = fn.SUBSTR(Cast(Visit.visited_on, "TEXT"), 1, 7) == Reminder.instance
        cleared = []
        for policy, counties in cadences(local_date(now)):
            given = _lessons(child, policy).where(in_month).select(fn.COUNT(SQL("*")))
            made_up = child.select(SQL("1")).where(
                child.id == Reminder.entity_id, given >= policy.home_visits_a_month
            )
            cleared.append(reminder_in(counties) & fn.EXISTS(made_up))
        return self.resolved(now, reduce(operator.or_, cleared))


@dataclass(frozen=True)
class HomeHoursShort(ChildRule):
    """A school year taught throughout with fewer class hours than the county asks (40 by
    default); instance "2025-09-01"
    (the year's first day). Only the school year last ended is checked."""

    handler = staticmethod(latest_teacher)
    cadence_keys = ("home_hours_a_year",)

    def _year(self, now: dt.datetime) -> tuple[dt.date, dt.date]:
        this_start, _ = schedule.school_year(local_date(now))
        return schedule.school_year(this_start - dt.timedelta(days=1))

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        first, last = self._year(now)
        row = self.child_row(Child, Value(first.isoformat()), Value(end_of_day(last)), now)
        queries = []
        for policy, counties in cadences(local_date(now)):
            query = _taught_throughout(first, last, counties).select(*row)
            short = _hours(Child, first, last) < policy.home_hours_a_year
            queries.append(self.insert(query.where(short)))
        return queries

    def resolve(self, now: dt.datetime):
        first, last = self._year(now)
        child = Child.alias("subject")
        cleared = []
        for policy, counties in cadences(local_date(now)):
            made_up = child.select(SQL("1")).where(
                child.id == Reminder.entity_id,
                _hours(child, first, last) >= policy.home_hours_a_year,
            )
            cleared.append(reminder_in(counties) & fn.EXISTS(made_up))
        return self.resolved(
            now, (Reminder.instance == first.isoformat()) & reduce(operator.or_, cleared)
        )


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
    Responsible(**TEACHER_ANSWERS, title="送教上门当月次数不足"),
)
HOME_HOURS_SHORT = HomeHoursShort(
    "visit.home_education_year",
    "child",
    Child,
    Responsible(**TEACHER_ANSWERS, title="送教上门学年课时不足"),
)
