"""Every mandatory-report action from every state, and every action by every role.

Allowed where the definition says so: the state moves to the action's destination, the version
rises by one and exactly one audit row records it. Refused everywhere else, with nothing
changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, InvalidTransition, NotPermitted
from casework.models import ReportCase
from casework.services import reports
from casework.vocabulary import Role
from casework.workflows.definition import SYSTEM
from casework.workflows.report import ACTIONS, PROTECTION_ROLES, REPORT, ReportState
from tests.integration.report_cases import (
    ARGUMENTS,
    PATHS,
    arguments,
    file_report,
    reach,
    snapshot,
)

STATES = [str(s) for s in ReportState]
STEPS = [a for a in ACTIONS if a.sources]


def test_cases_cover_every_action_and_state():
    assert set(ARGUMENTS) == {a.name for a in STEPS}
    assert set(PATHS) == set(STATES)


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(world, state):
    worker = world.a.actor("case_worker")
    refused_on = reach(world, state)  # a refusal changes nothing, so one case serves them all
    for action in STEPS:
        if state in action.sources:
            assert_allowed(world, reach(world, state), action, worker)
        else:
            assert_refused(world, refused_on, action, worker)


def assert_allowed(world, case_id, action, worker):
    before = snapshot(case_id)
    state = before["case"]["state"]
    outcome = reports.act(worker, case_id, action.name, now=world.now,
                          **arguments(action.name, before["case"]["child"]))  # fmt: skip
    after = snapshot(case_id)
    expected = state if action.dest is None else str(action.dest)
    assert (outcome.from_state, outcome.to_state) == (state, expected)
    assert after["case"]["state"] == expected
    assert after["case"]["version"] == before["case"]["version"] + 1 == outcome.version
    assert after["audit"][:-1] == before["audit"]
    row = after["audit"][-1]
    assert (row["action"], row["from_state"], row["to_state"], row["version"]) == (
        action.name, state, expected, outcome.version)  # fmt: skip
    assert (row["actor"], row["actor_role"]) == (worker.id, "case_worker")
    assert row["reason"] == ARGUMENTS[action.name].get("reason", "")


def assert_refused(world, case_id, action, worker):
    before = snapshot(case_id)
    with pytest.raises(InvalidTransition) as caught:
        reports.act(worker, case_id, action.name, now=world.now,
                    **arguments(action.name, before["case"]["child"]))  # fmt: skip
    assert caught.value.extra["allowed"] == REPORT.actions_from(before["case"]["state"])
    assert snapshot(case_id) == before


@pytest.mark.parametrize("action", STEPS, ids=lambda a: a.name)
def test_every_other_role_is_refused(world, action):
    state = str(action.sources[0])
    case_id = reach(world, state)
    child_id = ReportCase.get_by_id(case_id).child_id
    before = snapshot(case_id)
    for key in world.a.users:
        actor = world.a.actor(key)
        if actor.role in action.roles:
            continue
        with pytest.raises((NotPermitted, InvalidTransition)):
            reports.act(actor, case_id, action.name, now=world.now,
                        **arguments(action.name, child_id))  # fmt: skip
    with pytest.raises(NotPermitted):  # the other county's case worker
        reports.act(world.b.actor("case_worker"), case_id, action.name, now=world.now,
                    **arguments(action.name, child_id))  # fmt: skip
    assert snapshot(case_id) == before


def test_the_system_takes_no_action(world):
    case_id = reach(world, "reported")
    with pytest.raises(NotPermitted):
        reports.act(SYSTEM, case_id, "accept", now=world.now)


def test_reasons_and_payloads_are_required(world):
    case_id = reach(world, "reported")
    worker = world.a.actor("case_worker")
    before = snapshot(case_id)
    with pytest.raises(Invalid) as caught:
        reports.act(worker, case_id, "screen_out", now=world.now, payload={"ground": "unfounded"})
    assert "reason" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        reports.act(worker, case_id, "screen_out", now=world.now, reason="重复",
                    payload={"ground": "duplicate"})  # fmt: skip
    assert "duplicate_of" in caught.value.fields
    with pytest.raises(Invalid):
        reports.act(worker, case_id, "screen_out", now=world.now, reason="重复",
                    payload={"ground": "duplicate", "duplicate_of": case_id})  # fmt: skip
    assert snapshot(case_id) == before


def test_duplicate_screen_out_names_the_original(world):
    original, repeat = reach(world, "accepted"), reach(world, "reported")
    payload = {"ground": "duplicate", "duplicate_of": original}
    reports.act(world.a.actor("case_worker"), repeat, "screen_out", now=world.now,
                reason="同一事件", payload=payload)  # fmt: skip
    row = ReportCase.get_by_id(repeat)
    assert (row.state, row.screen_out_ground, row.duplicate_of_id) == (
        "screened_out", "duplicate", original)  # fmt: skip


def test_deadlines(world):
    """Accepted or screened out in a working day; an urgent case's emergency response in one
    calendar day; assessment 7 and the assistance plan 15 working days."""
    worker = world.a.actor("case_worker")
    case_id = reach(world, "reported")  # Monday 2 March 2026
    assert ReportCase.get_by_id(case_id).due_at == dt.datetime(2026, 3, 3, 16, 0)
    urgent = reports.act(worker, case_id, "accept", now=world.now, payload={"urgent": True})
    assert urgent.due_at == dt.datetime(2026, 3, 3, 16, 0)  # end of Tuesday in China
    calm = reach(world, "reported")
    outcome = reports.act(worker, calm, "accept", now=world.now)
    assert outcome.due_at == dt.datetime(2026, 3, 11, 16, 0)  # 7 working days
    # the assessment clock runs on from acceptance
    reports.act(worker, calm, "start_assessment", now=world.now + dt.timedelta(days=2))
    assert ReportCase.get_by_id(calm).due_at == dt.datetime(2026, 3, 11, 16, 0)
    plan = reports.act(worker, calm, "record_assessment", now=world.now,
                       **ARGUMENTS["record_assessment"])  # fmt: skip
    assert plan.due_at == dt.datetime(2026, 3, 23, 16, 0)  # 15 working days


def test_rehab_application_opened_from_a_case(world):
    case_id = reach(world, "assistance")
    worker = world.a.actor("case_worker")
    reports.act(worker, case_id, "open_rehab_application", now=world.now,
                **ARGUMENTS["open_rehab_application"])  # fmt: skip
    case = ReportCase.get_by_id(case_id)
    application = case.rehab_application
    assert (application.state, application.child_id) == ("submitted", case.child_id)
    with pytest.raises(Conflict):  # one open application per case
        reports.act(worker, case_id, "open_rehab_application", now=world.now,
                    **ARGUMENTS["open_rehab_application"])  # fmt: skip


def test_benefits_need_a_known_child(world):
    case = file_report(world, with_child=False)
    worker = world.a.actor("case_worker")
    for action in PATHS["assistance"]:
        reports.act(worker, case.id, action, now=world.now, **ARGUMENTS[action])
    before = snapshot(case.id)
    with pytest.raises(Conflict):
        reports.act(worker, case.id, "link_benefit", now=world.now, **ARGUMENTS["link_benefit"])
    assert snapshot(case.id) == before
    child = world.child()
    reports.act(worker, case.id, "link_child", now=world.now, payload={"child_id": child.id})
    reports.act(worker, case.id, "link_benefit", now=world.now, **ARGUMENTS["link_benefit"])


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.SYSTEM,)])
def test_anyone_may_report(world, role):
    key = "institution_staff" if role == Role.INSTITUTION_STAFF else str(role)
    if key not in world.a.users:
        pytest.skip(f"the world has no {role}")
    # a child's file only within the reporter's area: staff read only their institution's,
    # a department's staff none
    with_child = role not in (Role.INSTITUTION_STAFF, Role.DEPARTMENT_STAFF)
    case = file_report(world, reporter=key, with_child=with_child)
    assert case.state == "reported"
    # the reporter follows it: the file if their role and place see it, else its receipt
    seen = reports.read(world.a.actor(key), case.id)
    assert seen.id == case.id
    assert isinstance(seen, reports.ReportReceipt) == (role not in PROTECTION_ROLES)


def test_reports_outside_the_county_are_refused(world):
    with pytest.raises(NotPermitted):
        reports.file_report(world.a.actor("child_director"), {
            "reporter_name": "李", "place_id": world.b.villages[0].id, "harm_type": "abuse",
            "facts": "x", "child_description": "男孩"}, world.now)  # fmt: skip
    assert ReportCase.select().count() == 0
