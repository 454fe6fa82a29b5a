"""The holiday calendar the admin keeps (docs/domain.md, "Time limits"): each year's days off
and adjusted working days (调休) as the State Council publishes them, entered as a whole year
(page, API) or imported from a CSV of `date,kind` rows. A year entered replaces the package's
for that year; a year not entered is read through from the package.

Entering or changing a year recomputes, in the same transaction, the open deadlines whose
window holds a day that changed (casework.workflows.recompute), each audited with the system
as actor and the reason, and its holder told in their inbox (casework.reminders.moved). One
calendar serves the installation: the arrangement is the State
Council's, the same for every county."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import fn

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted
from casework.models import CalendarDay, CalendarYear
from casework.queries import work_calendar
from casework.reminders.moved import tell_holders
from casework.rules import calendar as rules
from casework.rules.calendar import DayKind, Source
from casework.services import audit
from casework.vocabulary import Role
from casework.workflows.definition import Actor
from casework.workflows.recompute import Recomputed, recompute_deadlines
from casework.workflows.registry import WORKFLOWS

# The admin's dashboard says from this day of the year on that next year is missing: the
# State Council publishes in October to December, and deadlines set in December reach January.
NOTICE_FROM = (10, 1)
KIND_WORDS = {
    "off": DayKind.OFF,
    "休": DayKind.OFF,
    "working": DayKind.WORKING,
    "班": DayKind.WORKING,
}
ON_WEEKDAY = "calendar_working_day_on_weekday"


@dataclass(frozen=True)
class YearView:
    year: int
    source: Source
    days_off: list[dt.date]
    working_days: list[dt.date]
    revision: int
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class Entered:
    year: YearView
    changed_days: list[dt.date]
    recomputed: list[Recomputed] = field(default_factory=list)


def year_view(year: int) -> YearView:
    """The year as deadlines count it now, and where it comes from."""
    _check_year(year)
    calendar = work_calendar.current()
    arrangement = calendar.arrangement(year)
    kept = CalendarYear.get_or_none(CalendarYear.year == year)
    return YearView(
        year,
        calendar.source(year),
        sorted(arrangement.days_off) if arrangement else [],
        sorted(arrangement.working_days) if arrangement else [],
        kept.revision if kept else 0,
        kept.updated_at if kept else None,
    )


def kept_years() -> list[int]:
    return [row.year for row in CalendarYear.select().order_by(CalendarYear.year)]


def set_year(
    actor: Actor,
    year: int,
    days_off: Iterable[dt.date],
    working_days: Iterable[dt.date],
    now: dt.datetime,
    reason: str = "",
) -> Entered:
    """Keep `year` as given (replacing what was kept or the package's), and recompute the
    open deadlines the change moves."""
    return set_years(actor, {year: (list(days_off), list(working_days))}, now, reason)[0]


def set_years(
    actor: Actor,
    years: dict[int, tuple[list[dt.date], list[dt.date]]],
    now: dt.datetime,
    reason: str = "",
) -> list[Entered]:
    """Several years at once (an import), all or nothing."""
    _only_admin(actor)
    errors: dict = {}
    for year, (off, working) in sorted(years.items()):
        _check_year(year)
        for problem in rules.problems(year, off, working):
            name = "working_days" if problem.code == ON_WEEKDAY else "days"
            errors.setdefault(name, []).append(_field_error(problem))
    if errors:
        detail = "the calendar is not valid: nothing was kept"
        raise Invalid(detail, errors, code="invalid_calendar")
    why = reason.strip() or "the holiday calendar changed"
    entered = []
    with write_transaction():
        old = work_calendar.load()
        revision = (CalendarYear.select(fn.MAX(CalendarYear.revision)).scalar() or 0) + 1
        for year, (off, working) in sorted(years.items()):
            before = old.arrangement(year)
            CalendarDay.delete().where(CalendarDay.year == year).execute()
            rows = [{"day": d, "year": year, "kind": DayKind.OFF.value} for d in sorted(off)]
            rows += [{"day": d, "year": year, "kind": DayKind.WORKING.value} for d in working]
            if rows:
                CalendarDay.insert_many(rows).execute()
            row = CalendarYear.get_or_none(CalendarYear.year == year)
            if row is None:
                CalendarYear.create(
                    year=year, revision=revision, updated_at=now, updated_by=actor.id
                )
            else:
                row.revision, row.updated_at, row.updated_by = revision, now, actor.id
                row.save()
            changes = {
                "days_off": [_dates(before.days_off if before else ()), _dates(off)],
                "working_days": [_dates(before.working_days if before else ()), _dates(working)],
                "source": [old.source(year).value, Source.KEPT.value],
            }
            audit.record("holiday_calendar", year, "update", actor, now, changes, revision, why)
        new = work_calendar.load(revision)
        for year in sorted(years):
            changed = new.changed_days(old, year)
            moved = recompute_deadlines(WORKFLOWS, old, new, changed, now, why)
            tell_holders(moved, now)  # in their inboxes
            entered.append(Entered(_view(new, year, revision, now), changed, moved))
    work_calendar.invalidate()
    return entered


def import_csv(actor: Actor, text: str, now: dt.datetime, reason: str = "") -> list[Entered]:
    """Rows `date,kind` (kind: off or working, 休 or 班; a header row and lines starting with
    # are allowed); each year
    named in the file is replaced by its rows, all years in one transaction."""
    _only_admin(actor)
    years: dict[int, tuple[list[dt.date], list[dt.date]]] = {}
    errors = []
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if cells[0].lower() == "date":  # the header, after any comment lines
            continue
        kind = KIND_WORDS.get(cells[1].lower()) if len(cells) >= 2 else None
        try:
            day = dt.date.fromisoformat(cells[0])
        except ValueError:
            day = None
        if day is None or kind is None or len([c for c in cells if c]) > 3:
            text = f"line {number}: not a date and off or working"
            errors.append(FieldError(text, code="calendar_csv_bad_line", params={"line": number}))
            continue
        off, working = years.setdefault(day.year, ([], []))
        (off if kind is DayKind.OFF else working).append(day)
    if not years and not errors:
        errors.append(FieldError("no dates in the file", code="calendar_csv_empty"))
    if errors:
        raise Invalid("the file is not a calendar: nothing was kept", {"file": errors},
                      code="invalid_calendar")  # fmt: skip
    return set_years(actor, years, now, reason)


def missing_next_year(today: dt.date) -> int | None:
    """Next year, when its calendar is unknown and it is time to enter it (from 1 October)."""
    if (today.month, today.day) < NOTICE_FROM:
        return None
    following = today.year + 1
    return following if work_calendar.current().source(following) is Source.NONE else None


def _view(calendar: rules.WorkCalendar, year: int, revision: int, now: dt.datetime) -> YearView:
    kept = calendar.kept[year]
    return YearView(year, Source.KEPT, sorted(kept.days_off), sorted(kept.working_days),
                    revision, now)  # fmt: skip


def _only_admin(actor: Actor) -> None:
    if actor.role not in (Role.ADMIN, Role.SYSTEM):
        raise NotPermitted("only an admin keeps the holiday calendar", code="admin_only")


def _check_year(year: int) -> None:
    if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
        error = FieldError(f"a year from {rules.FIRST_YEAR} to {rules.LAST_YEAR}",
                           code="calendar_year_out_of_range",
                           params={"min": rules.FIRST_YEAR, "max": rules.LAST_YEAR})  # fmt: skip
        raise Invalid("no such calendar year", {"year": [error]}, code="invalid_calendar")


def _field_error(problem: rules.Problem) -> FieldError:
    """The problem as a field's message; each code literal, so the catalogue's check sees it."""
    day = problem.day.isoformat()
    params = {"day": day}
    if problem.code == "calendar_day_outside_year":
        text = f"{day} is not in the year entered"
        return FieldError(text, code="calendar_day_outside_year", params=params)
    if problem.code == "calendar_day_repeated":
        return FieldError(f"{day} is listed twice", code="calendar_day_repeated", params=params)
    if problem.code == "calendar_day_off_and_working":
        text = f"{day} is both a day off and a working day"
        return FieldError(text, code="calendar_day_off_and_working", params=params)
    text = f"{day} is a weekday: only a Saturday or Sunday is worked in exchange"
    return FieldError(text, code="calendar_working_day_on_weekday", params=params)


def _dates(days: Iterable[dt.date]) -> list[str]:
    return [d.isoformat() for d in sorted(days)]
