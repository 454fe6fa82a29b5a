"""A request past the department's time limit reminds that department's staff, at the county's
office or the family's township's; it escalates to the window (the county's case worker), who
also receives it while the department has no one appointed. The window's own limits remind
the window."""

from __future__ import annotations

from casework.models import User
from casework.services.reminders import scan
from tests.integration.transfer_cases import TRANSFERS, actor_for, arguments, receive
from tests.jobs.helpers import china, rows, world_at

RECEIVED = "2026-03-02 10:00"  # a Monday: the department answers within 3 working days


def _transferred(world, department: str):
    case = receive(world)
    TRANSFERS.act(world.a.actor("case_worker"), case.id, "transfer", now=world.now,
                  payload={"department": department})  # fmt: skip
    return case


def test_the_departments_staff_are_reminded_and_the_window_supervises(database):
    world = world_at(china(RECEIVED))
    case = _transferred(world, "civil_affairs")  # due at the end of Thu 5 Mar
    assert scan(china("2026-03-05 23:59:59")).created == 0
    assert scan(china("2026-03-06 00:00")).created == 1
    [reminder] = rows("transfer.department_answer")
    assert reminder.entity_id == case.id
    # the county's civil-affairs office first (the township's answers when it is gone)
    assert reminder.assignee_id == world.a.users["department_staff"].id
    assert not reminder.unreachable
    assert scan(china("2026-03-20 09:00")).escalated == 1
    [reminder] = rows("transfer.department_answer")
    assert reminder.escalated_to_id == world.a.users["case_worker"].id
    # the county's office left: the family's township's takes the reminder at the next scan
    User.update(active=False).where(User.id == world.a.users["department_staff"].id).execute()
    scan(china("2026-03-20 10:00"))
    [reminder] = rows("transfer.department_answer")
    assert reminder.assignee_id == world.a.users["department_staff_township"].id
    # accepted by the township's office: the reminder resolves
    TRANSFERS.act(world.a.actor("department_staff_township"), case.id, "accept",
                  now=china("2026-03-20 11:00"))  # fmt: skip
    assert scan(china("2026-03-20 11:01")).resolved == 1


def test_another_department_and_a_department_without_staff(database):
    world = world_at(china(RECEIVED))
    health = _transferred(world, "health")
    education = _transferred(world, "education")  # no one of education has an account
    scan(china("2026-03-06 00:00"))
    assignees = {r.entity_id: r.assignee_id for r in rows("transfer.department_answer")}
    assert assignees == {
        health.id: world.a.users["department_staff_health"].id,
        education.id: world.a.users["case_worker"].id,
    }


def test_the_windows_limits_remind_the_window(database):
    world = world_at(china(RECEIVED))
    case = receive(world)  # transferred within 2 working days
    scan(china("2026-03-05 00:00"))
    [reminder] = rows("transfer.transfer_dispatch")
    assert reminder.assignee_id == world.a.users["case_worker"].id
    TRANSFERS.act(actor_for(world.a, "transfer"), case.id, "transfer",
                  now=china("2026-03-05 09:00"), **arguments("transfer"))  # fmt: skip
    assert scan(china("2026-03-05 09:01")).resolved == 1
