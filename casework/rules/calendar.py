"""Working days on China's official calendar, with its swapped working weekends.

Each year's arrangement (the days off and the weekend days worked in exchange, 调休) is
published by the State Council late in the year before. The county's admin keeps it in the
holiday calendar (`WorkCalendar.kept`, loaded by casework.queries.work_calendar); a year the
admin has not entered comes from the package chinesecalendar, which only knows the years
published before its release. Outside both we fall back to Monday-Friday, and say so in the
log once per year, rather than crash or guess; /healthz warns ahead of the first such year
(casework.services.health).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import chinese_calendar

log = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a kept calendar may be entered for


class DayKind(StrEnum):
    OFF = "off"  # a day off: a holiday, or a weekday given off in exchange
    WORKING = "working"  # an adjusted working day: a Saturday or Sunday worked (调休)


class Source(StrEnum):
    KEPT = "kept"  # entered by the admin
    PACKAGE = "package"  # the package chinesecalendar's data
    NONE = "none"  # unknown: Monday-Friday


@dataclass(frozen=True)
class Arrangement:
    """One year's exceptions to Monday-Friday."""

    year: int
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]

    def is_workday(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class Problem:
    """Why an arrangement may not be kept: a code (casework.errors' field code) and its day."""

    code: str
    day: dt.date


def problems(
    year: int, days_off: Iterable[dt.date], working_days: Iterable[dt.date]
) -> list[Problem]:
    """What is wrong with an arrangement as entered: a day outside the year, a day listed
    twice, a day both off and working, a working-day adjustment on a weekday (Monday to
    Friday are working days already: an entry there is a mistake for another day)."""
    found: list[Problem] = []
    off, working = list(days_off), list(working_days)
    for day in sorted(off + working):
        if day.year != year:
            found.append(Problem("calendar_day_outside_year", day))
    for listed in (off, working):
        seen: set[dt.date] = set()
        for day in listed:
            if day in seen:
                found.append(Problem("calendar_day_repeated", day))
            seen.add(day)
    for day in sorted(set(off) & set(working)):
        found.append(Problem("calendar_day_off_and_working", day))
    for day in sorted(set(working) - set(off)):
        if day.weekday() < 5:
            found.append(Problem("calendar_working_day_on_weekday", day))
    return found


@lru_cache(maxsize=256)
def package_arrangement(year: int) -> Arrangement | None:
    """The year as the package knows it, or None when it does not."""
    if not _published(year):
        return None
    days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    days = [d for d in days if d.year == year]
    flags = {d: bool(chinese_calendar.is_workday(d)) for d in days}
    return Arrangement(
        year,
        frozenset(d for d in days if d.weekday() < 5 and not flags[d]),
        frozenset(d for d in days if d.weekday() >= 5 and flags[d]),
    )


def _published(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """The working days: the kept arrangement of a year wins over the package's; an unknown
    year counts Monday-Friday. Immutable once built; its answers are memoised, since a
    deadline's count asks about the same days again and again."""

    def __init__(self, kept: Mapping[int, Arrangement] | None = None, revision: int = 0):
        self.kept = dict(kept or {})
        self.revision = revision  # of the kept calendar it was loaded from
        self._days: dict[dt.date, bool] = {}
        self._sums: dict[tuple[dt.date, int], dt.date] = {}

    def arrangement(self, year: int) -> Arrangement | None:
        return self.kept.get(year) or package_arrangement(year)

    def source(self, year: int) -> Source:
        if year in self.kept:
            return Source.KEPT
        return Source.PACKAGE if package_arrangement(year) is not None else Source.NONE

    def is_workday(self, day: dt.date) -> bool:
        known = self._days.get(day)
        if known is None:
            arrangement = self.arrangement(day.year)
            if arrangement is None:
                _warn_fallback(day.year)
                known = day.weekday() < 5
            else:
                known = arrangement.is_workday(day)
            self._days[day] = known
        return known

    def add_workdays(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (start itself does not count)."""
        key = (start, days)
        found = self._sums.get(key)
        if found is None:
            day = start
            left = days
            while left > 0:
                day += dt.timedelta(days=1)
                if self.is_workday(day):
                    left -= 1
            found = self._sums[key] = day
        return found

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days in (start, end]."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count

    def last_known_year(self, today: dt.date) -> int:
        """The last year, from today's on, whose arrangement is known (the year before
        today's when not even today's is)."""
        year = today.year - 1
        while self.source(year + 1) is not Source.NONE:
            year += 1
        return year

    def changed_days(self, other: WorkCalendar, year: int) -> list[dt.date]:
        """The days of `year` that are working days in one calendar and not in the other."""
        day, found = dt.date(year, 1, 1), []
        while day.year == year:
            if self.is_workday(day) != other.is_workday(day):
                found.append(day)
            day += dt.timedelta(days=1)
        return found


@lru_cache(maxsize=64)
def _warn_fallback(year: int) -> None:
    log.warning(
        "official calendar has no data for %s: counting Monday-Friday as working days", year
    )


def package_only() -> WorkCalendar:
    """The calendar without anything kept: the package, then Monday-Friday."""
    return _PACKAGE_ONLY


_PACKAGE_ONLY = WorkCalendar()


def is_workday(day: dt.date) -> bool:
    return _PACKAGE_ONLY.is_workday(day)


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` on the package's calendar."""
    return _PACKAGE_ONLY.add_workdays(start, days)


def last_official_year(today: dt.date) -> int:
    """The last year, from today's on, the package knows."""
    return _PACKAGE_ONLY.last_known_year(today)


def clear_caches() -> None:
    """Forget what the package said (tests that pretend it knows fewer years)."""
    global _PACKAGE_ONLY
    _PACKAGE_ONLY = WorkCalendar()
    package_arrangement.cache_clear()
    _warn_fallback.cache_clear()
