"""One hypothesis state machine for a workflow's random walk: users of every role in both
counties and the system act on cases in any state, with valid, missing or nonsensical
arguments and current, stale or no expected versions. After every step:

- the state is one of the workflow's states;
- a successful action raised the version by exactly one and added exactly one audit row;
- a refused action changed nothing: not the case, its related rows, its audit trail, nor any
  other table;
- every case's audit trail is one unbroken chain, one row per version, from the creating
  action to the state it is in now.

The report and transfer tests give it their cases (reach, snapshot, arguments); what only one
workflow holds true is checked in `after_success` and `invariant_of`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from casework.errors import DomainError
from casework.models import ALL_MODELS
from casework.workflows.definition import SYSTEM, Workflow

VARIANTS = ["valid", "valid", "valid", "missing", "nonsense"]
SETTINGS = settings(
    max_examples=20,
    stateful_step_count=15,
    deadline=None,
    database=None,  # no example database in the working tree
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Walk:
    """What the machine needs of one workflow's cases."""

    workflow: Workflow
    paths: Callable[[], list[str]] | list[str]  # states `reach` can put a new case in
    reach: Callable  # (world, state, county) -> case id
    snapshot: Callable[[int], dict]  # {"case": row, "audit": rows, ...}
    act: Callable  # (actor, case_id, action, now=..., **kwargs) -> Outcome
    # (case_id, action, variant, data) -> keyword arguments for the action
    arguments: Callable
    after_success: Callable[[str, dict, dict], None] = lambda action, before, after: None
    invariant_of: Callable[[dict], None] = lambda row: None  # on the case's row


def table_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


def case_machine(world, walk: Walk) -> type[RuleBasedStateMachine]:
    workflow = walk.workflow
    states = {str(s) for s in workflow.states}
    creating = workflow.creating.name
    names = [a.name for a in workflow.actions if a.sources] + [creating, "no_such_action"]
    actors = {("system",): SYSTEM}
    for name, county in (("a", world.a), ("b", world.b)):
        actors |= {(name, key): county.actor(key) for key in county.users}
    by_role: dict[str, list] = {}
    for key, actor in actors.items():
        by_role.setdefault(str(actor.role), []).append(key)
    model = workflow.model

    class CaseMachine(RuleBasedStateMachine):
        cases = Bundle("cases")

        def __init__(self):
            super().__init__()
            self.versions: dict[int, int] = {}

        @rule(target=cases, state=st.sampled_from(sorted(walk.paths)), county=st.sampled_from("ab"))
        def create(self, state, county):
            case_id = walk.reach(world, state, getattr(world, county))
            self.versions[case_id] = model.get_by_id(case_id).version
            return case_id

        @rule(case=cases, data=st.data())
        def plausible_action(self, case, data):
            """An action open in the current state, by someone holding one of its roles."""
            state = model.get_by_id(case).state
            action = data.draw(st.sampled_from(workflow.actions_from(state) or names),
                               label="action")  # fmt: skip
            known = workflow.action(action)
            roles = [str(r) for r in known.roles] if known else ["system"]
            who = data.draw(st.sampled_from([k for r in roles for k in by_role.get(r, [])]),
                            label="actor")  # fmt: skip
            self._attempt(case, action, who, data)

        @rule(case=cases, action=st.sampled_from(names), data=st.data())
        def any_action(self, case, action, data):
            who = data.draw(st.sampled_from(sorted(actors)), label="actor")
            self._attempt(case, action, who, data)

        def _attempt(self, case, action, who, data):
            variant = data.draw(st.sampled_from(VARIANTS), label="arguments")
            kwargs = walk.arguments(case, action, variant, data)
            version = self.versions[case]
            kwargs["expected_version"] = data.draw(
                st.sampled_from([None, version, version - 1, version + 1]), label="version"
            )
            before, counts = walk.snapshot(case), table_counts()
            try:
                outcome = walk.act(actors[who], case, action, now=world.now, **kwargs)
            except DomainError:
                assert walk.snapshot(case) == before
                assert table_counts() == counts
                return
            after = walk.snapshot(case)
            assert outcome.version == after["case"]["version"] == version + 1
            assert after["case"]["state"] == outcome.to_state
            assert after["audit"][:-1] == before["audit"]
            new = after["audit"][-1]
            assert (new["action"], new["from_state"], new["to_state"], new["version"]) == (
                action, outcome.from_state, outcome.to_state, outcome.version)  # fmt: skip
            walk.after_success(action, before, after)
            self.versions[case] = outcome.version

        @invariant()
        def every_case_is_consistent(self):
            for case_id, version in self.versions.items():
                row = model.get_by_id(case_id)
                assert row.state in states
                assert row.version == version
                walk.invariant_of(row)
                trail = walk.snapshot(case_id)["audit"]
                assert [r["version"] for r in trail] == list(range(1, version + 1))
                assert (trail[0]["action"], trail[0]["from_state"]) == (creating, None)
                for earlier, later in zip(trail, trail[1:], strict=False):
                    assert later["from_state"] == earlier["to_state"]
                assert trail[-1]["to_state"] == row.state

    CaseMachine.__name__ = f"{workflow.name.title()}Machine"
    return CaseMachine
