"""A snooze is each person's own and limited (the county's policy: 7 days, twice), never hides
an escalated item from the supervisor it went to; a reminder is closed by hand as done or as
not applicable with a reason, and the scan leaves it closed."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid
from casework.models import AuditEntry, Reminder
from casework.services import deadline_policy, inbox
from casework.services.reminders import scan
from tests.jobs.helpers import application_in, china, world_at

RAISED = china("2026-03-10 09:00")  # Tue: the referral answer is overdue
ESCALATED = china("2026-03-13 09:00")  # past the grace (Wed 11, Thu 12)
DAY = dt.timedelta(days=1)


@pytest.fixture
def world(database):
    world = world_at(china("2026-03-02 10:00"))
    application_in(world, "referred")
    scan(RAISED)
    return world


def _open(actor, now):
    return inbox.list_reminders(actor, now=now)[1]


def test_a_snooze_hides_the_item_from_its_snoozer_only(world):
    staff, reviewer = world.a.actor("institution_staff"), world.a.actor("reviewer")
    [reminder] = Reminder.select()
    assert scan(ESCALATED).escalated == 1
    inbox.snooze(staff, reminder.id, ESCALATED + 3 * DAY, "家长外出", ESCALATED)
    assert _open(staff, ESCALATED) == 0
    assert _open(reviewer, ESCALATED) == 1  # escalated to the reviewer: still shown there
    [seen] = inbox.list_reminders(reviewer, now=ESCALATED)[0]
    assert seen.snoozed_until is None  # the staff's snooze is not the reviewer's
    inbox.snooze(reviewer, reminder.id, ESCALATED + DAY, "明日督办", ESCALATED)
    assert _open(reviewer, ESCALATED) == 0 and _open(staff, ESCALATED + 4 * DAY) == 1


def test_the_assignees_snooze_holds_the_escalation_until_it_ends(world):
    staff = world.a.actor("institution_staff")
    [reminder] = Reminder.select()
    inbox.snooze(staff, reminder.id, RAISED + 5 * DAY, "等材料", RAISED)
    assert scan(ESCALATED).escalated == 0
    assert scan(RAISED + 5 * DAY).escalated == 1


def test_a_snooze_is_limited_by_the_county_policy(world):
    staff = world.a.actor("institution_staff")
    [reminder] = Reminder.select()
    with pytest.raises(Invalid) as refused:
        inbox.snooze(staff, reminder.id, RAISED + 8 * DAY, "等材料", RAISED)
    [error] = refused.value.fields["until"]
    assert (error.code, error.params) == ("too_far_ahead", {"days": 7})
    inbox.snooze(staff, reminder.id, RAISED + 7 * DAY, "等材料", RAISED)
    later = RAISED + 7 * DAY
    shown = inbox.snooze(staff, reminder.id, later + DAY, "仍在等", later)
    assert shown.snoozes_left == 0
    with pytest.raises(Conflict) as limit:
        inbox.snooze(staff, reminder.id, later + 3 * DAY, "再等等", later + 2 * DAY)
    assert (limit.value.code, limit.value.params) == (
        "snooze_limit_reached", {"id": reminder.id, "limit": 2},
    )  # fmt: skip


def test_the_longest_snooze_is_the_countys_and_the_count_each_persons(world):
    staff, reviewer = world.a.actor("institution_staff"), world.a.actor("reviewer")
    [reminder] = Reminder.select()
    deadline_policy.set_deadline(world.a.actor("admin"), "snooze", 3, "days", RAISED)
    with pytest.raises(Invalid) as refused:
        inbox.snooze(staff, reminder.id, RAISED + 4 * DAY, "x", RAISED)
    assert refused.value.fields["until"][0].params == {"days": 3}
    inbox.snooze(staff, reminder.id, RAISED + DAY, "x", RAISED)
    inbox.snooze(staff, reminder.id, RAISED + 2 * DAY, "x", RAISED + DAY)
    scan(ESCALATED)
    assert inbox.snooze(reviewer, reminder.id, ESCALATED + DAY, "y", ESCALATED).snoozes_left == 1


def test_closed_as_done_or_not_applicable_with_a_reason(world):
    staff = world.a.actor("institution_staff")
    [reminder] = Reminder.select()
    with pytest.raises(Invalid) as refused:
        inbox.close(staff, reminder.id, "not_applicable", " ", RAISED)
    assert refused.value.code == "invalid_reminder_closing" and "reason" in refused.value.fields
    with pytest.raises(Invalid):
        inbox.close(staff, reminder.id, "ignored", "", RAISED)
    closed = inbox.close(staff, reminder.id, "not_applicable", "已线下答复", RAISED)
    assert (closed.state, closed.closed_as, closed.close_reason) == (
        "resolved", "not_applicable", "已线下答复",
    )  # fmt: skip
    assert closed.closed_by_id == staff.id and closed.resolved_at == RAISED
    entry = AuditEntry.get(AuditEntry.entity == "reminder", AuditEntry.action == "close")
    assert entry.reason == "已线下答复"
    summary = scan(ESCALATED)  # the case is still overdue: nothing raised again, nor escalated
    assert (summary.created, summary.escalated) == (0, 0)
    assert Reminder.select().count() == 1
    with pytest.raises(Conflict):
        inbox.close(staff, reminder.id, "done", "", ESCALATED)
    with pytest.raises(Conflict):
        inbox.snooze(staff, reminder.id, ESCALATED + DAY, "x", ESCALATED)
