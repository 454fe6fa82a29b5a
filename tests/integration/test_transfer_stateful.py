"""Random actions by random users never break the transfer workflow's invariants.

Users of every role in both counties and the system act on transfers in any state, with
valid, missing or nonsensical arguments and current, stale or no expected versions. After
every step:

- the state is one of TransferState, and a transfer past `received` names its department;
- a successful action raised the version by exactly one and added exactly one audit row, and
  a successful `transfer` never went to the department that refused it last;
- a refused action changed nothing: not the transfer, its audit trail, nor any other table;
- every transfer's audit trail is one unbroken chain, one row per version, from `receive` to
  the state it is in now.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from casework.errors import DomainError
from casework.models import ALL_MODELS, Transfer
from casework.vocabulary import Department
from casework.workflows.definition import SYSTEM
from casework.workflows.transfer import ACTIONS, TRANSFER, TransferState
from tests.integration.transfer_cases import PATHS, TRANSFERS, arguments, reach, snapshot

STATES = {str(s) for s in TransferState}
ACTION_NAMES = [a.name for a in ACTIONS if a.sources] + ["receive", "no_such_action"]
VARIANTS = ["valid", "valid", "valid", "missing", "nonsense"]
JUNK = {"department": "tax_office", "note": 5, "handling": "", "benefit_granted": "perhaps",
        "benefit": 7, "feedback": "", "answer": "", "answered_on": "someday"}  # fmt: skip


def attempt_arguments(action: str, variant: str, state: str, department_draw) -> dict:
    valid = arguments(action, state) if action in TRANSFER.by_name and action != "receive" else {}
    if action == "transfer" and variant == "valid":  # any department: one may have refused it
        valid["payload"]["department"] = department_draw
    if variant == "valid":
        return valid
    if variant == "missing":
        return {}
    payload = {key: JUNK.get(key, None) for key in valid.get("payload", {})} or {"unknown": 1}
    return {"payload": payload, "reason": "   "}


def table_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


def audit_rows(case_id: int) -> list[dict]:
    return snapshot(case_id)["audit"]


def build_machine(world):
    actors = {("system",): SYSTEM}
    for name, county in (("a", world.a), ("b", world.b)):
        actors |= {(name, key): county.actor(key) for key in county.users}
    by_role: dict[str, list] = {}
    for key, actor in actors.items():
        by_role.setdefault(str(actor.role), []).append(key)

    class TransferMachine(RuleBasedStateMachine):
        cases = Bundle("cases")

        def __init__(self):
            super().__init__()
            self.versions: dict[int, int] = {}

        @rule(target=cases, state=st.sampled_from(sorted(PATHS)), county=st.sampled_from("ab"))
        def receive(self, state, county):
            case_id = reach(world, state, getattr(world, county))
            self.versions[case_id] = Transfer.get_by_id(case_id).version
            return case_id

        @rule(case=cases, data=st.data())
        def plausible_action(self, case, data):
            """An action open in the current state, by someone holding one of its roles."""
            state = Transfer.get_by_id(case).state
            names = TRANSFER.actions_from(state) or ACTION_NAMES
            action = data.draw(st.sampled_from(names), label="action")
            known = TRANSFER.action(action)
            roles = [str(r) for r in known.roles] if known else ["system"]
            who = data.draw(st.sampled_from([k for r in roles for k in by_role.get(r, [])]),
                            label="actor")  # fmt: skip
            self._attempt(case, action, who, data)

        @rule(case=cases, action=st.sampled_from(ACTION_NAMES), data=st.data())
        def any_action(self, case, action, data):
            who = data.draw(st.sampled_from(sorted(actors)), label="actor")
            self._attempt(case, action, who, data)

        def _attempt(self, case, action, who, data):
            variant = data.draw(st.sampled_from(VARIANTS), label="arguments")
            department = data.draw(st.sampled_from(sorted(Department)), label="department")
            state = Transfer.get_by_id(case).state
            kwargs = attempt_arguments(action, variant, state, department)
            version = self.versions[case]
            kwargs["expected_version"] = data.draw(
                st.sampled_from([None, version, version - 1, version + 1]), label="version"
            )
            before, counts = snapshot(case), table_counts()
            try:
                outcome = TRANSFERS.act(actors[who], case, action, now=world.now, **kwargs)
            except DomainError:
                assert snapshot(case) == before
                assert table_counts() == counts
                return
            after = snapshot(case)
            assert outcome.version == after["case"]["version"] == version + 1
            assert after["case"]["state"] == outcome.to_state
            assert after["audit"][:-1] == before["audit"]
            new = after["audit"][-1]
            assert (new["action"], new["from_state"], new["to_state"], new["version"]) == (
                action, outcome.from_state, outcome.to_state, outcome.version)  # fmt: skip
            if action == "transfer":
                assert after["case"]["department"] != before["case"]["refused_by"]
            self.versions[case] = outcome.version

        @invariant()
        def every_transfer_is_consistent(self):
            for case_id, version in self.versions.items():
                row = Transfer.get_by_id(case_id)
                assert row.state in STATES
                assert row.version == version
                assert (row.department is None) == (row.state == TransferState.RECEIVED)
                trail = audit_rows(case_id)
                assert [r["version"] for r in trail] == list(range(1, version + 1))
                assert (trail[0]["action"], trail[0]["from_state"]) == ("receive", None)
                for earlier, later in zip(trail, trail[1:], strict=False):
                    assert later["from_state"] == earlier["to_state"]
                assert trail[-1]["to_state"] == row.state

    return TransferMachine


@pytest.mark.slow  # hypothesis walks hundreds of random actions
def test_random_actions_keep_the_invariants(world):
    run_state_machine_as_test(
        build_machine(world),
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            database=None,  # no example database in the working tree
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
