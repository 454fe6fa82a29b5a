"""The admin's hand-over page: choose a successor, read what would move, confirm; the users
page lists the work left with deactivated users (none after the hand-over)."""

from __future__ import annotations

import re

from casework.models import AuditEntry, HomeEducation, User
from casework.services import accounts
from tests.conftest import NOW


def _successor(world) -> User:
    return accounts.create_user(None, username="teacher-2", name="新老师", role="teacher",
                                password="password-1", place_id=world.a.townships[0].id,
                                now=NOW)  # fmt: skip


def _left(page: str) -> str:
    return re.search(r'<h2 id="work-left">.*?<small>(\d+)</small>', page, re.S).group(1)


def test_preview_confirm_and_nothing_left(world, as_role):
    teacher = world.a.users["teacher"]
    enrolment = world.enrol_home_education(world.child())
    successor = _successor(world)
    admin = as_role("admin")
    accounts.set_active(world.a.actor("admin"), teacher.id, False, NOW)
    users = admin.text("/admin/users")
    assert "停用用户名下尚待处理的工作" in users and _left(users) == "2"  # a child, a token
    page = admin.text(f"/admin/users/{teacher.id}/handover?successor_id={successor.id}")
    assert "新老师" in page and "将移交给 新老师 的工作" in page
    fingerprint = re.search(r'name="expected" value="(\w+)"', page).group(1)
    form = {"successor_id": str(successor.id), "expected": fingerprint}
    done = admin.post(f"/admin/users/{teacher.id}/handover", form)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == successor.id
    users = admin.text("/admin/users")
    assert _left(users) == "0" and "没有停用用户名下尚待处理的工作。" in users


def test_a_wrong_successor_is_refused_in_chinese_and_nothing_changes(world, as_role):
    teacher = world.a.users["teacher"]
    world.enrol_home_education(world.child())
    admin, audit = as_role("admin"), AuditEntry.select().count()
    worker = world.a.users["case_worker"].id
    page = admin.get(f"/admin/users/{teacher.id}/handover?successor_id={worker}")
    assert page.status_code == 422 and "接任者须担任相同角色。" in page.get_data(as_text=True)
    refused = admin.post(f"/admin/users/{teacher.id}/handover",
                         {"successor_id": str(worker), "deactivate": "yes"})  # fmt: skip
    assert refused.status_code == 422 and "接任者须担任相同角色。" in refused.get_data(as_text=True)
    assert AuditEntry.select().count() == audit and User.get_by_id(teacher.id).active
    assert HomeEducation.get().teacher_id == teacher.id


def test_a_user_who_moves_is_given_the_new_post_on_the_same_page(world, as_role):
    teacher = world.a.users["teacher"]
    enrolment = world.enrol_home_education(world.child())
    successor = _successor(world)
    admin = as_role("admin")
    page = admin.text(f"/admin/users/{teacher.id}/handover?successor_id={successor.id}")
    assert "调往县内其他岗位" in page
    form = {"successor_id": str(successor.id), "leaves": "moves", "role": "teacher",
            "place_id": str(world.a.villages[0].id)}  # fmt: skip
    refused = admin.post(f"/admin/users/{teacher.id}/handover", form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert f'value="{world.a.villages[0].id}" selected' in text  # kept as chosen
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == teacher.id
    done = admin.post(f"/admin/users/{teacher.id}/handover",
                      {**form, "place_id": str(world.a.townships[1].id)})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    moved = User.get_by_id(teacher.id)
    assert moved.active and moved.place_id == world.a.townships[1].id
    assert HomeEducation.get_by_id(enrolment.id).teacher_id == successor.id


def test_a_move_to_a_department_post_asks_for_the_department(world, as_role):
    teacher = world.a.users["teacher"]
    successor = _successor(world)
    admin = as_role("admin")
    page = admin.text(f"/admin/users/{teacher.id}/handover?successor_id={successor.id}")
    assert 'name="department"' in page and "教育" in page
    form = {"successor_id": str(successor.id), "leaves": "moves", "role": "department_staff",
            "place_id": str(world.a.county.id)}  # fmt: skip
    audit = AuditEntry.select().count()
    refused = admin.post(f"/admin/users/{teacher.id}/handover", form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert '<span class="error" id="department-error">此项为必填项。</span>' in text
    assert AuditEntry.select().count() == audit and User.get_by_id(teacher.id).role == "teacher"
    done = admin.post(f"/admin/users/{teacher.id}/handover", {**form, "department": "health"})
    assert done.status_code == 302, done.get_data(as_text=True)
    moved = User.get_by_id(teacher.id)
    assert (moved.role, moved.place_id, moved.department) == (
        "department_staff",
        world.a.county.id,
        "health",
    )
