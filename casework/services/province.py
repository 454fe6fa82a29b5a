"""The level above the counties: a province groups counties (set on the operator's command
line), its officers read one row of figures per county, and the scheduler takes those figures
each night (docs/domain.md, "The province").

A county's figures are what its leader's dashboard shows at the moment they are taken: the
same service functions, called as that county's leader. They are taken once a day, at the
scheduler's first run after midnight in China (level-triggered like the birthday jobs: a run
after the scheduler was down takes the day's figures then, a second run skips the counties
already taken). Only the day's figures can be taken: a day missed stays missing, and the
county's row on the province's page shows the last day taken, marked stale."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from peewee import IntegrityError, fn

from casework.db import write_transaction
from casework.errors import REQUIRED, Conflict, FieldError, Invalid, NotPermitted
from casework.models import CountyFigures, Place, Province
from casework.rules.deadlines import local_date
from casework.rules.rates import Pace, Rate
from casework.services import audit, county_policy, county_rates, register, reports
from casework.services import county_statistics as statistics
from casework.services import settlement_statistics as settled
from casework.settings import Settings
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import SYSTEM, Actor
from casework.workflows.register import RegisterState
from casework.workflows.report import REPORT

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figures:
    """The figures of one county (or, summed, of the province): the one list of them, for the
    job, the table's JSON, the page and the API."""

    on_register: int = 0  # children on the register
    aided: int = 0  # children aided this aid year (approved and after)
    aid_target: int = 0  # the county's target for the year
    aid_expected: int = 0  # of the target, expected by the day at an even pace
    paid_fen: int = 0  # subsidy paid this year, fen
    applications: dict[str, int] = field(default_factory=dict)  # rehab applications per state
    applications_overdue: int = 0  # past their deadline, with the reviewers or an institution
    visits_on_time: int = 0  # regular visits and follow-ups on time, 1 January to the day
    visits_due: int = 0
    handled_on_time: int = 0  # cases handled within their time limits, 1 January to the day
    handled_due: int = 0
    registered: int = 0  # of the families screening found needing a file, with one
    screened: int = 0
    reports_open: int = 0  # mandatory-report cases not closed
    reports_overdue: int = 0  # of them, past their deadline
    reminders_unreachable: int = 0  # open reminders that reach nobody who answers for them

    @property
    def visits(self) -> Rate:
        return Rate(self.visits_on_time, self.visits_due)

    @property
    def handled(self) -> Rate:
        return Rate(self.handled_on_time, self.handled_due)

    @property
    def registered_rate(self) -> Rate:
        return Rate(self.registered, self.screened)

    def __add__(self, other: Figures) -> Figures:
        values: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                values[f.name] = {k: mine.get(k, 0) + theirs.get(k, 0) for k in mine | theirs}
            else:
                values[f.name] = mine + theirs
        return Figures(**values)

    @classmethod
    def from_json(cls, values: dict) -> Figures:
        """Figures as stored; a figure added since a row was taken reads as 0."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


def leader_of(county_id: int) -> Actor:
    """The county's leader as the figures' services know one: the county's figures are
    exactly what its leader's dashboard reads."""
    return Actor(None, Role.LEADER, "province figures", county_id, f"/{county_id}/")


def county_figures(county_id: int, now: dt.datetime, settings: Settings) -> Figures:
    """The county's figures as its leader's dashboard gives them at `now` (web/pages/
    dashboard.py: the aid year running, the rates from 1 January to the last day over)."""
    leader = leader_of(county_id)
    today = local_date(now)
    year = today.year
    target = county_policy.aid_target(leader, year, today, settings.aid_target)
    aided = statistics.aided(leader, year, target)
    day = county_rates.last_whole_day(year, today)
    rates = county_rates.as_of(leader, day, now, settings, first=dt.date(year, 1, 1))
    reports_by_state = statistics.cases_per_state(REPORT, leader)
    _, overdue_reports = reports.list_reports(leader, now=now, overdue=True, per_page=1)
    return Figures(
        on_register=register.counts(leader)["by_state"][RegisterState.ON_REGISTER.value],
        aided=aided.children,
        aid_target=target,
        aid_expected=Pace(target, aided.children, today).expected,
        paid_fen=sum(settled.paid_per_month(leader, year).values()),
        applications=statistics.per_state(leader),
        applications_overdue=sum(line.count for line in statistics.overdue(leader, now)),
        visits_on_time=rates.visits.done,
        visits_due=rates.visits.due,
        handled_on_time=rates.handled.rate.done,
        handled_due=rates.handled.rate.due,
        registered=rates.registered.done,
        screened=rates.registered.due,
        reports_open=sum(n for s, n in reports_by_state.items() if s not in REPORT.terminal),
        reports_overdue=overdue_reports,
        reminders_unreachable=statistics.unreachable_reminders(leader),
    )


def take_figures(now: dt.datetime, settings: Settings) -> list[int]:
    """The scheduler's job: the day's figures of each county in a province that has none for
    the day yet, each in its own transaction; the counties taken. A second run the same day
    takes none; two at once: the unique (county, as_of) keeps one, the other skips. A county
    whose figures fail is logged and passed over, and the run ends failed once the others are
    taken (FiguresFailed)."""
    today = local_date(now)
    taken_today = CountyFigures.select(CountyFigures.county).where(CountyFigures.as_of == today)
    due = (
        Place.select(Place.id)
        .where(
            Place.level == PlaceLevel.COUNTY,
            Place.province.is_null(False),
            Place.id.not_in(taken_today),
        )
        .order_by(Place.id)
    )
    done, failed = [], []
    for (county_id,) in due.tuples():
        try:
            figures = county_figures(county_id, now, settings)
        except Exception:  # one county's failure must not keep the next ones from theirs
            log.exception("county %s: figures of %s failed", county_id, today)
            failed.append(county_id)
            continue
        try:
            with write_transaction():
                CountyFigures.create(
                    county=county_id,
                    as_of=today,
                    figures=dataclasses.asdict(figures),
                    taken_at=now,
                )
        except IntegrityError:  # taken meanwhile by another run
            log.info("county %s: figures of %s taken meanwhile, skipped", county_id, today)
            continue
        done.append(county_id)
    if failed:  # the run is a failed one (the job's heartbeat names it); the next run retries
        raise FiguresFailed(f"figures of {today} failed for counties {failed}; taken: {done}")
    return done


class FiguresFailed(Exception):
    """Some counties' figures could not be taken; the others' were."""


@dataclass(frozen=True)
class CountyRow:
    county_id: int
    name: str
    code: str
    as_of: dt.date | None  # the day of the latest figures; None: never taken
    taken_at: dt.datetime | None
    figures: Figures | None
    stale: bool  # the figures are not today's (or there are none)


@dataclass(frozen=True)
class ProvinceFigures:
    province_id: int
    name: str
    code: str
    today: dt.date
    counties: list[CountyRow]
    total: Figures  # of the counties' latest figures, stale ones included
    stale: int  # counties whose figures are not today's, missing ones included


def province_figures(actor: Actor, now: dt.datetime) -> ProvinceFigures:
    """Each county of the officer's province with its latest figures, and their total."""
    if actor.role != Role.PROVINCE_OFFICER or actor.province_id is None:
        raise NotPermitted(
            "the province's figures are for its officers", code="province_officers_only"
        )
    province = Province.get_by_id(actor.province_id)
    today = local_date(now)
    counties = list(
        Place.select(Place.id, Place.name, Place.code)
        .where(Place.province == province.id, Place.level == PlaceLevel.COUNTY)
        .order_by(Place.code)
    )
    ids = [c.id for c in counties]
    latest = (
        CountyFigures.select(CountyFigures.county, fn.MAX(CountyFigures.as_of).alias("day"))
        .where(CountyFigures.county.in_(ids), CountyFigures.as_of <= today)
        .group_by(CountyFigures.county)
    )
    rows = {
        r.county_id: r
        for r in CountyFigures.select().join(
            latest,
            on=(
                (CountyFigures.county == latest.c.county_id) & (CountyFigures.as_of == latest.c.day)
            ),
        )
    }
    lines = []
    for county in counties:
        row = rows.get(county.id)
        lines.append(
            CountyRow(
                county.id,
                county.name,
                county.code,
                row.as_of if row else None,
                row.taken_at if row else None,
                Figures.from_json(row.figures) if row else None,
                row is None or row.as_of < today,
            )
        )
    present = [line.figures for line in lines if line.figures is not None]
    return ProvinceFigures(
        province.id,
        province.name,
        province.code,
        today,
        lines,
        sum(present, Figures()),
        sum(1 for line in lines if line.stale),
    )


# The operator's command line: provinces and their counties.


def create_province(*, name: str, code: str, now: dt.datetime) -> Province:
    """A new province (command line only), audited as the system's."""
    name, code = (name or "").strip(), (code or "").strip()
    problems = {k: [REQUIRED] for k, v in (("name", name), ("code", code)) if not v}
    if problems:
        raise Invalid("a province needs a name and a code", problems, code="province_incomplete")
    with write_transaction():
        try:
            province = Province.create(name=name, code=code)
        except IntegrityError:
            raise Conflict(
                f"province code {code!r} exists", code="province_code_taken", params={"code": code}
            ) from None
        audit.record("province", province.id, "create", SYSTEM, now,
                     {"name": [None, name], "code": [None, code]})  # fmt: skip
    return province


def by_code(code: str) -> Province:
    """The province with this code (422 naming the `province` field when none has it)."""
    province = Province.get_or_none(Province.code == code)
    if province is None:
        no_such = FieldError(f"no province has code {code}", code="no_such_province")
        raise Invalid("unknown province", {"province": [no_such]}, code="unknown_province")
    return province


def place_counties(
    province_code: str, county_codes: list[str], now: dt.datetime, remove: bool = False
) -> int:
    """Put the counties (by code) in the province (by code), or with `remove` take them out
    of it, audited per county; the counties whose province changed. Bad input changes
    nothing: a code that is no county's, or, to remove, a county of another province."""
    province = by_code(province_code)
    counties = list(Place.select().where(Place.code.in_(county_codes)))
    found = {c.code: c for c in counties}
    wrong = [c for c in county_codes if c not in found or found[c].level != PlaceLevel.COUNTY]
    if wrong:
        codes = ", ".join(wrong)
        not_county = FieldError(f"not a county's code: {codes}", code="not_county_codes",
                                params={"codes": codes})  # fmt: skip
        raise Invalid(f"not counties: {codes}", {"counties": [not_county]},
                      code="not_county_codes", params={"codes": codes})  # fmt: skip
    elsewhere = [c.code for c in counties if remove and c.province_id not in (None, province.id)]
    if elsewhere:
        codes = ", ".join(elsewhere)
        other = FieldError(f"of another province: {codes}", code="county_of_another_province",
                           params={"codes": codes})  # fmt: skip
        raise Invalid(f"counties of another province: {codes}", {"counties": [other]},
                      code="county_of_another_province", params={"codes": codes})  # fmt: skip
    new = None if remove else province.id
    changed = 0
    with write_transaction():
        for county in counties:
            if county.province_id == new:
                continue
            Place.update(province=new).where(Place.id == county.id).execute()
            audit.record("place", county.id, "set_province", SYSTEM, now,
                         {"province_id": [county.province_id, new]})  # fmt: skip
            changed += 1
    return changed
