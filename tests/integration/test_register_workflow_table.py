"""The register's life (workflows/register.py): every action from every state and by every
role; leaving twice, impossible days; the county a child moved to taking the file over;
leaving stops the visits; counts by status.

Allowed where the definition says so: the state moves, the file's version rises by one and
exactly one audit row on the child's file records it. Refused everywhere else, nothing
changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid, InvalidTransition, NotFound, NotPermitted
from casework.models import AuditEntry, Child
from casework.rules.deadlines import local_date
from casework.services import register, registry, visit_schedule
from casework.vocabulary import Role
from casework.workflows.definition import SYSTEM
from casework.workflows.register import ACTIONS, RegisterState

S = RegisterState
STATES = [str(s) for s in RegisterState]
LEFT_ON = "2026-02-20"


def arguments(world, name: str) -> tuple[object, dict]:
    """Who does `name` in the table, and what they give."""
    a = world.a
    return {
        "leave_moved_out": (a.actor("child_director"), {"payload": {
            "left_on": LEFT_ON, "moved_to": "贵州省某县", "to_county_id": world.b.county.id}}),
        "leave_died": (a.actor("child_director"), {"payload": {"left_on": LEFT_ON}}),
        "leave_out_of_difficulty": (a.actor("child_supervisor"), {
            "payload": {"left_on": LEFT_ON}, "reason": "复核：父亲已返乡就业，家庭脱困"}),
        "come_of_age": (SYSTEM, {}),
        "back_on": (a.actor("case_worker"), {"reason": "父亲再次外出，重新纳入"}),
        "take_over": (world.b.actor("case_worker"),
                      {"payload": {"place_id": world.b.villages[0].id}}),
    }[name]  # fmt: skip


def reach(world, state: str, *, born=dt.date(2015, 6, 1)) -> int:
    child = world.child(born=born)
    if state == S.OFF_REGISTER:
        actor, options = arguments(world, "leave_moved_out")
        register.act(actor, child.id, "leave_moved_out", now=world.now, **options)
    return child.id


def snapshot(child_id: int) -> dict:
    child = Child.get_by_id(child_id)
    rows = AuditEntry.select().where(AuditEntry.entity == "child", AuditEntry.entity_id == child_id)
    return {"child": dict(child.__data__), "audit": [dict(r.__data__) for r in rows]}


def test_cases_cover_every_action():
    assert {a.name for a in ACTIONS} == {
        "leave_moved_out", "leave_died", "leave_out_of_difficulty", "come_of_age", "back_on",
        "take_over"}  # fmt: skip


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_action_from_every_state(world, state, action):
    # an eighteen-year-old for come_of_age: registered at seventeen, acted on a year later
    born = dt.date(2008, 6, 1) if action.name == "come_of_age" else dt.date(2015, 6, 1)
    child_id = reach(world, state, born=born)
    now = world.now + dt.timedelta(days=120) if action.name == "come_of_age" else world.now
    actor, options = arguments(world, action.name)
    before = snapshot(child_id)
    if state not in action.sources:
        refusal = Invalid if action.dest == S.OFF_REGISTER else InvalidTransition
        if action.name == "take_over":  # the other county does not see a file still here
            refusal = NotPermitted
        with pytest.raises(refusal) as caught:
            register.act(actor, child_id, action.name, now=now, **options)
        if refusal is Invalid:  # leaving twice: bad input naming the day it left
            assert caught.value.code == "already_off_register"
            assert list(caught.value.fields) == ["left_on"]
        assert snapshot(child_id) == before
        return
    outcome = register.act(actor, child_id, action.name, now=now, **options)
    after = snapshot(child_id)
    assert (outcome.from_state, outcome.to_state) == (state, str(action.dest))
    assert after["child"]["state"] == str(action.dest)
    assert after["child"]["version"] == before["child"]["version"] + 1 == outcome.version
    assert after["audit"][:-1] == before["audit"]
    row = after["audit"][-1]
    assert (row["action"], row["from_state"], row["to_state"]) == (action.name, state,
                                                                   str(action.dest))  # fmt: skip
    assert row["reason"] == options.get("reason", "")


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_other_role_is_refused(world, action):
    child_id = reach(world, str(action.sources[0]))
    _, options = arguments(world, action.name)
    before = snapshot(child_id)
    county = world.b if action.name == "take_over" else world.a
    for key in ("intake_clerk", "reviewer", "leader", "case_worker", "child_supervisor",
                "child_director", "teacher", "admin"):  # fmt: skip
        actor = county.actor(key)
        if actor.role in action.roles:
            continue
        with pytest.raises((NotPermitted, NotFound)):
            register.act(actor, child_id, action.name, now=world.now, **options)
    assert snapshot(child_id) == before


def test_leaving_tells_why_and_when_and_the_history_keeps_it(world):
    child_id = reach(world, S.ON_REGISTER)
    actor, options = arguments(world, "leave_out_of_difficulty")
    later = world.now + dt.timedelta(hours=1)
    register.act(actor, child_id, "leave_out_of_difficulty", now=later, **options)
    child = Child.get_by_id(child_id)
    assert (child.left_reason, child.left_on) == ("out_of_difficulty", dt.date(2026, 2, 20))
    history = registry.history(world.a.actor("case_worker"), child_id)
    left = [(c.action, c.field, c.new) for c in history if c.action == "leave_out_of_difficulty"]
    assert ("leave_out_of_difficulty", "left_reason", "out_of_difficulty") in left
    as_before = registry.file_as_of(world.a.actor("case_worker"), child_id, world.now)
    assert (as_before["state"], as_before["left_reason"]) == ("on_register", None)


@pytest.mark.parametrize(
    ("left_on", "code"), [("2026-03-03", "date_in_future"), ("2015-05-31", "before_birth")]
)
def test_an_impossible_day_is_refused_naming_it(world, left_on, code):
    child_id = reach(world, S.ON_REGISTER)
    before = snapshot(child_id)
    with pytest.raises(Invalid) as caught:
        register.act(world.a.actor("child_director"), child_id, "leave_died", now=world.now,
                     payload={"left_on": left_on})  # fmt: skip
    assert [e.code for e in caught.value.fields["left_on"]] == [code]
    assert snapshot(child_id) == before


def test_no_longer_in_difficulty_needs_the_supervisors_reason(world):
    child_id = reach(world, S.ON_REGISTER)
    with pytest.raises(Invalid) as caught:
        register.act(world.a.actor("child_supervisor"), child_id, "leave_out_of_difficulty",
                     now=world.now, payload={"left_on": LEFT_ON})  # fmt: skip
    assert "reason" in caught.value.fields
    with pytest.raises(NotPermitted):
        register.act(world.a.actor("child_director"), child_id, "leave_out_of_difficulty",
                     now=world.now, payload={"left_on": LEFT_ON}, reason="x")  # fmt: skip


def test_the_county_moved_to_takes_the_file_over_not_a_copy(world):
    child_id = reach(world, S.OFF_REGISTER)  # moved to county b
    b_worker, a_worker = world.b.actor("case_worker"), world.a.actor("case_worker")
    assert [c.id for c in register.awaiting_take_over(b_worker)] == [child_id]
    assert register.awaiting_take_over(world.b.actor("child_supervisor")) == []
    # county b's leader sees it waiting, but may not take it; county a may not either
    with pytest.raises(NotPermitted):
        register.act(a_worker, child_id, "take_over", now=world.now,
                     payload={"place_id": world.a.villages[0].id})  # fmt: skip
    # a village of another county is refused, naming the field
    with pytest.raises(Invalid) as caught:
        register.act(b_worker, child_id, "take_over", now=world.now,
                     payload={"place_id": world.a.villages[0].id})  # fmt: skip
    assert list(caught.value.fields) == ["place_id"]
    register.act(b_worker, child_id, "take_over", now=world.now,
                 payload={"place_id": world.b.villages[0].id})  # fmt: skip
    child = Child.get_by_id(child_id)
    assert (child.place_id, child.state, child.left_reason) == (
        world.b.villages[0].id, "on_register", None)  # fmt: skip
    assert Child.select().count() == Child.select().distinct().count()
    assert register.awaiting_take_over(b_worker) == []
    # the file is county b's now, with its history; county a no longer reaches it
    assert registry.history(b_worker, child_id)[0].action == "register"
    with pytest.raises(NotPermitted):
        registry.history(a_worker, child_id)


def test_a_file_moved_out_of_the_service_cannot_be_taken_over(world):
    child = world.child()
    register.act(world.a.actor("child_director"), child.id, "leave_moved_out", now=world.now,
                 payload={"left_on": LEFT_ON, "moved_to": "广东省深圳市"})  # fmt: skip
    assert register.awaiting_take_over(world.b.actor("case_worker")) == []
    with pytest.raises(NotPermitted):
        register.act(world.b.actor("case_worker"), child.id, "take_over", now=world.now,
                     payload={"place_id": world.b.villages[0].id})  # fmt: skip


def test_moved_to_its_own_county_is_refused(world):
    child = world.child()
    with pytest.raises(Invalid) as caught:
        register.act(world.a.actor("child_director"), child.id, "leave_moved_out",
                     now=world.now, payload={"left_on": LEFT_ON, "moved_to": "本县",
                                             "to_county_id": world.a.county.id})  # fmt: skip
    assert [e.code for e in caught.value.fields["to_county_id"]] == ["same_county"]


def test_an_adult_is_not_put_back_on(world):
    child = world.child(born=dt.date(2008, 6, 1))
    later = world.now + dt.timedelta(days=120)
    register.take_off_adults(later)
    with pytest.raises(NotPermitted) as caught:
        register.act(world.a.actor("case_worker"), child.id, "back_on", now=later,
                     reason="误操作")  # fmt: skip
    assert caught.value.code == "adult_stays_off"


def test_leaving_stops_the_regular_visits(world):
    child = world.child()  # a disabled child: own difficulty, visited
    assert child.categories == ["self"]
    director = world.a.actor("child_director")
    later = local_date(world.now) + dt.timedelta(days=200)
    due = [d.child_id for d in visit_schedule.due_visits(director, later)]
    assert child.id in due
    register.act(director, child.id, "leave_died", now=world.now, payload={"left_on": LEFT_ON})
    assert child.id not in [d.child_id for d in visit_schedule.due_visits(director, later)]


def test_counts_by_status_in_scope(world):
    ids = [world.child().id for _ in range(3)]
    director = world.a.actor("child_director")
    register.act(director, ids[0], "leave_died", now=world.now, payload={"left_on": LEFT_ON})
    actor, options = arguments(world, "leave_moved_out")
    register.act(actor, ids[1], "leave_moved_out", now=world.now, **options)
    counts = register.counts(world.a.actor("case_worker"))
    assert counts["by_state"]["off_register"] == 2
    assert counts["off_by_reason"] == {"came_of_age": 0, "moved_out": 1, "died": 1,
                                       "out_of_difficulty": 0}  # fmt: skip
    assert register.counts(world.b.actor("case_worker"))["by_state"] == {
        "on_register": 0, "off_register": 0}  # fmt: skip
    assert Role.SYSTEM  # the table's come_of_age actor
