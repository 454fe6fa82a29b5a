"""Working days on China's official calendar, with its swapped working weekends.

chinese_calendar only knows the years the State Council has published. Outside them we fall
back to Monday-Friday, and say so in the log once per year, rather than crash or guess; /healthz
warns ahead of the first such year (casework.services.health).
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _warn_fallback(day.year)
        return day.weekday() < 5


@lru_cache(maxsize=64)
def _warn_fallback(year: int) -> None:
    log.warning(
        "official calendar has no data for %s: counting Monday-Friday as working days", year
    )


@lru_cache(maxsize=65536)
def add_workdays(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (start itself does not count)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            days -= 1
    return day


def last_official_year(today: dt.date) -> int:
    """The last year, from today's on, whose official calendar is known (the year before
    today's when not even today's is)."""
    year = today.year - 1
    while _published(year + 1):
        year += 1
    return year


def _published(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True
