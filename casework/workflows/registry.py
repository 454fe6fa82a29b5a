"""Every workflow definition the service runs. Reminders, the deadline policy, reports, the
API and the pages iterate this tuple: a new workflow joins them by being listed here.

Everything else about a workflow (its deadlines, the deadlines given to some cases only, the
clocks counted from before a case enters a state) is said by its definition.
"""

from __future__ import annotations

from casework.workflows.claim import CLAIM
from casework.workflows.definition import Workflow
from casework.workflows.register import REGISTER
from casework.workflows.rehab import REHAB
from casework.workflows.report import REPORT
from casework.workflows.transfer import TRANSFER

WORKFLOWS = (REHAB, CLAIM, REPORT, TRANSFER, REGISTER)


def workflow_named(name: str) -> Workflow | None:
    return next((w for w in WORKFLOWS if w.name == name), None)
