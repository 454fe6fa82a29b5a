"""Notices in the holders' inboxes when a calendar change moved their deadlines
(casework.workflows.recompute): one notice per case and move, for whoever answers for the
case's deadline now (routed as that deadline's reminder would be), saying the new deadline.

A notice is a reminder of its own kind, "<the deadline's rule>.moved", of severity notice: no
scan raises, resolves or escalates it; its person reads it and closes it. Recomputing again
with the same calendar moves nothing, so tells nobody twice (a notice is keyed by the move)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from functools import cache

from casework.db import db
from casework.models import Reminder
from casework.reminders.catalogue import catalogue
from casework.reminders.rules import OPEN, StateDeadlineRule
from casework.reminders.scope import routing
from casework.workflows.recompute import Recomputed

SUFFIX = ".moved"
NOTICE = "notice"


@cache
def moved_rules() -> dict[str, StateDeadlineRule]:
    """The notice kind of every state deadline's rule, by name."""
    found = {}
    for rule in catalogue():
        if isinstance(rule, StateDeadlineRule):
            title = f"{rule.responsible.title}：节假日安排调整，期限已重新计算"
            responsible = dataclasses.replace(rule.responsible, title=title, severity=NOTICE)
            moved = dataclasses.replace(rule, name=rule.name + SUFFIX, responsible=responsible)
            found[moved.name] = moved
    return found


def _rule_of(move: Recomputed) -> StateDeadlineRule | None:
    """The deadline's rule covering the case in its state (a case deadline's if it has one)."""
    for rule in moved_rules().values():
        if rule.entity != move.workflow or move.state not in rule.states:
            continue
        model = rule.model
        if model.select().where(model.id == move.case_id, rule._covers(model)).exists():
            return rule
    return None


def tell_holders(moves: Iterable[Recomputed], now: dt.datetime) -> int:
    """Raise a notice for each move and route it to who answers for the case now; returns
    how many were raised. The caller holds the write transaction."""
    raised, rules = 0, {}
    for move in moves:
        rule = _rule_of(move)
        if rule is None:
            continue
        case = rule.model.get_by_id(move.case_id)
        notice = Reminder.insert(
            rule=rule.name, entity=rule.entity, entity_id=move.case_id,
            instance=f"{move.old.isoformat()}>{move.new.isoformat()}",
            county=case.county_id, subject_state=move.state, due_at=move.new,
            severity=NOTICE, state=OPEN, created_at=now, snooze_reason="", unreachable=False,
        ).on_conflict_ignore()  # fmt: skip
        raised += db.execute(notice).rowcount
        rules[rule.name] = rule
    for rule in rules.values():
        for query in routing(rule, now):
            query.execute()
    return raised
