"""Which months a rehabilitation's attendance may be recorded for, and how many days, as a pure
function of dates: the rehab step refuses the others, the institution's attendance grid leaves
them closed, and a claim bills only months that are over."""

from __future__ import annotations

import calendar
import datetime as dt

OUTSIDE = "outside_rehabilitation"  # before the plan's first month, or after this month
AFTER_DROPOUT = "after_dropout"  # after the last month a child who dropped out attended


def refusal(
    month: dt.date, starts_on: dt.date, today: dt.date, last_attended: dt.date | None = None
) -> str | None:
    """Why attendance for `month` (its first day) cannot be recorded, or None when it can:
    only months from the plan's start to this month, and none after the last month attended
    of a child who dropped out (`last_attended`, a first day too)."""
    if not starts_on.replace(day=1) <= month <= today.replace(day=1):
        return OUTSIDE
    if last_attended is not None and month > last_attended:
        return AFTER_DROPOUT
    return None


def days_in(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def most_days(month: dt.date, today: dt.date) -> int:
    """The most days of `month` (its first day) that can have been attended by `today`: the
    whole month once it is over, the days so far (today included: a day's attendance is
    entered the evening it happens) in this month, none in a month to come."""
    if month > today:
        return 0
    if (month.year, month.month) == (today.year, today.month):
        return today.day
    return days_in(month)


def month_over(month: dt.date, today: dt.date) -> bool:
    """Whether every day of `month` (its first day) is before `today`: only then may it be
    billed, its attendance being final."""
    return month.replace(day=days_in(month)) < today
