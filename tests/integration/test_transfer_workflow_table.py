"""Every transfer action from every state, and every action by every role; the window's and
the county's scope; the time limits.

Allowed where the definition says so: the state moves to the action's destination, the version
rises by one and exactly one audit row records it. Refused everywhere else, with nothing
changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, InvalidTransition, NotPermitted
from casework.models import Transfer
from casework.services import reports
from casework.vocabulary import Role
from casework.workflows.definition import SYSTEM
from casework.workflows.transfer import ACTIONS, TRANSFER, TransferState
from tests.integration.report_cases import file_report
from tests.integration.transfer_cases import (
    ARGUMENTS,
    PATHS,
    TRANSFERS,
    actor_for,
    arguments,
    reach,
    receive,
    snapshot,
)

STATES = [str(s) for s in TransferState]
STEPS = [a for a in ACTIONS if a.sources]


def test_cases_cover_every_action_and_state():
    assert set(ARGUMENTS) == {a.name for a in STEPS}
    assert set(PATHS) == set(STATES)


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(world, state):
    refused_on = reach(world, state)  # a refusal changes nothing, so one case serves them all
    for action in STEPS:
        actor = actor_for(world.a, action.name)  # the window's or the department's
        if state in action.sources:
            assert_allowed(world, reach(world, state), action, actor)
        else:
            assert_refused(world, refused_on, action, actor)


def assert_allowed(world, case_id, action, worker):
    before = snapshot(case_id)
    state = before["case"]["state"]
    options = arguments(action.name, state)
    outcome = TRANSFERS.act(worker, case_id, action.name, now=world.now, **options)
    after = snapshot(case_id)
    expected = state if action.dest is None else str(action.dest)
    assert (outcome.from_state, outcome.to_state) == (state, expected)
    assert after["case"]["state"] == expected
    assert after["case"]["version"] == before["case"]["version"] + 1 == outcome.version
    assert after["audit"][:-1] == before["audit"]
    row = after["audit"][-1]
    assert (row["action"], row["from_state"], row["to_state"], row["version"]) == (
        action.name, state, expected, outcome.version)  # fmt: skip
    assert (row["actor"], row["actor_role"]) == (worker.id, str(worker.role))
    assert row["reason"] == ARGUMENTS[action.name].get("reason", "")


def assert_refused(world, case_id, action, worker):
    before = snapshot(case_id)
    if before["case"]["department"] is None and Role.DEPARTMENT_STAFF in action.roles:
        with pytest.raises(NotPermitted) as refused:  # no department's yet: none sees it
            TRANSFERS.act(worker, case_id, action.name, now=world.now, **arguments(action.name))
        assert refused.value.code == "outside_scope"
    else:
        with pytest.raises(InvalidTransition) as caught:
            TRANSFERS.act(worker, case_id, action.name, now=world.now, **arguments(action.name))
        possible = TRANSFER.actions_from(before["case"]["state"])  # those of the actor's role
        mine = [name for name in possible if _takes(worker, TRANSFER.action(name))]
        assert caught.value.extra["allowed"] == mine
    assert snapshot(case_id) == before


def _takes(worker, action) -> bool:
    """The worker's role may take the action, and as its party: in this world every department
    a request reaches has an officer, so the window never answers for one."""
    if worker.role not in action.roles:
        return False
    return not (worker.role == Role.CASE_WORKER and Role.DEPARTMENT_STAFF in action.roles)


@pytest.mark.parametrize("action", STEPS, ids=lambda a: a.name)
def test_every_other_role_is_refused(world, action):
    case_id = reach(world, str(action.sources[0]))
    before = snapshot(case_id)
    for key in world.a.users:
        actor = world.a.actor(key)
        if actor.role in action.roles:
            continue
        with pytest.raises((NotPermitted, InvalidTransition)):
            TRANSFERS.act(actor, case_id, action.name, now=world.now, **arguments(action.name))
    with pytest.raises(NotPermitted):  # the other county's window or department
        TRANSFERS.act(actor_for(world.b, action.name), case_id, action.name, now=world.now,
                      **arguments(action.name))  # fmt: skip
    if Role.DEPARTMENT_STAFF in action.roles:  # another department, the county's own
        with pytest.raises(NotPermitted):
            TRANSFERS.act(world.a.actor("department_staff_health"), case_id, action.name,
                          now=world.now, **arguments(action.name))  # fmt: skip
    assert snapshot(case_id) == before


def test_the_system_takes_no_action(world):
    case_id = reach(world, "received")
    with pytest.raises(NotPermitted):
        TRANSFERS.act(SYSTEM, case_id, "transfer", now=world.now, **arguments("transfer"))


def test_the_townships_window_receives_and_transfers_in_its_own_area(world):
    case = receive(world, role="child_supervisor")
    supervisor = world.a.actor("child_supervisor")
    TRANSFERS.act(supervisor, case.id, "transfer", now=world.now, **arguments("transfer"))
    with pytest.raises(NotPermitted):  # the department's side is its own staff's
        TRANSFERS.act(supervisor, case.id, "accept", now=world.now)
    township_office = world.a.actor("department_staff_township")  # civil affairs of the township
    assert TRANSFERS.act(township_office, case.id, "accept", now=world.now).to_state == "accepted"
    with pytest.raises(NotPermitted) as caught:  # a village of the other township
        receive(world, role="child_supervisor", child=False, place_id=world.a.villages[2].id)
    assert caught.value.code == "place_outside_area"


def test_another_county_sees_nothing(world):
    case_id = reach(world, "accepted")
    for key in ("case_worker", "leader", "child_supervisor", "department_staff"):
        other = world.b.actor(key)
        assert TRANSFERS.list(other, now=world.now) == ([], 0)
        with pytest.raises(NotPermitted):
            TRANSFERS.get(other, case_id)
    rows, total = TRANSFERS.list(world.a.actor("leader"), now=world.now)
    assert ([r.id for r in rows], total) == ([case_id], 1)
    assert TRANSFERS.list(world.a.actor("reviewer"), now=world.now) == ([], 0)
    # a department sees what was transferred to it, not another department's
    assert TRANSFERS.list(world.a.actor("department_staff_health"), now=world.now) == ([], 0)
    rows, total = TRANSFERS.list(world.a.actor("department_staff"), now=world.now)
    assert ([r.id for r in rows], total) == ([case_id], 1)
    with pytest.raises(NotPermitted):
        receive(world, world.b, child=False, place_id=world.a.villages[0].id)
    assert Transfer.select().count() == 1


def test_a_refusing_department_is_not_asked_again(world):
    worker = world.a.actor("case_worker")
    case_id = reach(world, "refused")
    before = snapshot(case_id)
    with pytest.raises(Conflict) as caught:
        TRANSFERS.act(worker, case_id, "transfer", now=world.now, **arguments("transfer"))
    assert (caught.value.code, caught.value.params) == (
        "department_already_refused", {"department": "civil_affairs"})  # fmt: skip
    assert snapshot(case_id) == before
    TRANSFERS.act(worker, case_id, "transfer", now=world.now,
                  payload={"department": "medical_insurance"})  # fmt: skip
    row = Transfer.get_by_id(case_id)
    assert (row.state, row.department, row.refused_by) == (
        "transferred", "medical_insurance", "civil_affairs")  # fmt: skip


def test_reasons_and_payloads_are_required(world):
    worker = world.a.actor("department_staff")
    case_id = reach(world, "transferred")
    before = snapshot(case_id)
    with pytest.raises(Invalid) as caught:
        TRANSFERS.act(worker, case_id, "refuse", now=world.now)
    assert caught.value.code == "reason_required"
    TRANSFERS.act(worker, case_id, "accept", now=world.now)
    with pytest.raises(Invalid) as caught:
        TRANSFERS.act(worker, case_id, "record_handling", now=world.now, payload={"handling": ""})
    assert set(caught.value.fields) == {"handling", "benefit_granted"}
    assert snapshot(case_id)["case"]["state"] == "accepted" != before["case"]["state"]


def test_from_a_report_case(world):
    report = file_report(world)
    transfer = receive(world, report_case_id=report.id)
    assert transfer.report_case_id == report.id
    with pytest.raises(NotPermitted):  # another county's report case
        other = file_report(world, world.b)
        receive(world, report_case_id=other.id)
    assert reports.get_report(world.a.actor("case_worker"), report.id).transfers.count() == 1


def test_time_limits_in_working_days(world):
    """Transferred in 2 working days, answered by the department in 3, handled in 15, fed back
    in 2, the family answered in 3; the county's policy may change each."""
    case = receive(world)  # Monday 2 March 2026
    assert case.due_at == dt.datetime(2026, 3, 4, 16, 0)
    due = [TRANSFERS.act(actor_for(world.a, action), case.id, action, now=world.now,
                         **arguments(action)).due_at
           for action in PATHS["answered"]]  # fmt: skip
    assert due == [
        dt.datetime(2026, 3, 5, 16, 0),
        dt.datetime(2026, 3, 23, 16, 0),
        dt.datetime(2026, 3, 4, 16, 0),
        dt.datetime(2026, 3, 5, 16, 0),
        None,
    ]
