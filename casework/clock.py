"""Time as the project stores it: naive UTC timestamps. Only callers at the edge ask the clock;
everything below takes `now` as an argument so tests can fix it."""

from __future__ import annotations

import datetime as dt
import functools


def utcnow() -> dt.datetime:
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
