"""Visit schedules (docs/domain.md, "Visits"), as pure functions of dates.

- Regular visits (定期走访) go by calendar period: a child in guardianship difficulty or with
  an open mandatory-report case needs one every calendar month, any other registered child
  one every calendar quarter. After a visit (or, before the first, after the file was
  opened) the next is due by the end of the following period; a period that ends without
  one makes the visit overdue.
- A report case in monitoring needs a follow-up visit every 14 days from the last one (or
  from the day monitoring began).
- Home-delivered education (送教上门): at least 2 visits a calendar month of at least 2 class
  hours each, and at least 40 class hours a school year (1 September to 31 August).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from casework.vocabulary import VisitKind

# The visits that count for a child's regular visit (定期走访): a regular visit, or a follow-up
# of its report case in monitoring. The visit lists, the reminder scans, the rates and the
# home page's figures all count these.
COUNTS_AS_REGULAR = (VisitKind.REGULAR, VisitKind.MONITORING)


@dataclass(frozen=True)
class VisitPolicy:
    """The policy defaults; a county sets others by effective date (rules/county_policy.py,
    "visit_cadence" and its own categories' cadence, "child_category"), built for the day by
    rules/county_policy.county_visit_policy."""

    # regular visits monthly for these categories (and a child with an open
    # mandatory-report case, with `monthly_open_report`), quarterly for the others
    monthly_categories: frozenset[str] = frozenset({"guardianship"})
    monthly_open_report: bool = True
    monitoring_days: int = 14
    due_soon_days: int = 7  # an interval visit shows as due this many days before
    home_visits_a_month: int = 2
    home_hours_a_visit: int = 2
    home_hours_a_year: int = 40


DEFAULT_POLICY = VisitPolicy()


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class Status(StrEnum):
    SCHEDULED = "scheduled"  # not yet due
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Due:
    due_on: dt.date
    status: Status


def period_start(day: dt.date, period: Period) -> dt.date:
    if period is Period.MONTH:
        return day.replace(day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_end(day: dt.date, period: Period) -> dt.date:
    return next_period_start(day, period) - dt.timedelta(days=1)


def next_period_start(day: dt.date, period: Period) -> dt.date:
    start = period_start(day, period)
    months = 1 if period is Period.MONTH else 3
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1)


def regular_period(
    categories: list[str], has_open_report: bool, policy: VisitPolicy = DEFAULT_POLICY
) -> Period:
    """Monthly for the policy's categories (guardianship difficulty by default) and open
    report cases, quarterly otherwise. `categories`: what the child counts as (the file's
    kept categories)."""
    if has_open_report and policy.monthly_open_report:
        return Period.MONTH
    if policy.monthly_categories.intersection(categories):
        return Period.MONTH
    return Period.QUARTER


def regular_due(anchor: dt.date, period: Period, today: dt.date) -> Due:
    """`anchor`: the last visit, or the day the file was opened when there is none."""
    following = next_period_start(anchor, period)
    due_on = period_end(following, period)
    if today > due_on:
        return Due(due_on, Status.OVERDUE)
    if today >= following:
        return Due(due_on, Status.DUE)
    return Due(due_on, Status.SCHEDULED)


def monitoring_due(anchor: dt.date, today: dt.date, policy: VisitPolicy = DEFAULT_POLICY) -> Due:
    """`anchor`: the last follow-up visit, or the day monitoring began."""
    due_on = anchor + dt.timedelta(days=policy.monitoring_days)
    if today > due_on:
        return Due(due_on, Status.OVERDUE)
    if today >= due_on - dt.timedelta(days=policy.due_soon_days):
        return Due(due_on, Status.DUE)
    return Due(due_on, Status.SCHEDULED)


def school_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (1 September to 31 August) that `day` falls in."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def counts_as_home_visit(class_hours: int | None, policy: VisitPolicy = DEFAULT_POLICY) -> bool:
    return (class_hours or 0) >= policy.home_hours_a_visit


@dataclass(frozen=True)
class HomeEducationDue:
    status: Status
    due_on: dt.date  # the end of the month in question
    visits_this_month: int  # visits of at least the minimum class hours
    visits_needed: int  # still needed this month
    last_month_short: bool  # last month ended with too few visits
    hours_this_year: int
    hours_needed: int  # still needed this school year


def home_education_due(
    *,
    started_on: dt.date,
    today: dt.date,
    visits_this_month: int,
    visits_last_month: int,
    hours_this_year: int,
    policy: VisitPolicy = DEFAULT_POLICY,
) -> HomeEducationDue:
    """Where a child taught at home stands against the monthly and the school-year minimum.

    Overdue when last month (if taught for the whole of it) ended with too few visits; due
    while this month is short, or while the monthly minimum alone would leave the school
    year's class hours short."""
    needed = max(policy.home_visits_a_month - visits_this_month, 0)
    hours_needed = max(policy.home_hours_a_year - hours_this_year, 0)
    last_month_start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    short = started_on <= last_month_start and visits_last_month < policy.home_visits_a_month
    if short:
        status = Status.OVERDUE
    elif needed or hours_needed > _hours_ahead(today, needed, policy):
        status = Status.DUE
    else:
        status = Status.SCHEDULED
    return HomeEducationDue(
        status,
        period_end(today, Period.MONTH),
        visits_this_month,
        needed,
        short,
        hours_this_year,
        hours_needed,
    )


def _hours_ahead(today: dt.date, needed_this_month: int, policy: VisitPolicy) -> int:
    """Class hours the monthly minimum alone still brings this school year."""
    _, year_end = school_year(today)
    later_months = (year_end.year - today.year) * 12 + year_end.month - today.month
    visits = later_months * policy.home_visits_a_month + needed_this_month
    return visits * policy.home_hours_a_visit
