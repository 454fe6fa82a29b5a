"""Every reminder rule: the generic state-deadline rule of each workflow, then the rest."""

from __future__ import annotations

from functools import cache

from casework.reminders.rehab import ATTENDANCE_MISSING, SUSPECTED_DROPOUT
from casework.reminders.rules import Rule, state_deadline_rules
from casework.workflows.registry import WORKFLOWS

EXTRA_RULES: tuple[Rule, ...] = (ATTENDANCE_MISSING, SUSPECTED_DROPOUT)


@cache
def catalogue() -> tuple[Rule, ...]:
    rules = [r for w in WORKFLOWS for r in state_deadline_rules(w)] + list(EXTRA_RULES)
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise ValueError(f"two reminder rules share a name: {sorted(names)}")
    return tuple(rules)


def rule_named(name: str) -> Rule | None:
    return next((r for r in catalogue() if r.name == name), None)
