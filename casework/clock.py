"""Time as the project stores it: naive UTC timestamps. Only callers at the edge ask the clock;
everything below takes `now` as an argument so tests can fix it.

A trainer can rehearse a chosen day: with CASEWORK_TODAY set, every process of the project
(pages, API, command line, scheduler) reads that calendar date from `utcnow`, at the real time
of day, and the day goes on as days do."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

_shift = dt.timedelta(0)  # from the real clock to the day being rehearsed


def utcnow() -> dt.datetime:
    return _real_utcnow() + _shift


def show_day(day: dt.date | None, timezone: str = "Asia/Shanghai") -> None:
    """Make `utcnow` read `day` in `timezone`'s calendar from now on (None: the real day).
    Called once, at a process's start, from its settings."""
    global _shift
    if day is None:
        _shift = dt.timedelta(0)
        return
    real_day = dt.datetime.now(ZoneInfo(timezone)).date()
    _shift = dt.timedelta(days=(day - real_day).days)


def _real_utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def stored_date(value) -> dt.date | None:
    """A date column as the driver gives it where peewee does not convert it (raw rows,
    aggregates): a date on PostgreSQL (passed on as it is), ISO text on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return _parse_date(str(value))


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> dt.date:
    # claim lines parse the same few months thousands of times a period
    return dt.date.fromisoformat(text[:10])
