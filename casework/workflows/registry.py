"""Every workflow definition the service runs. Reminders, the deadline policy and reports
iterate this tuple: a new workflow joins them by being listed here, with no new code."""

from __future__ import annotations

from casework.workflows.rehab import REHAB

WORKFLOWS = (REHAB,)
