"""Staff who leave: the work waiting on a user moves to the successor the admin chooses, in
one audited transaction, exactly as the preview listed it; a wrong successor is refused with
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import ApiToken, AuditEntry, HomeEducation, Reminder, User
from casework.services import accounts, handover
from tests.conftest import NOW


def _user(world, key: str, role: str, place, active: bool = True) -> User:
    user = accounts.create_user(None, username=f"{key}-x", name=key, role=role,
                                password="password-1", place_id=place.id, now=NOW)  # fmt: skip
    if not active:
        User.update(active=False).where(User.id == user.id).execute()
    return User.get_by_id(user.id)


def _reminder(n: int, assignee: User, escalated_to: User | None = None, state="open"):
    return Reminder.create(
        rule="visit.home_education_month", entity="child", entity_id=n, instance=f"2026-0{n}",
        due_at=NOW, severity="warning", assignee=assignee.id, created_at=NOW, state=state,
        escalated_to=escalated_to.id if escalated_to else None,
    )  # fmt: skip


@pytest.fixture
def leaving(world):
    """County a's teacher with two open reminders (one resolved), one escalation, a child
    taught now and one whose teaching ended, and a live API token (the world issued one)."""
    teacher, supervisor = world.a.users["teacher"], world.a.users["child_supervisor"]
    _reminder(1, teacher)
    _reminder(2, teacher)
    _reminder(3, teacher, state="resolved")
    _reminder(4, supervisor, escalated_to=teacher)
    world.enrol_home_education(world.child())
    ended = world.enrol_home_education(world.child())
    HomeEducation.update(started_on=dt.date(2025, 9, 1), ended_on=dt.date(2026, 1, 31)).where(
        HomeEducation.id == ended.id
    ).execute()
    return teacher


def _state() -> dict:
    """Everything a hand-over may write."""
    return {
        "reminders": list(
            Reminder.select(Reminder.id, Reminder.assignee, Reminder.escalated_to)
            .order_by(Reminder.id)
            .tuples()
        ),  # fmt: skip
        "enrolments": list(
            HomeEducation.select(HomeEducation.id, HomeEducation.teacher)
            .order_by(HomeEducation.id)
            .tuples()
        ),  # fmt: skip
        "tokens": list(ApiToken.select(ApiToken.id, ApiToken.revoked_at).tuples()),
        "users": list(User.select(User.id, User.active).order_by(User.id).tuples()),
        "audit": AuditEntry.select().count(),
    }


def test_the_preview_is_what_moves_in_one_audited_transaction(world, leaving):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    assert [u.id for u in handover.candidates(admin, leaving.id)] == [successor.id]
    seen = handover.preview(admin, leaving.id, successor.id, NOW)
    assert seen.work.counts == {"reminders": 2, "escalations": 1, "enrolments": 1, "tokens": 1}
    done = handover.hand_over(admin, leaving.id, successor.id, NOW, deactivate=True,
                              expected=seen.work.fingerprint)  # fmt: skip
    assert done.work == seen.work
    assert handover.work_of(leaving.id, NOW).total == 0
    assert not User.get_by_id(leaving.id).active
    moved = Reminder.select().where(Reminder.id.in_(seen.work.reminders))
    assert {r.assignee_id for r in moved} == {successor.id}
    [escalated] = Reminder.select().where(Reminder.id.in_(seen.work.escalations))
    assert escalated.escalated_to_id == successor.id
    assert escalated.assignee_id == world.a.users["child_supervisor"].id
    assert HomeEducation.get_by_id(seen.work.enrolments[0]).teacher_id == successor.id
    ended = HomeEducation.select().where(HomeEducation.id.not_in(seen.work.enrolments)).get()
    assert ended.teacher_id == leaving.id  # a finished teaching stays as it was
    resolved = Reminder.get(Reminder.state == "resolved")
    assert resolved.assignee_id == leaving.id  # history stays with who held it
    assert ApiToken.get_by_id(seen.work.tokens[0]).revoked_at == NOW  # revoked, not handed on
    assert handover.work_of(successor.id, NOW).counts["tokens"] == 0  # none handed on
    [entry] = AuditEntry.select().where(AuditEntry.entity == "user",
                                        AuditEntry.action == "hand_over")  # fmt: skip
    assert entry.entity_id == leaving.id and entry.actor_id == admin.id
    assert entry.changes["active"] == [True, False]
    assert entry.changes["reminders"] == [list(seen.work.reminders), []]


def test_work_left_with_inactive_users_is_listed_until_handed_over(world, leaving):
    admin = world.a.actor("admin")
    assert handover.left_with_inactive(admin, NOW) == []
    accounts.set_active(admin, leaving.id, False, NOW)  # stopped without a successor
    [(user, work)] = handover.left_with_inactive(admin, NOW)
    assert user.id == leaving.id and work.total == 5
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    handover.hand_over(admin, leaving.id, successor.id, NOW)  # the user is inactive already
    assert handover.left_with_inactive(admin, NOW) == []
    assert handover.left_with_inactive(world.b.actor("admin"), NOW) == []


@pytest.mark.parametrize("successor, code", [
    ("case_worker", "successor_wrong_role"),
    ("other_township_teacher", "successor_wrong_place"),
    ("inactive_teacher", "successor_inactive"),
    ("self", "successor_is_the_user"),
    ("other_county_teacher", "unknown_successor"),
    ("nobody", "unknown_successor"),
    ("text", "unknown_successor"),
])  # fmt: skip
def test_a_wrong_successor_is_refused_and_nothing_changes(world, leaving, successor, code):
    candidates = {
        "case_worker": world.a.users["case_worker"].id,
        "other_township_teacher": _user(world, "t2", "teacher", world.a.townships[1]).id,
        "inactive_teacher": _user(world, "t3", "teacher", world.a.townships[0], False).id,
        "self": leaving.id,
        "other_county_teacher": world.b.users["teacher"].id,
        "nobody": 99999,
        "text": "12",
    }
    admin, before = world.a.actor("admin"), _state()
    for attempt in (handover.preview, handover.hand_over):
        with pytest.raises(Invalid) as refused:
            attempt(admin, leaving.id, candidates[successor], NOW)
        assert refused.value.code == code
        assert refused.value.fields["successor_id"][0].code == code
    assert _state() == before


def test_a_change_since_the_preview_refuses_the_hand_over(world, leaving):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    seen = handover.preview(admin, leaving.id, successor.id, NOW)
    _reminder(5, leaving)
    before = _state()
    with pytest.raises(Conflict) as refused:
        handover.hand_over(admin, leaving.id, successor.id, NOW, deactivate=True,
                           expected=seen.work.fingerprint)  # fmt: skip
    assert refused.value.code == "handover_changed"
    assert _state() == before


def test_only_the_county_admin_hands_over_and_never_themselves(world, leaving):
    with pytest.raises(NotPermitted):
        handover.preview(world.a.actor("leader"), leaving.id, leaving.id, NOW)
    with pytest.raises(NotPermitted):  # another county's user
        handover.preview(world.b.actor("admin"), leaving.id, world.b.users["teacher"].id, NOW)
    admin = world.a.actor("admin")
    other_admin = _user(world, "admin2", "admin", world.a.county)
    before = _state()
    with pytest.raises(Invalid) as refused:
        handover.hand_over(admin, admin.id, other_admin.id, NOW, deactivate=True)
    assert refused.value.code == "own_account" and _state() == before


def test_a_user_who_moves_takes_the_new_post_and_leaves_the_work_to_the_successor(world, leaving):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    new_post = handover.Post("teacher", world.a.townships[1].id)
    seen = handover.preview(admin, leaving.id, successor.id, NOW)
    done = handover.hand_over(admin, leaving.id, successor.id, NOW, moves_to=new_post,
                              expected=seen.work.fingerprint)  # fmt: skip
    assert done.work == seen.work and handover.work_of(leaving.id, NOW).total == 0
    moved = User.get_by_id(leaving.id)
    assert (moved.active, moved.role, moved.place_id) == (True, "teacher", world.a.townships[1].id)
    assert HomeEducation.get_by_id(seen.work.enrolments[0]).teacher_id == successor.id
    [entry] = AuditEntry.select().where(AuditEntry.action == "hand_over")
    assert entry.changes["place"] == [world.a.townships[0].id, world.a.townships[1].id]
    assert entry.changes["role"] == ["teacher", "teacher"] and "active" not in entry.changes
    # on to the county office, the new township's teacher taking over what waits there
    there = _user(world, "township-teacher", "teacher", world.a.townships[1])
    handover.hand_over(admin, leaving.id, there.id, NOW,
                       moves_to=handover.Post("case_worker", world.a.county.id))  # fmt: skip
    assert User.get_by_id(leaving.id).role == "case_worker"


@pytest.mark.parametrize("post, kw, error, code", [
    (("teacher", "village"), {}, Invalid, "role_needs_place"),
    (("teacher", "own"), {}, Invalid, "same_post"),
    (("system", "county"), {}, Invalid, "role_not_assignable"),
    (("pilot", "county"), {}, Invalid, "unknown_role"),
    (("teacher", "other_county"), {}, NotPermitted, "admin_only"),
    (("teacher", "township"), {"deactivate": True}, Invalid, "leave_or_move"),
])  # fmt: skip
def test_a_move_to_a_wrong_post_is_refused_and_nothing_changes(world, leaving, post, kw, error,
                                                               code):  # fmt: skip
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    places = {"village": world.a.villages[0].id, "own": world.a.townships[0].id,
              "county": world.a.county.id, "other_county": world.b.townships[0].id,
              "township": world.a.townships[1].id}  # fmt: skip
    before = _state()
    with pytest.raises(error) as refused:
        handover.hand_over(admin, leaving.id, successor.id, NOW,
                           moves_to=handover.Post(post[0], places[post[1]]), **kw)  # fmt: skip
    assert refused.value.code == code
    assert _state() == before and User.get_by_id(leaving.id).place_id == places["own"]


@pytest.mark.parametrize("department, code", [
    (None, "department_required"),
    ("", "department_required"),
    ("weather_bureau", "department_required"),
    (7, "department_required"),
])  # fmt: skip
def test_a_move_to_a_department_post_needs_the_department(world, leaving, department, code):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    before = _state()
    post = handover.Post("department_staff", world.a.county.id, department=department)
    with pytest.raises(Invalid) as refused:
        handover.hand_over(admin, leaving.id, successor.id, NOW, moves_to=post)
    assert refused.value.code == code and list(refused.value.fields) == ["department"]
    assert _state() == before
    moved = User.get_by_id(leaving.id)
    assert (moved.role, moved.department) == ("teacher", None)


def test_a_department_is_refused_for_any_other_post(world, leaving):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    before = _state()
    post = handover.Post("case_worker", world.a.county.id, department="health")
    with pytest.raises(Invalid) as refused:
        handover.hand_over(admin, leaving.id, successor.id, NOW, moves_to=post)
    assert refused.value.code == "role_takes_no_department"
    assert list(refused.value.fields) == ["department"] and _state() == before


def test_a_move_to_a_department_post_keeps_the_department_and_audits_it(world, leaving):
    admin = world.a.actor("admin")
    successor = _user(world, "new-teacher", "teacher", world.a.townships[0])
    post = handover.Post("department_staff", world.a.county.id, department="education")
    handover.hand_over(admin, leaving.id, successor.id, NOW, moves_to=post)
    moved = User.get_by_id(leaving.id)
    assert (moved.role, moved.place_id, moved.department) == (
        "department_staff",
        world.a.county.id,
        "education",
    )
    [entry] = AuditEntry.select().where(AuditEntry.action == "hand_over")
    assert entry.changes["department"] == [None, "education"]
    # the same place and role in another department is another post; back to a place without
    # a department clears it
    health = world.a.users["department_staff_health"]
    other = handover.Post("department_staff", world.a.county.id, department="health")
    with pytest.raises(Invalid) as refused:  # the education office's work goes to education
        handover.hand_over(admin, leaving.id, health.id, NOW, moves_to=other)
    assert refused.value.code == "successor_wrong_department"
    education = accounts.create_user(None, username="edu-3", name="edu", role="department_staff",
                                     password="password-1", place_id=world.a.county.id,
                                     department="education", now=NOW)  # fmt: skip
    assert [u.id for u in handover.candidates(admin, leaving.id)] == [education.id]
    handover.hand_over(admin, leaving.id, education.id, NOW, moves_to=other)
    assert User.get_by_id(leaving.id).department == "health"
    handover.hand_over(admin, leaving.id, health.id, NOW,
                       moves_to=handover.Post("teacher", world.a.townships[1].id))  # fmt: skip
    back = User.get_by_id(leaving.id)
    assert (back.role, back.department) == ("teacher", None)


def test_a_department_post_in_the_same_place_and_department_is_the_same_post(world):
    admin, staff = world.a.actor("admin"), world.a.users["department_staff"]
    successor = accounts.create_user(None, username="ca-2", name="ca", role="department_staff",
                                     password="password-1", place_id=world.a.county.id,
                                     department="civil_affairs", now=NOW)  # fmt: skip
    same = handover.Post("department_staff", world.a.county.id, department="civil_affairs")
    with pytest.raises(Invalid) as refused:
        handover.hand_over(admin, staff.id, successor.id, NOW, moves_to=same)
    assert refused.value.code == "same_post"
