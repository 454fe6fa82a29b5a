"""The reminder scan: raise, resolve and escalate every rule's reminders as of `now`.

Each rule's work is one transaction of a few set-based statements, and each statement is
idempotent (the unique key ignores a reminder that exists; resolving and escalating only
touch open rows that still qualify). A run killed half-way leaves whole rules done or not
done, and the next run picks up the rest; two runs at once cannot create a reminder twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from casework import telemetry
from casework.db import db, write_transaction
from casework.models import ScanMark
from casework.reminders.catalogue import catalogue
from casework.reminders.escalation import Graces, escalation, escalation_groups, graces_on
from casework.reminders.rules import Rule
from casework.reminders.scope import routing, unreachable_open

log = logging.getLogger(__name__)
# A deadline rule's next scan starts this long before its last one ended. A case's deadline
# always lies after the moment it entered the state, so only a web clock a day behind, or a
# transaction open for a day, could put a new deadline behind the mark.
MARK_MARGIN = dt.timedelta(days=1)


@dataclass
class ScanSummary:
    created: int = 0
    resolved: int = 0
    escalated: int = 0
    routed: int = 0  # reminders given to a new person (appointed, moved, deactivated)
    unreachable: int = 0  # open reminders that reach only the county admin, or nobody
    seconds: float = 0.0
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"created {self.created}, routed {self.routed}, escalated {self.escalated}, "
            f"resolved {self.resolved}, unreachable {self.unreachable} in {self.seconds:.3f} s"
        )


def scan(now, *, rules: tuple[Rule, ...] | None = None, pause: Callable | None = None):
    """Bring every reminder up to date with the database as of `now`.

    `pause(rule)` is called inside each rule's transaction after its statements, before the
    commit: the scheduler's --slow option uses it to show that a killed run loses nothing."""
    started = time.perf_counter()
    summary = ScanSummary()
    graces = graces_on(now)
    for rule in rules or catalogue():
        with write_transaction():
            counts = {
                "resolved": _resolve(rule, now),
                "created": _create(rule, now),
                "routed": _route(rule, now),
                "escalated": _escalate(rule, now, graces),
            }
            if pause is not None:
                pause(rule)
        telemetry.reminders_created(rule.name, counts["created"])  # committed: count them
        telemetry.reminders_escalated(rule.name, counts["escalated"])
        telemetry.reminders_resolved(rule.name, counts["resolved"])
        summary.by_rule[rule.name] = counts
        summary.created += counts["created"]
        summary.resolved += counts["resolved"]
        summary.escalated += counts["escalated"]
        summary.routed += counts["routed"]
    summary.unreachable = unreachable_open()
    telemetry.reminders_unreachable(summary.unreachable)
    if summary.unreachable:
        log.warning(
            "%d open reminders reach no one who answers for them: raised to the county admin",
            summary.unreachable,
        )
    summary.seconds = time.perf_counter() - started
    return summary


def create_only(now, rules: tuple[Rule, ...] | None = None) -> int:
    """Only the creating statements of each rule (the benchmark times this part alone)."""
    created = 0
    for rule in rules or catalogue():
        with write_transaction():
            created += _create(rule, now)
    return created


def _create(rule: Rule, now) -> int:
    """Run a rule's inserts; a rule that keeps a scan mark looks only past its last mark."""
    since = _since_mark(rule, now) if rule.marks_scans else None
    if rule.prepared:
        bounded = since is not None
        created = _prepared(
            ("create", rule, bounded),
            lambda: rule.creates(_NOW, _SINCE if bounded else None),  # type: ignore[arg-type]
            {_NOW: now, _SINCE: since},
        )
    else:
        created = sum(_run(q) for q in rule.creates(now, since))
    if rule.marks_scans:
        ScanMark.insert(rule=rule.name, scanned_until=now).on_conflict(
            conflict_target=[ScanMark.rule], update={ScanMark.scanned_until: now}
        ).execute()
    return created


def _since_mark(rule: Rule, now) -> dt.datetime | None:
    mark = ScanMark.get_or_none(ScanMark.rule == rule.name)
    if mark is not None and mark.scanned_until <= now:  # a clock set back scans everything
        return mark.scanned_until - MARK_MARGIN
    return None


def _resolve(rule: Rule, now) -> int:
    if rule.prepared:
        return _prepared(("resolve", rule), lambda: [rule.resolve(_NOW)], {_NOW: now})  # type: ignore[arg-type]
    return _run(rule.resolve(now))


def _route(rule: Rule, now) -> int:
    return _prepared(("route", rule), lambda: routing(rule, _NOW), {_NOW: now})


def _escalate(rule: Rule, now, graces: Graces) -> int:
    escalated = 0
    for cutoff, counties, excluded, version in escalation_groups(rule, now, graces):
        build = partial(_escalation, rule, counties, excluded, version)
        key = ("escalate", rule, counties and tuple(counties), tuple(excluded), version)
        escalated += _prepared(key, build, {_NOW: now, _CUTOFF: cutoff})
    return escalated


def _escalation(rule: Rule, counties, excluded, version) -> list:
    return [escalation(rule, _NOW, _CUTOFF, counties, excluded, version)]


class _Slot:
    """A value of a prepared statement, filled in each time it runs."""


_NOW, _SINCE, _CUTOFF = _Slot(), _Slot(), _Slot()
# Statements by (what, rule, shape, database class): SQL text depends on the dialect only.
# The shapes are few (the county groups of a grace period are a handful of policy rows).
_PREPARED: dict[tuple, tuple[tuple[str, list], ...]] = {}


def _prepared(key: tuple, build: Callable[[], list], values: dict[_Slot, object]) -> int:
    """Run the statements `build()` makes with slots for `values`, turned into SQL once:
    building the routing ladders and escalations through the ORM cost more than running them
    when there is little to do (the usual re-scan)."""
    key = (*key, type(db.obj))
    statements = _PREPARED.get(key)
    if statements is None:
        statements = _PREPARED[key] = tuple(q.sql() for q in build())
    return sum(
        db.execute_sql(sql, [values[p] if isinstance(p, _Slot) else p for p in params]).rowcount
        for sql, params in statements
    )


def _run(query) -> int:
    return db.execute(query).rowcount
