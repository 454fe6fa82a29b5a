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
