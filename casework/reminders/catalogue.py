"""Every reminder rule: the generic state-deadline rule of each workflow, then the rest."""

from __future__ import annotations

from functools import cache

from casework.reminders.coverage import TOWNSHIP_WITHOUT_SUPERVISOR, VILLAGE_WITHOUT_DIRECTOR
from casework.reminders.family import PARENT_CONTACT_LAPSED
from casework.reminders.home_education import HOME_HOURS_SHORT, HOME_VISITS_SHORT
from casework.reminders.national_entry import NATIONAL_ENTRY_LATE
from casework.reminders.rehab import ATTENDANCE_MISSING, SUSPECTED_DROPOUT
from casework.reminders.rules import Rule, state_deadline_rules
from casework.reminders.screening import SCREENING_OVERDUE
from casework.reminders.visits import MONITORING_VISIT_OVERDUE, REGULAR_VISIT_OVERDUE
from casework.workflows.registry import WORKFLOWS

# The dropout alert before missing attendance: a month it covers is not raised twice.
EXTRA_RULES: tuple[Rule, ...] = (
    SUSPECTED_DROPOUT,
    ATTENDANCE_MISSING,
    NATIONAL_ENTRY_LATE,
    REGULAR_VISIT_OVERDUE,
    MONITORING_VISIT_OVERDUE,
    HOME_VISITS_SHORT,
    HOME_HOURS_SHORT,
    PARENT_CONTACT_LAPSED,
    SCREENING_OVERDUE,
    VILLAGE_WITHOUT_DIRECTOR,
    TOWNSHIP_WITHOUT_SUPERVISOR,
)


@cache
def catalogue() -> tuple[Rule, ...]:
    rules: list[Rule] = [rule for w in WORKFLOWS for rule in state_deadline_rules(w)]
    rules += EXTRA_RULES
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise ValueError(f"two reminder rules share a name: {sorted(names)}")
    return tuple(rules)


def rule_named(name: str) -> Rule | None:
    return next((r for r in catalogue() if r.name == name), None)
