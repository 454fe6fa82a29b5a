"""Random actions by random users never break the transfer workflow's invariants
(tests/integration/case_machine.py says which); besides, a transfer past `received` names its
department, and a successful `transfer` never goes to the department that refused it last."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from casework.models import Transfer
from casework.vocabulary import Department
from casework.workflows.transfer import TRANSFER, TransferState
from tests.integration.case_machine import SETTINGS, Walk, case_machine
from tests.integration.transfer_cases import PATHS, TRANSFERS, arguments, reach, snapshot

JUNK = {"department": "tax_office", "note": 5, "handling": "", "benefit_granted": "perhaps",
        "benefit": 7, "feedback": "", "answer": "", "answered_on": "someday"}  # fmt: skip


def attempt_arguments(case_id: int, action: str, variant: str, data: st.DataObject) -> dict:
    department = data.draw(st.sampled_from(sorted(Department)), label="department")
    state = Transfer.get_by_id(case_id).state
    valid = arguments(action, state) if action in TRANSFER.by_name and action != "receive" else {}
    if action == "transfer" and variant == "valid":  # any department: one may have refused it
        valid["payload"]["department"] = department
    if variant == "valid":
        return valid
    if variant == "missing":
        return {}
    payload = {key: JUNK.get(key, None) for key in valid.get("payload", {})} or {"unknown": 1}
    return {"payload": payload, "reason": "   "}


def never_back_to_who_refused(action: str, before: dict, after: dict) -> None:
    if action == "transfer":
        assert after["case"]["department"] != before["case"]["refused_by"]


def names_its_department(row: Transfer) -> None:
    assert (row.department is None) == (row.state == TransferState.RECEIVED)


WALK = Walk(TRANSFER, PATHS, reach, snapshot, TRANSFERS.act, attempt_arguments,
            never_back_to_who_refused, names_its_department)  # fmt: skip


@pytest.mark.slow  # hypothesis walks hundreds of random actions
def test_random_actions_keep_the_invariants(world):
    run_state_machine_as_test(case_machine(world, WALK), settings=SETTINGS)
