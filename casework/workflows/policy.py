"""The county's deadline policy: the defaults (docs/domain.md, "Time limits"), overridden per
county without code.

The engine asks for a county's deadline every time a case enters a state, so the overrides
are cached per county. The process that changes a policy clears its cache at once
(`invalidate`); other processes (web workers, the scheduler) reload after `TTL_SECONDS`.

A few deadlines are county policy by effective date instead (`DATED`: an urgent report's
hours): the value in force on the day the case enters the state, read each time, and the case
keeps the version that set it (`dated_deadline`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from casework.db import db
from casework.queries import county_policy
from casework.rules.county_policy import Kind
from casework.rules.deadlines import Deadline, Unit

TTL_SECONDS = 60.0
# Deadlines that belong to no single state, with their defaults.
ESCALATION_GRACE = Deadline("escalation_grace", 2)  # after a reminder reached its person
ATTENDANCE = Deadline("attendance", 10, Unit.DAYS)  # counted from the month's last day
SNOOZE = Deadline("snooze", 7, Unit.DAYS)  # the longest one snooze of a reminder may last
EXTRA_DEFAULTS = {d.name: d for d in (ESCALATION_GRACE, ATTENDANCE, SNOOZE)}
MAX_SNOOZES = 2  # how often one person may snooze one reminder

# deadline name -> the county policy kind that sets it by effective date (not overridden here)
DATED = {"urgent_acceptance": Kind.URGENT_HOURS}

_cache: dict[int, tuple[float, dict[str, Deadline]]] = {}
_cache_database = None  # the cache belongs to one database (tests bind many)


def defaults() -> dict[str, Deadline]:
    """Every deadline a county may override, by name, with its default (those it sets by
    effective date, `DATED`, are county policy kinds instead)."""
    from casework.workflows.registry import WORKFLOWS  # registry imports the definitions

    names = {d.name: d for w in WORKFLOWS for d in w.deadlines.values()}
    special = {c.deadline.name: c.deadline for w in WORKFLOWS for c in w.case_deadlines}
    found = names | special | EXTRA_DEFAULTS
    return {name: d for name, d in found.items() if name not in DATED}


def deadline_for(county_id: int | None, default: Deadline, day: dt.date | None = None) -> Deadline:
    """The county's deadline for `default.name`, or the default itself; a `DATED` deadline as
    in force on `day` (without a day, the default: its unit is what such a caller reads)."""
    if county_id is None:
        return default
    if default.name in DATED:
        return default if day is None else dated_deadline(county_id, default, day)[0]
    global _cache_database
    if _cache_database is not db.obj:
        _cache.clear()
        _cache_database = db.obj
    entry = _cache.get(county_id)
    if entry is None or entry[0] < time.monotonic():
        entry = _cache[county_id] = (time.monotonic() + TTL_SECONDS, _load(county_id))
    return entry[1].get(default.name, default)


def dated_deadline(
    county_id: int | None, default: Deadline, day: dt.date
) -> tuple[Deadline, int | None]:
    """A `DATED` deadline in the county on `day`, with the id of the version that sets it
    (None: the default)."""
    if DATED.get(default.name) is Kind.URGENT_HOURS:
        hours, version = county_policy.urgent_hours(county_id, day)
        return Deadline(default.name, hours, Unit.HOURS), version.id if version else None
    return default, None


def invalidate(county_id: int | None = None) -> None:
    if county_id is None:
        _cache.clear()
    else:
        _cache.pop(county_id, None)


def _load(county_id: int) -> dict[str, Deadline]:
    from casework.models import DeadlinePolicy

    rows = DeadlinePolicy.select().where(DeadlinePolicy.county == county_id)
    return {r.name: Deadline(r.name, r.amount, Unit(r.unit)) for r in rows}


def groups(default: Deadline) -> Iterable[tuple[Deadline, list[int] | None, list[int]]]:
    """Split the counties by their value of one deadline, for set-based scans:
    (deadline, the counties that override it to this value | None for "all the others",
    the counties excluded from "all the others")."""
    from casework.models import DeadlinePolicy

    rows = DeadlinePolicy.select().where(DeadlinePolicy.name == default.name)
    by_value: dict[tuple[int, str], list[int]] = {}
    for row in rows:
        by_value.setdefault((row.amount, row.unit), []).append(row.county_id)
    overridden = sorted(c for ids in by_value.values() for c in ids)
    yield default, None, overridden
    for (amount, unit), counties in sorted(by_value.items()):
        yield Deadline(default.name, amount, Unit(unit)), sorted(counties), []
