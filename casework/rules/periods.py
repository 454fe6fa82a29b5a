"""Settlement periods: a county bills monthly or quarterly (policy default quarterly)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from casework.errors import FieldError, Invalid


class Cycle(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


DEFAULT_CYCLE = Cycle.QUARTERLY
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period label that does not name a period of the county's cycle."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    cycle: Cycle

    @property
    def label(self) -> str:
        if self.cycle is Cycle.QUARTERLY:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def aid_year(self) -> int:
        return self.start.year

    @property
    def months(self) -> list[dt.date]:
        """The first day of each month in the period."""
        span = 3 if self.cycle is Cycle.QUARTERLY else 1
        return [self.start.replace(month=self.start.month + i) for i in range(span)]

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _month_end(first: dt.date) -> dt.date:
    following = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else (first.replace(month=first.month + 1))
    )
    return following - dt.timedelta(days=1)


def parse_period(label: str, cycle: Cycle) -> Period:
    """ "2026-Q1" for a quarterly county, "2026-03" for a monthly one."""
    text = (label or "").strip()
    if cycle is Cycle.QUARTERLY:
        match = _QUARTER.match(text)
        if match is None:
            raise PeriodError(f"{label!r}: this county bills quarterly, give a quarter as 2026-Q1")
        year, quarter = int(match[1]), int(match[2])
        if year < 1:
            raise PeriodError(f"{label!r}: there is no year 0")
        start = dt.date(year, 3 * quarter - 2, 1)
        return Period(start, _month_end(start.replace(month=start.month + 2)), cycle)
    match = _MONTH.match(text)
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise PeriodError(f"{label!r}: this county bills monthly, give a month as 2026-03")
    start = dt.date(int(match[1]), int(match[2]), 1)
    return Period(start, _month_end(start), cycle)


def period_containing(day: dt.date, cycle: Cycle) -> Period:
    if cycle is Cycle.QUARTERLY:
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}", cycle)
    return parse_period(f"{day:%Y-%m}", cycle)


def period_label(label: str, cycles: tuple[Cycle, ...] = tuple(Cycle)) -> str:
    """`label` written as the period it names in one of `cycles` (2026q1 -> 2026-Q1); anything
    else (测, 2026-Q9, a quoted filename) is refused with a code before it reaches a query or a
    file name."""
    for cycle in cycles:
        try:
            return parse_period(label, cycle).label
        except PeriodError:
            continue
    only = str(cycles[0]) if len(cycles) == 1 else ""
    wrong = FieldError(
        "not a settlement period: a quarter as 2026-Q1 or a month as 2026-03",
        code="not_a_period",
        params={"cycle": only},
    )
    raise Invalid(
        "not a settlement period", {"period": [wrong]}, code="not_a_period", params=wrong.params
    )
