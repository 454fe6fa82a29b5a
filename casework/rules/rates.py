"""The county's rates as plain arithmetic: a figure done against a figure due, the pace a
yearly target should have reached by a day, and the roll-up of villages into townships and
the county. The queries (casework/services/rates_as_of.py) count; these functions only divide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    done: int
    due: int

    @property
    def percent(self) -> float | None:
        """Done against due, in percent to one decimal; None where nothing was due."""
        return round(100 * self.done / self.due, 1) if self.due else None

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.done + other.done, self.due + other.due)


@dataclass(frozen=True)
class Pace:
    """A yearly target against what it should have reached by `day`, spread evenly over the
    year's days: behind when fewer are done than expected."""

    target: int
    done: int
    day: dt.date

    @property
    def expected(self) -> int:
        first = dt.date(self.day.year, 1, 1)
        days = (dt.date(self.day.year, 12, 31) - first).days + 1
        elapsed = (self.day - first).days + 1  # the day itself counts as passed
        return self.target * elapsed // days

    @property
    def behind(self) -> int:
        """How many short of the expected figure (0 when on pace)."""
        return max(0, self.expected - self.done)


def roll_up(by_village: Mapping[int, Rate], township_of: Mapping[int, int]) -> dict[int, Rate]:
    """Village rates summed into their townships (every township of `township_of` listed)."""
    townships: dict[int, Rate] = {t: Rate(0, 0) for t in township_of.values()}
    for village, rate in by_village.items():
        townships[township_of[village]] = townships[township_of[village]] + rate
    return townships


def total(rates: Iterable[Rate]) -> Rate:
    return sum(rates, Rate(0, 0))


@dataclass(frozen=True)
class Handled:
    """Cases handled within their time limits in a period: moves out of a timed state made by
    the deadline recorded for it (`on_time`) or after it (`late`), cases still open past
    their deadline at the moment counted (`overdue`), and moves out of a state the workflow
    times whose deadline no audit row recorded (`unrecorded`: rows from before the deadline
    was kept on them), which are left out of the rate."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    unrecorded: int = 0

    @property
    def rate(self) -> Rate:
        return Rate(self.on_time, self.on_time + self.late + self.overdue)

    def __add__(self, other: Handled) -> Handled:
        return Handled(
            self.on_time + other.on_time,
            self.late + other.late,
            self.overdue + other.overdue,
            self.unrecorded + other.unrecorded,
        )


def visit_periods(
    opened: dt.date, first: dt.date, last: dt.date, months: int
) -> list[tuple[dt.date, dt.date]]:
    """The calendar periods of `months` months (1: months, 3: quarters) that end between
    `first` and `last` and owe a regular visit of a file opened on `opened`: every period
    after the one the file was opened in (a visit is due by the end of the following one)."""
    found: list[tuple[dt.date, dt.date]] = []
    start = dt.date(first.year, (first.month - 1) // months * months + 1, 1)
    while True:
        year, month = divmod(start.month - 1 + months, 12)
        following = dt.date(start.year + year, month + 1, 1)
        end = following - dt.timedelta(days=1)
        if end > last:
            return found
        if first <= end and opened < start:
            found.append((start, end))
        start = following


def roll_up_handled(
    by_village: Mapping[int, Handled], township_of: Mapping[int, int]
) -> dict[int, Handled]:
    townships: dict[int, Handled] = {t: Handled() for t in township_of.values()}
    for village, handled in by_village.items():
        townships[township_of[village]] = townships[township_of[village]] + handled
    return townships
