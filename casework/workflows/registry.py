"""Every workflow definition the service runs. Reminders, the deadline policy and reports
iterate this tuple: a new workflow joins them by being listed here, with no new code.

Two facts about a deadline that its workflow's definition cannot say in `deadlines` alone,
and that the reminder scan must know, are declared here beside the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casework.rules.deadlines import Deadline
from casework.workflows.claim import CLAIM
from casework.workflows.rehab import REHAB
from casework.workflows.report import EMERGENCY, REPORT, ReportState

WORKFLOWS = (REHAB, CLAIM, REPORT)


@dataclass(frozen=True)
class CaseDeadline:
    """A deadline the workflow's `deadline_rule` gives, in `states`, only to the cases where
    `applies(case_model)` holds, in place of the state's usual deadline."""

    deadline: Deadline
    states: tuple[str, ...]
    applies: Callable  # the case model (or an alias of it) -> a peewee condition


# An urgent report's first deadline after acceptance is the emergency response (report.py).
CASE_DEADLINES = {
    REPORT.name: (
        CaseDeadline(EMERGENCY, (ReportState.ACCEPTED,), lambda case: case.urgent == True),  # noqa: E712
    ),
}

# Deadlines not counted from the moment a case enters the state, so a case may enter it
# already overdue: a claim drafted late for a period that ended long ago (due 15 days after
# the period's end). The reminder scan checks every such case, not only deadlines that
# passed since its last run.
COUNTED_BEFORE_ENTRY = {CLAIM.name: frozenset({"claim_submission"})}
