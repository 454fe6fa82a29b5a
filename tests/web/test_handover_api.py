"""/api/v1/users/{id}/handover: the preview, then the hand-over of exactly that list;
/users/work-left lists what waits on deactivated users. Refusals are problem+json with a
stable code and nothing written."""

from __future__ import annotations

from casework.models import AuditEntry, HomeEducation, Reminder, User
from casework.services import accounts
from tests.conftest import NOW
from tests.web.conftest import API, auth, problem


def _successor(world) -> User:
    return accounts.create_user(None, username="teacher-2", name="新老师", role="teacher",
                                password="password-1", place_id=world.a.townships[0].id,
                                now=NOW)  # fmt: skip


def test_preview_then_hand_over_exactly_that(client, world):
    teacher = world.a.users["teacher"]
    enrolment = world.enrol_home_education(world.child())
    successor = _successor(world)
    admin = auth(world.a, "admin")
    url = f"{API}/users/{teacher.id}/handover"
    seen = client.get(url, query_string={"successor_id": successor.id}, headers=admin)
    assert seen.status_code == 200, seen.get_data(as_text=True)
    work = seen.get_json()["work"]
    assert work["enrolments"] == [enrolment.id] and work["counts"]["tokens"] == 1
    body = {"successor_id": successor.id, "deactivate": True, "expected": work["fingerprint"]}
    done = client.post(url, json=body, headers=admin)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["work"] == work
    assert done.get_json()["user"]["active"] is False
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == successor.id
    assert client.get(f"{API}/users/work-left", headers=admin).get_json() == []
    # the leaver's token no longer works (revoked and deactivated)
    assert client.get(f"{API}/users/me", headers=auth(world.a, "teacher")).status_code == 401


def test_work_left_with_a_deactivated_user(client, world):
    teacher = world.a.users["teacher"]
    world.enrol_home_education(world.child())
    accounts.set_active(world.a.actor("admin"), teacher.id, False, NOW)
    [row] = client.get(f"{API}/users/work-left", headers=auth(world.a, "admin")).get_json()
    assert row["user"]["id"] == teacher.id
    assert row["work"]["counts"] == {"reminders": 0, "escalations": 0, "enrolments": 1,
                                     "tokens": 1}  # fmt: skip
    assert client.get(f"{API}/users/work-left", headers=auth(world.b, "admin")).get_json() == []
    problem(client.get(f"{API}/users/work-left", headers=auth(world.a, "leader")), 403)


def test_a_wrong_successor_is_422_with_its_code_and_nothing_written(client, world):
    teacher = world.a.users["teacher"]
    world.enrol_home_education(world.child())
    audit = AuditEntry.select().count()
    url = f"{API}/users/{teacher.id}/handover"
    for successor, code in ((world.a.users["case_worker"].id, "successor_wrong_role"),
                            (world.b.users["teacher"].id, "unknown_successor"),
                            (teacher.id, "successor_is_the_user")):  # fmt: skip
        body = {"successor_id": successor, "deactivate": True}
        refused = problem(client.post(url, json=body, headers=auth(world.a, "admin")), 422)
        assert refused["code"] == code
    assert AuditEntry.select().count() == audit and User.get_by_id(teacher.id).active
    assert HomeEducation.get().teacher_id == teacher.id


def test_a_stale_preview_is_409(client, world):
    teacher, successor = world.a.users["teacher"], _successor(world)
    url = f"{API}/users/{teacher.id}/handover"
    admin = auth(world.a, "admin")
    seen = client.get(url, query_string={"successor_id": successor.id}, headers=admin).get_json()
    Reminder.create(rule="visit.home_education_month", entity="child", entity_id=1,
                    instance="2026-01", due_at=NOW, severity="warning", assignee=teacher.id,
                    created_at=NOW)  # fmt: skip
    body = {"successor_id": successor.id, "expected": seen["work"]["fingerprint"]}
    assert problem(client.post(url, json=body, headers=admin), 409)["code"] == "handover_changed"
    assert Reminder.get().assignee_id == teacher.id


def test_a_user_who_moves_hands_over_and_takes_the_new_post(client, world):
    teacher = world.a.users["teacher"]
    enrolment = world.enrol_home_education(world.child())
    successor = _successor(world)
    admin = auth(world.a, "admin")
    url = f"{API}/users/{teacher.id}/handover"
    elsewhere = {"role": "teacher", "place_id": world.a.townships[1].id}
    wrong = client.post(url, json={"successor_id": successor.id, "moves_to": {
        "role": "teacher", "place_id": world.a.villages[0].id}}, headers=admin)  # fmt: skip
    assert problem(wrong, 422)["code"] == "role_needs_place"
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == teacher.id
    done = client.post(url, json={"successor_id": successor.id, "moves_to": elsewhere},
                       headers=admin)  # fmt: skip
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["user"]["place_id"] == world.a.townships[1].id
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == successor.id
    assert User.get_by_id(teacher.id).active


def test_a_move_to_a_department_post_needs_the_department(client, world):
    teacher = world.a.users["teacher"]
    successor = _successor(world)
    admin = auth(world.a, "admin")
    url = f"{API}/users/{teacher.id}/handover"
    audit = AuditEntry.select().count()
    post = {"role": "department_staff", "place_id": world.a.county.id}
    for department in ({}, {"department": None}, {"department": "weather_bureau"}):
        body = {"successor_id": successor.id, "moves_to": {**post, **department}}
        refused = problem(client.post(url, json=body, headers=admin), 422)
        assert refused["code"] == "department_required" and "department" in refused["errors"]
    assert AuditEntry.select().count() == audit and User.get_by_id(teacher.id).role == "teacher"
    body = {"successor_id": successor.id, "moves_to": {**post, "department": "education"}}
    done = client.post(url, json=body, headers=admin)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["user"]["department"] == "education"
    moved = User.get_by_id(teacher.id)
    assert (moved.role, moved.department) == ("department_staff", "education")
