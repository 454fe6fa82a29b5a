"""Turning policy deadlines into the fixed timestamps a set-based scan compares with, on the
kept working-day calendar (casework.queries.work_calendar)."""

from __future__ import annotations

import datetime as dt

from casework.queries import work_calendar
from casework.rules.deadlines import CHINA, Deadline, local_date


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a day in China, as a naive UTC timestamp."""
    return dt.datetime.combine(day, dt.time(), CHINA).astimezone(dt.UTC).replace(tzinfo=None)


def end_of_day(day: dt.date) -> dt.datetime:
    return local_midnight(day + dt.timedelta(days=1))


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def attendance_due(month: dt.date, deadline: Deadline) -> dt.datetime:
    """When a month's attendance must be recorded: `deadline` after the month's last day
    (by default the end of the 10th of the next month)."""
    return end_of_day(deadline.due_date(month_end(month), work_calendar.current()))


def latest_closed_month(now: dt.datetime, deadline: Deadline) -> dt.date:
    """The latest month whose attendance deadline has passed by `now`."""
    month = local_date(now).replace(day=1)
    while attendance_due(month, deadline) > now:
        month = previous_month(month)
    return month


def escalation_cutoff(now: dt.datetime, grace: Deadline) -> dt.datetime:
    """The start of the local day after the latest day whose grace period has run out by
    `now`: a reminder that reached its person before this escalates. The grace ends at the end
    of `grace` after the day it reached them."""
    day, calendar = local_date(now), work_calendar.current()
    for _ in range(400):  # a year of holidays at most; the loop normally runs a few times
        if end_of_day(grace.due_date(day, calendar)) <= now:
            return local_midnight(day + dt.timedelta(days=1))
        day -= dt.timedelta(days=1)
    raise ValueError(f"grace period {grace} never ends")
