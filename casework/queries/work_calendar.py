"""The working-day calendar in force: the admin's kept years over the package's.

Every deadline computed on an action's path reads it, so it is cached per process. Freshness
is checked by reading the calendar's revision (one indexed MAX over a table of a few rows,
a prepared statement) on every call, not by a TTL: when a year changes, the change recomputes
the open deadlines in the same transaction, and a worker still counting with the old calendar
for a TTL's while would set new deadlines by it that nothing would ever correct. With the
revision read inside the action's own transaction, a worker sees the change as soon as it is
committed, whichever of the gunicorn workers (or the scheduler) made it.
"""

from __future__ import annotations

from casework.db import db, execute_prepared
from casework.models import CalendarDay, CalendarYear
from casework.rules.calendar import Arrangement, DayKind, WorkCalendar

_REVISION_SQL = 'SELECT MAX("revision") FROM "calendar_year"'
_cached: tuple[object, int, WorkCalendar] | None = None  # (database, revision, calendar)


def revision() -> int:
    value = execute_prepared(_REVISION_SQL, ()).fetchone()[0]
    return int(value or 0)


def current() -> WorkCalendar:
    """The calendar as kept now (the caller holds a connection)."""
    global _cached
    now_revision = revision()
    cached = _cached
    if cached is not None and cached[0] is db.obj and cached[1] == now_revision:
        return cached[2]
    loaded = load(now_revision)
    _cached = (db.obj, now_revision, loaded)
    return loaded


def load(at_revision: int | None = None) -> WorkCalendar:
    """The kept years read afresh."""
    years = {row.year for row in CalendarYear.select(CalendarYear.year)}
    days: dict[int, tuple[set, set]] = {year: (set(), set()) for year in years}
    for row in CalendarDay.select().where(CalendarDay.year.in_(list(years))):
        off, working = days[row.year]
        (off if row.kind == DayKind.OFF else working).add(row.day)
    kept = {y: Arrangement(y, frozenset(off), frozenset(w)) for y, (off, w) in days.items()}
    return WorkCalendar(kept, revision() if at_revision is None else at_revision)


def invalidate() -> None:
    global _cached
    _cached = None
