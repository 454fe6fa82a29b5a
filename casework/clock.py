"""Time as the project stores it: naive UTC timestamps. Only callers at the edge ask the clock;
everything below takes `now` as an argument so tests can fix it."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
