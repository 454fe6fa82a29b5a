"""Every rehab action from every state, and every action by every role.

Allowed where the definition says so: the state moves to the action's destination, the version
rises by one and exactly one audit row records it. Refused everywhere else, with nothing
changed: not the application, not its related rows, not its audit trail.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import DomainError, InvalidTransition, NotFound, NotPermitted
from casework.models import ChecklistItem, RehabApplication
from casework.queries import eligibility
from casework.services import accounts, rehab
from casework.vocabulary import Role
from casework.workflows.definition import SYSTEM
from casework.workflows.rehab import ACTIONS, REHAB, RehabState
from tests.integration.rehab_cases import (
    ARGUMENTS,
    audit_rows,
    file_application,
    reach,
    reach_to_take,
    snapshot,
)

STATES = [str(s) for s in RehabState]
# Actions no person takes: `settle` is fired by the payment of a claim (workflows.settlement).
SYSTEM_ONLY = [a for a in ACTIONS if a.roles == {Role.SYSTEM}]
ROLE_OF_ACTION = {  # who normally takes each action
    a.name: "reviewer" if Role.REVIEWER in a.roles and len(a.roles) == 1
    else "institution_staff" if a.roles == {Role.INSTITUTION_STAFF}
    else "intake_clerk"
    for a in ACTIONS if a not in SYSTEM_ONLY
}  # fmt: skip


def test_arguments_cover_every_action():
    assert set(ARGUMENTS) == {a.name for a in ACTIONS}
    assert set(STATES) == set(REHAB.states)


def assert_allowed(world, application_id, action, actor):
    before = snapshot(application_id)
    state, version = before["application"]["state"], before["application"]["version"]
    outcome = rehab.act(actor, application_id, action.name, now=world.now,
                        **ARGUMENTS[action.name])  # fmt: skip
    after = snapshot(application_id)
    expected_state = state if action.dest is None else str(action.dest)
    assert (outcome.from_state, outcome.to_state) == (state, expected_state)
    assert after["application"]["state"] == expected_state
    assert after["application"]["version"] == version + 1 == outcome.version
    new_rows = after["audit"][len(before["audit"]) :]
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert len(new_rows) == 1
    row = new_rows[0]
    assert (row["action"], row["from_state"], row["to_state"], row["version"]) == (
        action.name, state, expected_state, version + 1)  # fmt: skip
    assert (row["actor_id"], row["actor_role"]) == (actor.id, str(actor.role))
    assert row["reason"] == ARGUMENTS[action.name].get("reason", "")
    assert rehab.require(application_id).due_at == outcome.due_at
    if expected_state not in REHAB.deadlines:
        assert outcome.due_at is None


def assert_refused(world, application_id, action_name, actor, error):
    before = snapshot(application_id)
    with pytest.raises(DomainError) as caught:
        rehab.act(actor, application_id, action_name, now=world.now, **ARGUMENTS[action_name])
    assert type(caught.value) is error, caught.value.detail
    assert snapshot(application_id) == before
    return caught.value


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(world, state, subtests):
    refusing = reach(world, state)
    for action in ACTIONS:
        with subtests.test(action=action.name, state=state):
            if action in SYSTEM_ONLY:
                assert_refused_to_everyone(world, refusing, action.name)
                continue
            actor = world.a.actor(ROLE_OF_ACTION[action.name])
            if not action.sources:  # submit creates applications; it is no transition
                assert_refused(world, refusing, action.name, actor, NotFound)
            elif state in action.sources:
                assert_allowed(world, reach_to_take(world, action.name, state), action, actor)
            elif actor.role == Role.INSTITUTION_STAFF and (
                rehab.require(refusing).institution_id != actor.institution_id
            ):
                # Staff may not even see an application not referred to them.
                assert_refused(world, refusing, action.name, actor, NotPermitted)
            else:
                refusal = assert_refused(world, refusing, action.name, actor, InvalidTransition)
                assert refusal.code == "action_not_possible"
                assert refusal.extra["state"] == state
                assert set(refusal.extra["allowed"]) == {
                    a.name
                    for a in ACTIONS
                    if state in a.sources and actor.role in a.roles
                    and (a.party is None or a.party(actor, _case(refusing)))
                }  # fmt: skip
    assert rehab.require(refusing).state == state


def _case(application_id):
    from casework.workflows import engine

    return engine.load(REHAB, application_id)


PARTIES = ("institution_staff", "intake_clerk", "reviewer", "settlement_auditor")


def _everyone(world):
    """Every user of county a, keyed by their role (three institution staff), and the system."""
    actors = {key: world.a.actor(key) for key in world.a.users}
    return actors | {"system": SYSTEM}


def assert_refused_to_everyone(world, application_id, action_name):
    """No user of either county, whatever their role, may take the action, in any state."""
    for county in (world.a, world.b):
        for key in county.users:
            assert_refused(world, application_id, action_name, county.actor(key), NotPermitted)


HUMAN_ACTIONS = [a for a in ACTIONS if a.sources and a not in SYSTEM_ONLY]


@pytest.mark.parametrize("action", HUMAN_ACTIONS, ids=lambda a: a.name)
def test_every_role_on_every_action(world, action, subtests):
    # Filed by the staff of the institution it will be referred to, so that staff is a party
    # both as the submitting institution and as the referred one.
    state = str(action.sources[0])
    refusing = reach(world, state, by="institution_staff")
    for key, actor in _everyone(world).items():
        with subtests.test(action=action.name, actor=key):
            if actor.role in action.roles and key in PARTIES:
                taken = reach_to_take(world, action.name, state, by="institution_staff")
                assert_allowed(world, taken, action, actor)
            else:
                assert_refused(world, refusing, action.name, actor, NotPermitted)
    assert rehab.require(refusing).state == state


@pytest.mark.parametrize("action", HUMAN_ACTIONS, ids=lambda a: a.name)
def test_allowed_roles_of_the_other_county_are_refused(world, action, subtests):
    state = str(action.sources[0])
    application_id = reach(world, state)
    for role in sorted(action.roles):
        key = "institution_staff" if role == Role.INSTITUTION_STAFF else str(role)
        with subtests.test(action=action.name, role=key):
            refusal = assert_refused(world, application_id, action.name, world.b.actor(key),
                                     NotPermitted)  # fmt: skip
            assert "scope" in refusal.detail


def test_staff_of_another_institution_are_no_party(world):
    application_id = reach(world, "referred")
    for key in ("institution_staff_2", "institution_staff_out"):
        assert_refused(world, application_id, "accept_referral", world.a.actor(key), NotPermitted)
    assert_allowed(world, application_id, REHAB.action("accept_referral"),
                   world.a.actor("institution_staff"))  # fmt: skip


def test_submit_files_an_application_with_its_first_audit_row(world):
    application = file_application(world, by="institution_staff")
    rows = audit_rows(application.id)
    assert (application.state, application.version) == ("submitted", 1)
    assert [(r["action"], r["from_state"], r["to_state"], r["version"]) for r in rows] == [
        ("submit", None, "submitted", 1)
    ]
    assert application.submitted_by_institution_id == world.a.institutions[0].id
    assert application.due_at == REHAB.deadlines["submitted"].due_at(world.now)


@pytest.mark.parametrize("role", [r for r in Role if r not in REHAB.action("submit").roles])
def test_only_clerks_and_institutions_submit(world, role):
    key = str(role)
    if role == Role.PROVINCE_OFFICER:  # no county's user: the province's
        actor = accounts.actor_for(world.province())
    else:
        actor = SYSTEM if role == Role.SYSTEM else world.a.actor(key)
    before = audit_rows(0)
    with pytest.raises(NotPermitted):
        child = world.child()
        rehab.submit_application(
            actor,
            {"child_id": child.id, "items": ["training_limb"], "applicant_name": "监护人",
             "applicant_relation": "母亲"},
            world.now,
        )  # fmt: skip
    assert before == audit_rows(0)
    from casework.models import RehabApplication

    assert RehabApplication.select().count() == 0


@pytest.mark.parametrize("state", ["completed", "dropped_out"])
def test_settled_only_when_finance_pays_the_claim(world, state):
    """`settle` is reached one way: finance pays the claim holding the last unpaid aid item;
    the system takes the action and the audit row names it."""
    application_id = reach(world, state, by="institution_staff")
    if state == "dropped_out":  # reached straight from the plan: the month trained, late
        rehab.act(world.a.actor("institution_staff"), application_id, "record_attendance",
                  now=world.now, **ARGUMENTS["record_attendance"])  # fmt: skip
    assert_refused_to_everyone(world, application_id, "settle")
    before = snapshot(application_id)
    world.pay_claim(application_id)
    after = snapshot(application_id)
    assert (after["application"]["state"], after["application"]["version"]) == (
        "settled", before["application"]["version"] + 1)  # fmt: skip
    assert after["audit"][:-1] == before["audit"]
    row = after["audit"][-1]
    assert (row["action"], row["from_state"], row["actor_id"], row["actor_role"]) == (
        "settle", state, None, "system")  # fmt: skip


def test_a_quarter_paid_late_still_settles_what_it_holds(world):
    """Paying one application moves the world's clock past its quarter; another completed in
    that same quarter is still billed for it, not for the quarter the clock has reached."""
    first = reach(world, "completed", by="institution_staff")
    second = reach(world, "completed", by="intake_clerk")
    world.pay_claim(first)
    world.pay_claim(second)
    assert rehab.require(second).state == "settled"
    # and an application driven afterwards takes its dates from the day the clock reached
    assert rehab.require(reach(world, "dropped_out")).state == "dropped_out"


def test_an_effects_columns_are_written_with_the_move(world):
    """resubmit sets the diagnosis and the eligibility beside state, version and times, in the
    engine's prepared UPDATE: each value lands in its own column."""
    application_id = reach(world, "returned")
    later = world.now + dt.timedelta(hours=3)
    clerk = world.a.actor("intake_clerk")
    ChecklistItem.update(received=False).where(
        ChecklistItem.application == application_id, ChecklistItem.kind == "diagnosis"
    ).execute()  # the papers changed since the eligibility was stored: it is evaluated again
    outcome = rehab.act(clerk, application_id, "resubmit", now=later,
                        payload={"diagnosis": "脑性瘫痪(复诊)"})  # fmt: skip
    stored = RehabApplication.get_by_id(application_id)
    assert (stored.state, stored.version, stored.diagnosis) == (
        "resubmitted", outcome.version, "脑性瘫痪(复诊)")  # fmt: skip
    assert stored.updated_at == stored.state_entered_at == later
    assert stored.eligibility == eligibility.assess(stored) and not stored.eligibility["eligible"]
    assert outcome.changes["diagnosis"][1] == "脑性瘫痪(复诊)"
    assert outcome.changes["eligible"] == [True, False]
    assert (outcome.case.state, outcome.case.version) == ("resubmitted", stored.version)


def test_the_outcome_carries_the_case_as_the_action_left_it(world):
    """decline_referral clears the institution: the snapshot in the outcome says so, so the
    answer can tell the declining institution it no longer sees the case."""
    application_id = reach(world, "referred")
    staff = world.a.actor("institution_staff")
    outcome = rehab.act(staff, application_id, "decline_referral", now=world.now,
                        reason="本月名额已满")  # fmt: skip
    assert outcome.case.institution_id is None and outcome.case.state == "approved"
    assert not REHAB.visible(staff, outcome.case)
    assert REHAB.open_actions(world.a.actor("reviewer"), outcome.case) == ["refer"]
