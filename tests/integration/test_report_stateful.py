"""Random actions by random users never break the mandatory-report workflow's invariants
(tests/integration/case_machine.py says which)."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from casework.models import ReportCase
from casework.services import reports
from casework.workflows.report import REPORT
from tests.integration.case_machine import SETTINGS, Walk, case_machine
from tests.integration.report_cases import PATHS, arguments, reach, snapshot

JUNK = {"urgent": "maybe", "child_id": 10_000, "ground": "boring", "police_involved": "yes",
        "placement": "moon", "placement_where": 5, "assessment": "", "risk_level": "extreme",
        "benefit": "lottery", "status": "?", "items": ["jetpack"], "applicant_name": "",
        "applicant_relation": "", "documents_received": ["x"], "plan": "", "kind": "spanking",
        "taken_on": "2099-01-01", "detail": "", "entrusted_to": "",
        "outcome": "vanished"}  # fmt: skip


def attempt_arguments(case_id: int, action: str, variant: str, data: st.DataObject) -> dict:
    child_id = ReportCase.get_by_id(case_id).child_id
    valid = arguments(action, child_id) if action in REPORT.by_name and action != "file" else {}
    if variant == "valid":
        return valid
    if variant == "missing":
        return {}
    payload = {key: JUNK.get(key, None) for key in valid.get("payload", {})} or {"unknown": 1}
    return {"payload": payload, "reason": "   "}


WALK = Walk(REPORT, PATHS, reach, snapshot, reports.act, attempt_arguments)


@pytest.mark.slow  # hypothesis walks hundreds of random actions
def test_random_actions_keep_the_invariants(world):
    run_state_machine_as_test(case_machine(world, WALK), settings=SETTINGS)
