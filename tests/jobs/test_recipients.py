"""Who a reminder reaches: whoever holds the responsibility at each scan, up the place tree
where a level is empty (village child director -> township supervisor -> county case worker),
the county admin last, and never an inactive user."""

from __future__ import annotations

import pytest

from casework.models import Reminder, User
from casework.services import accounts
from casework.services.reminders import scan
from tests.jobs.helpers import application_in, china, rows, world_at

RAISED = china("2026-05-06 09:00")  # a monthly visit opened in March: due by 30 Apr
LATER = china("2026-05-06 12:00")  # the same day: not yet escalated


def _deactivate(world, *keys):
    ids = [world.a.users[k].id for k in keys]
    User.update(active=False).where(User.id.in_(ids)).execute()


def _appoint(world, role: str, place) -> User:
    return accounts.create_user(
        None, username=f"new-{role}-{place.id}", name=f"新{role}", role=role,
        password="password-1", place_id=place.id, now=RAISED,
    )  # fmt: skip


def _director_at_village_1(world):
    return _appoint(world, "child_director", world.a.villages[1])


def _supervisor_at_township_1(world):
    return _appoint(world, "child_supervisor", world.a.townships[1])


def _move_director_to_village_1(world):
    director = world.a.users["child_director"]
    User.update(place=world.a.villages[1].id).where(User.id == director.id).execute()


# (village of the child, what changes after the reminder was raised, who has it before and
# after (a key of world.a.users, "new" for the user the change appointed, None for nobody),
# and whether it is unreachable after)
CASES = [
    ("director present", 0, None, "child_director", "child_director", False),
    ("no director: township supervisor", 1, None, "child_supervisor", "child_supervisor", False),
    ("no director nor supervisor: case worker", 2, None, "case_worker", "case_worker", False),
    ("director appointed later", 1, _director_at_village_1, "child_supervisor", "new", False),
    ("supervisor appointed later", 3, _supervisor_at_township_1, "case_worker", "new", False),
    ("director deactivated", 0, lambda w: _deactivate(w, "child_director"),
     "child_director", "child_supervisor", False),
    ("director moved away", 0, _move_director_to_village_1, "child_director",
     "child_supervisor", False),
    ("every level deactivated: county admin", 0,
     lambda w: _deactivate(w, "child_director", "child_supervisor", "case_worker"),
     "child_director", "admin", True),
    ("nobody at all", 2, lambda w: _deactivate(w, "case_worker", "admin"),
     "case_worker", None, True),
]  # fmt: skip


def _user_id(world, key, appointed):
    if key is None:
        return None
    return appointed.id if key == "new" else world.a.users[key].id


@pytest.mark.parametrize(
    ("village", "change", "before", "after", "unreachable"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_reminder_reaches_who_holds_the_responsibility_now(
    database, village, change, before, after, unreachable
):
    world = world_at(china("2026-03-02 10:00"))
    child = world.child(village=village)
    from tests.jobs.test_case_rules import _with_categories

    _with_categories(child, ["guardianship"])  # monthly visits
    assert scan(RAISED).created == 1
    [reminder] = rows("visit.regular_overdue")
    assert reminder.assignee_id == world.a.users[before].id
    assert not reminder.unreachable and reminder.reached_at == RAISED
    appointed = change(world) if change else None
    summary = scan(LATER)
    [reminder] = rows("visit.regular_overdue")
    assert reminder.assignee_id == _user_id(world, after, appointed)
    assert reminder.unreachable is unreachable
    assert summary.unreachable == int(unreachable)
    assert summary.routed == (0 if after == before else 1)
    if after != before:
        assert reminder.reached_at == LATER and reminder.emailed_at is None


def test_an_escalation_never_goes_back_to_the_assignee(database):
    world = world_at(china("2026-03-02 10:00"))
    from tests.jobs.test_case_rules import _with_categories

    _with_categories(world.child(village=1), ["guardianship"])  # no director: the supervisor
    scan(RAISED)
    assert scan(china("2026-05-08 09:00")).escalated == 1
    [reminder] = rows("visit.regular_overdue")
    assert reminder.assignee_id == world.a.users["child_supervisor"].id
    assert reminder.escalated_to_id == world.a.users["case_worker"].id
    _deactivate(world, "case_worker")  # the escalation follows too, and is mailed again
    scan(china("2026-05-08 10:00"))
    [reminder] = rows("visit.regular_overdue")
    assert reminder.escalated_to_id == world.a.users["admin"].id
    assert reminder.escalation_emailed_at is None


def test_an_institution_without_active_staff_falls_to_the_reviewer(database):
    world = world_at(china("2026-03-02 10:00"))
    application_in(world, "referred")
    scan(china("2026-03-24 09:00"))
    [reminder] = rows("rehab.referral_answer")
    assert reminder.assignee_id == world.a.users["institution_staff"].id
    _deactivate(world, "institution_staff")
    scan(china("2026-03-24 10:00"))
    [reminder] = rows("rehab.referral_answer")
    assert reminder.assignee_id == world.a.users["reviewer"].id
    # its escalation went to the reviewer: now past them, to the county admin
    assert reminder.escalated_to_id == world.a.users["admin"].id


def test_a_reminder_handed_to_a_colleague_stays_with_them(database):
    """Two directors in one village: a hand-over gave the reminder to the one with the higher
    id; the scans leave it there while they hold the responsibility."""
    world = world_at(china("2026-03-02 10:00"))
    from tests.jobs.test_case_rules import _with_categories

    _with_categories(world.child(village=0), ["guardianship"])
    scan(RAISED)
    colleague = _appoint(world, "child_director", world.a.villages[0])
    Reminder.update(assignee=colleague.id).execute()
    assert scan(LATER).routed == 0
    [reminder] = rows("visit.regular_overdue")
    assert reminder.assignee_id == colleague.id
    _deactivate_user(colleague)  # gone: back to the first who holds it
    scan(china("2026-05-06 13:00"))
    [reminder] = rows("visit.regular_overdue")
    assert reminder.assignee_id == world.a.users["child_director"].id


def _deactivate_user(user):
    User.update(active=False).where(User.id == user.id).execute()
