"""The county's rates as of a day, per village, township and county: children aided (and the
target's pace), home-education class hours against 40 a school year, money paid against the
year's budget; and over a period from `first` to the day (by default the year so far):
regular visits and monitoring follow-ups done on time against those due, cases handled within
their time limits, children registered against those screening found needing a file.
Figures are taken as recorded by the end of `day` in China (services/rates_as_of.py), so
asking again later for the same day gives the same figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass

from peewee import IntegrityError

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted
from casework.models import PeriodRatesSnapshot, Place
from casework.reminders.calendar_math import end_of_day
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.rules.rates import Handled, Pace, Rate, roll_up, roll_up_handled, total
from casework.services import coverage
from casework.services import rates_as_of as rates
from casework.services.county_statistics import county_of
from casework.settings import Settings
from casework.workflows.definition import Actor

READERS = coverage.READERS  # those who answer for the county's figures
# How long after a moment its figures are kept (PeriodRates.kept): rows carry the time their
# request began, and a long transaction (a registry file's import) commits a while after it
SETTLED = dt.timedelta(hours=1)


@dataclass(frozen=True)
class PlaceRates:
    id: int
    name: str
    parent_id: int | None
    aided: int
    home_education: Rate
    visits: Rate
    handled: Handled
    registered: Rate


@dataclass(frozen=True)
class CountyRates:
    day: dt.date
    year: int
    pace: Pace
    paid_fen: int
    budget_yuan: int | None
    home_education: Rate
    townships: list[PlaceRates]
    villages: list[PlaceRates]
    first: dt.date  # the period of the visits, cases handled and registered: first .. day
    visits: Rate
    handled: Handled
    registered: Rate

    @property
    def paid_rate(self) -> Rate:
        """Paid against the budget, both in fen (nothing due where no budget is set)."""
        return Rate(self.paid_fen, (self.budget_yuan or 0) * 100)


@dataclass(frozen=True)
class PeriodRates:
    """The three rates of a period, per village (townships and the county are their sums)."""

    visits: dict[int, Rate]
    handled: dict[int, Handled]
    registered: dict[int, Rate]

    @classmethod
    def count(cls, county: int, first: dt.date, last: dt.date, moment: dt.datetime):
        return cls(
            rates.visits_as_of(county, first, last, moment),
            rates.handled_as_of(county, first, last, moment),
            rates.registered_as_of(county, first, last, moment),
        )

    @classmethod
    def kept(cls, county: int, first: dt.date, last: dt.date, moment: dt.datetime):
        """As `count`, for a moment long enough past (SETTLED): the figures recorded by then
        cannot change, so they are counted once and kept (a county's regular visits read each
        child's history: seconds on a province's database, at every opening of the
        dashboard). Kept under the version of the counting (rates_as_of.COUNTING), so that
        a change to how they are counted counts them again."""
        key = {"county": county, "first": first, "last": last, "moment": moment,
               "counting": rates.COUNTING}  # fmt: skip
        row = PeriodRatesSnapshot.get_or_none(**key)
        if row is not None:
            return cls.from_json(row.rates)
        counted = cls.count(county, first, last, moment)
        try:
            with write_transaction():
                PeriodRatesSnapshot.create(**key, rates=counted.to_json())
        except IntegrityError:  # another process kept the same figures first
            pass
        return counted

    def to_json(self) -> dict:
        return {
            "visits": {v: [r.done, r.due] for v, r in self.visits.items()},
            "handled": {v: astuple(h) for v, h in self.handled.items()},
            "registered": {v: [r.done, r.due] for v, r in self.registered.items()},
        }

    @classmethod
    def from_json(cls, kept: dict) -> PeriodRates:
        return cls(
            {int(v): Rate(*r) for v, r in kept["visits"].items()},
            {int(v): Handled(*h) for v, h in kept["handled"].items()},
            {int(v): Rate(*r) for v, r in kept["registered"].items()},
        )

    def totals(self) -> tuple[Rate, Handled, Rate]:
        handled = sum(self.handled.values(), Handled())
        return total(self.visits.values()), handled, total(self.registered.values())


def a_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February): the earliest `first`."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def last_whole_day(year: int, today: dt.date) -> dt.date:
    """The day a dashboard's rates of `year` run to: the last day already over, whose figures
    are kept once counted (PeriodRates.kept); 31 December for a past year; today on 1 January,
    when the year has no day over yet."""
    return min(max(today - dt.timedelta(days=1), dt.date(year, 1, 1)), dt.date(year, 12, 31))


def as_of(actor: Actor, day: dt.date, now: dt.datetime, settings: Settings,
          first: dt.date | None = None) -> CountyRates:  # fmt: skip
    today = local_date(now)
    if actor.role not in READERS:
        raise NotPermitted(
            "the county's rates are for the admin, leader and case workers",
            code="coverage_readers_only",
        )
    if day > today:
        raise Invalid(
            "as_of is in the future",
            {"as_of": [FieldError("a date is in the future", code="date_in_future")]},
            code="date_in_future",
        )
    first = first or dt.date(day.year, 1, 1)
    if first > day:
        problem = FieldError("after as_of", code="first_after_as_of")
        raise Invalid("first is after as_of", {"first": [problem]}, code="first_after_as_of")
    if first < a_year_before(day):
        # every period of the visits' cadence is counted: a period of years would run long
        problem = FieldError("the period is longer than one year", code="period_over_a_year")
        raise Invalid("the period is too long", {"first": [problem]}, code="period_over_a_year")
    county = county_of(actor)
    moment = end_of_day(day)
    keep = first == dt.date(day.year, 1, 1) and moment <= now - SETTLED
    period = (PeriodRates.kept if keep else PeriodRates.count)(county, first, day, moment)
    aided = rates.aided_as_of(county, day.year, moment)
    children = len(set().union(*aided.values())) if aided else 0
    home = rates.home_hours_as_of(county, schedule.school_year(day)[0], moment, day)
    township_of = rates.township_of(county)
    names = dict(
        Place.select(Place.id, Place.name).where(Place.path.startswith(f"/{county}/")).tuples()
    )
    aided_by_township: dict[int, set[int]] = {t: set() for t in township_of.values()}
    for village, ids in aided.items():
        aided_by_township[township_of[village]] |= ids
    home_by_township = roll_up(home, township_of)
    visits_by_township = roll_up(period.visits, township_of)
    handled_by_township = roll_up_handled(period.handled, township_of)
    registered_by_township = roll_up(period.registered, township_of)
    visits, handled, registered = period.totals()
    return CountyRates(
        day=day,
        year=day.year,
        pace=Pace(rates.aid_target(county, day, settings), children, day),
        paid_fen=rates.paid_as_of(county, day.year, moment),
        budget_yuan=rates.budget_as_of(county, moment, day),
        home_education=total(home.values()),
        townships=[
            PlaceRates(t, names[t], county, len(aided_by_township[t]), home_by_township[t],
                       visits_by_township[t], handled_by_township[t], registered_by_township[t])
            for t in sorted(set(township_of.values()), key=lambda t: names[t])
        ],  # fmt: skip
        villages=[
            PlaceRates(v, names[v], t, len(aided.get(v, ())), home.get(v, Rate(0, 0)),
                       period.visits.get(v, Rate(0, 0)), period.handled.get(v, Handled()),
                       period.registered.get(v, Rate(0, 0)))
            for v, t in sorted(township_of.items(), key=lambda vt: (names[vt[1]], names[vt[0]]))
        ],  # fmt: skip
        first=first,
        visits=visits,
        handled=handled,
        registered=registered,
    )
