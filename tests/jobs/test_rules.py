"""Every reminder rule with a fixed `now` on each side of its deadline; re-runs add nothing;
escalation after the grace period; self-resolution; snooze."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import User
from casework.reminders.catalogue import catalogue
from casework.services import accounts, inbox, rehab
from casework.services import deadline_policy as policy_service
from casework.services.reminders import scan
from casework.workflows.registry import WORKFLOWS
from tests.jobs.helpers import application_in, attend, china, rows, world_at

SECOND = dt.timedelta(seconds=1)
START = "2026-03-02 10:00"  # Monday
# state, rule, the deadline (end of the due day in China), who answers for it
STATE_DEADLINES = [
    ("submitted", "rehab.review", "2026-03-24 00:00", "reviewer"),  # 15 working days
    ("under_review", "rehab.review", "2026-03-24 00:00", "reviewer"),
    ("referred", "rehab.referral_answer", "2026-03-10 00:00", "institution_staff"),  # 5
    ("accepted", "rehab.agreement", "2026-03-17 00:00", "institution_staff"),  # 10
    ("agreed", "rehab.rehab_plan", "2026-04-02 00:00", "institution_staff"),  # 30 days
]


def test_every_deadline_of_every_workflow_has_a_rule():
    names = {r.name for r in catalogue()}
    for workflow in WORKFLOWS:
        for deadline in workflow.deadlines.values():
            assert f"{workflow.name}.{deadline.name}" in names


@pytest.mark.parametrize("state, rule, due, role", STATE_DEADLINES)
def test_a_state_deadline_raises_one_reminder_once_it_has_passed(database, state, rule, due, role):
    world = world_at(china(START))
    application = application_in(world, state)
    deadline = china(due)
    assert application.due_at == deadline
    assert scan(deadline - SECOND).created == 0
    assert rows() == []
    summary = scan(deadline)
    assert summary.created == 1
    [reminder] = rows()
    assert (reminder.rule, reminder.entity, reminder.entity_id) == (rule, "rehab", application.id)
    assert reminder.assignee_id == world.a.users[role].id
    assert reminder.due_at == deadline and reminder.subject_state == state
    assert reminder.escalated_at is None
    again = scan(deadline + dt.timedelta(hours=1))
    assert (again.created, again.resolved, again.escalated) == (0, 0, 0)
    assert len(rows()) == 1


def test_review_reminder_across_the_spring_festival(database):
    # submitted Fri 13 Feb 2026: due end of Thu 12 Mar, not Fri 6 Mar as Mon-Fri would say
    world = world_at(china("2026-02-13 10:00"))
    world.application()
    assert scan(china("2026-03-07 09:00")).created == 0
    assert scan(china("2026-03-12 23:59:59")).created == 0
    assert scan(china("2026-03-13 00:00")).created == 1


def test_referral_reminder_counts_the_swapped_working_saturday(database):
    # referred Wed 6 May 2026: Sat 9 May is a working day, so the answer is due Tue 12 May
    world = world_at(china("2026-05-06 10:00"))
    application_in(world, "referred")
    assert scan(china("2026-05-12 23:59:59")).created == 0
    assert scan(china("2026-05-13 00:00")).created == 1


def test_the_reminder_resolves_itself_when_the_case_moves_on(database):
    world = world_at(china(START))
    application = application_in(world, "referred")
    scan(china("2026-03-11 09:00"))
    [reminder] = rows("rehab.referral_answer", "open")
    later = china("2026-03-11 10:00")
    staff = world.a.actor("institution_staff")
    rehab.act(staff, application.id, "accept_referral", now=later)
    summary = scan(later + SECOND)
    assert summary.resolved == 1
    [reminder] = rows("rehab.referral_answer")
    assert reminder.state == "resolved" and reminder.resolved_at == later + SECOND
    # the new state runs its own clock: agreement due 10 working days after 11 Mar
    assert scan(china("2026-03-25 23:59:59")).created == 0
    assert [r.rule for r in rows(state="open")] == []
    assert scan(china("2026-03-26 00:00")).created == 1


def test_a_case_reviewed_late_and_returned_raises_a_new_reminder_for_its_new_deadline(database):
    world = world_at(china(START))
    application = application_in(world, "under_review")
    scan(china("2026-03-24 09:00"))
    reviewer = world.a.actor("reviewer")
    late = china("2026-03-24 10:00")
    rehab.act(reviewer, application.id, "return_for_correction", now=late, reason="缺诊断证明")
    clerk = world.a.actor("intake_clerk")
    rehab.act(clerk, application.id, "resubmit", now=late, payload={"received": []})
    assert scan(late + SECOND).resolved == 1  # the old deadline is gone
    new_due = rehab.require(application.id).due_at
    assert scan(new_due).created == 1
    assert [r.state for r in rows("rehab.review")] == ["resolved", "open"]


def test_escalation_to_the_supervisor_after_two_working_days(database):
    world = world_at(china(START))
    application_in(world, "referred")  # due end of Mon 9 Mar
    scan(china("2026-03-10 00:00"))  # raised, and reached the staff, on Tue 10
    assert scan(china("2026-03-12 23:59:59")).escalated == 0  # grace: Wed 11, Thu 12
    summary = scan(china("2026-03-13 00:00"))
    assert summary.escalated == 1
    [reminder] = rows()
    assert reminder.escalated_to_id == world.a.users["reviewer"].id  # the referring county
    assert reminder.escalated_at == china("2026-03-13 00:00")
    assert scan(china("2026-03-14 00:00")).escalated == 0  # once


def test_the_grace_counts_from_when_the_reminder_reached_its_person(database):
    """A reminder raised today for a deadline long past does not escalate on the same scan:
    its person gets the whole grace from today."""
    world = world_at(china(START))
    application_in(world, "referred")  # due end of Mon 9 Mar, first scanned a fortnight on
    first = china("2026-03-24 09:00")  # Tue 24
    summary = scan(first)
    assert (summary.created, summary.escalated) == (1, 0)
    [reminder] = rows()
    assert reminder.reached_at == first and reminder.escalated_at is None
    assert scan(china("2026-03-26 23:59:59")).escalated == 0  # grace: Wed 25, Thu 26
    assert scan(china("2026-03-27 00:00")).escalated == 1


def test_a_reminder_routed_to_someone_new_gives_them_the_whole_grace(database):
    world = world_at(china(START))
    application_in(world, "referred")
    scan(china("2026-03-10 00:00"))
    staff = world.a.users["institution_staff"]
    successor = accounts.create_user(
        None, username="successor", name="接任", role="institution_staff",
        password="password-1", institution_id=staff.institution_id, now=world.now,
    )  # fmt: skip
    User.update(active=False).where(User.id == staff.id).execute()
    moved = china("2026-03-12 09:00")  # Thu 12: the staff's grace would end tonight
    assert scan(moved).routed == 1
    [reminder] = rows()
    assert (reminder.assignee_id, reminder.reached_at) == (successor.id, moved)
    assert scan(china("2026-03-13 00:00")).escalated == 0
    assert scan(china("2026-03-16 23:59:59")).escalated == 0  # grace: Fri 13, Mon 16
    assert scan(china("2026-03-17 00:00")).escalated == 1


def test_review_escalates_to_the_county_leader_and_grace_follows_the_policy(database):
    world = world_at(china(START))
    policy_service.set_deadline(
        world.a.actor("admin"), "escalation_grace", 0, "workdays", world.now
    )
    world.application()  # county a: no grace
    world.application(world.b)  # county b: the default two working days
    scan(china("2026-03-24 09:00"))  # both raised and reached on Tue 24
    assert {r.escalated_to_id for r in rows()} == {None}
    scan(china("2026-03-25 00:00"))  # no grace: the end of the day it reached them
    escalated = {r.county_id: r.escalated_to_id for r in rows()}
    assert escalated == {world.a.county.id: world.a.users["leader"].id, world.b.county.id: None}
    scan(china("2026-03-27 00:00"))
    assert {r.escalated_to_id for r in rows()} == {
        world.a.users["leader"].id,
        world.b.users["leader"].id,
    }


def test_a_snoozed_reminder_is_hidden_and_does_not_escalate_until_it_wakes(database):
    world = world_at(china(START))
    application_in(world, "referred")
    now = china("2026-03-10 09:00")
    scan(now)
    [reminder] = rows()
    staff = world.a.actor("institution_staff")
    until = china("2026-03-16 09:00")
    inbox.snooze(staff, reminder.id, until, "家长外出，下周一答复", now)
    assert inbox.list_reminders(staff, now=now)[1] == 0
    assert inbox.list_reminders(staff, now=now, include_snoozed=True)[1] == 1
    assert scan(china("2026-03-13 09:00")).escalated == 0
    assert scan(until).escalated == 1
    assert inbox.list_reminders(staff, now=until)[1] == 1


def test_attendance_is_due_by_the_tenth_of_the_next_month(database):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")  # plan starts 2 Mar
    attend(world, application.id, "2026-04", 3, china("2026-04-10 09:00"))  # so no dropout
    scan(china("2026-04-10 23:59:59"))
    assert rows("rehab.attendance_missing") == []
    scan(china("2026-04-11 00:00"))
    assert rows("rehab.suspected_dropout") == []
    [reminder] = rows("rehab.attendance_missing")
    assert reminder.instance == "2026-03-01"
    assert reminder.assignee_id == world.a.users["institution_staff"].id
    assert reminder.due_at == china("2026-04-11 00:00")
    assert scan(china("2026-04-11 08:00")).created == 0
    attend(world, application.id, "2026-03", 12, china("2026-04-12 09:00"))
    assert scan(china("2026-04-12 09:01")).resolved >= 1
    assert rows("rehab.attendance_missing", "open") == []


def test_attendance_missing_for_several_months_raises_one_reminder_per_month(database):
    world = world_at(china(START))
    application_in(world, "in_rehabilitation")
    scan(china("2026-06-11 00:00"))
    months = [r.instance for r in rows("rehab.attendance_missing")]
    assert months == ["2026-04-01", "2026-03-01"]  # May: in the dropout alert (below)
    scan(china("2026-06-12 00:00"))
    assert len(rows("rehab.attendance_missing")) == 2


def test_missing_attendance_and_suspected_dropout_of_one_month_are_one_urgent_reminder(
    database,
):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")  # no attendance ever recorded
    scan(china("2026-04-11 00:00"))
    [alert] = rows(state="open")
    assert (alert.rule, alert.severity) == ("rehab.suspected_dropout", "urgent")
    assert alert.due_at == china("2026-04-11 00:00")  # March's attendance deadline
    scan(china("2026-05-11 00:00"))  # April missing too, while the alert is open
    assert [r.rule for r in rows(state="open")] == ["rehab.suspected_dropout"]
    # recorded as zero days, March's is there: no missing attendance; the alert stays
    attend(world, application.id, "2026-03", 0, china("2026-05-12 09:00"))
    scan(china("2026-05-12 09:01"))
    assert [r.rule for r in rows(state="open")] == ["rehab.suspected_dropout"]


def test_a_month_is_raised_on_its_own_once_the_dropout_alert_has_resolved(database):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")
    scan(china("2026-04-11 00:00"))
    attend(world, application.id, "2026-04", 8, china("2026-04-20 09:00"))  # came back
    scan(china("2026-04-20 09:01"))
    assert [r.state for r in rows("rehab.suspected_dropout")] == ["resolved"]
    [march] = rows("rehab.attendance_missing", "open")  # still not recorded
    assert (march.instance, march.severity) == ("2026-03-01", "warning")


def test_a_county_may_set_an_earlier_attendance_day(database):
    world = world_at(china(START))
    policy_service.set_deadline(world.a.actor("admin"), "attendance", 5, "days", world.now)
    application = application_in(world, "in_rehabilitation")
    attend(world, application.id, "2026-04", 2, china("2026-04-05 09:00"))  # so no dropout
    scan(china("2026-04-05 23:59:59"))
    assert rows("rehab.attendance_missing") == []
    scan(china("2026-04-06 00:00"))
    assert [r.instance for r in rows("rehab.attendance_missing")] == ["2026-03-01"]


def test_suspected_dropout_after_a_month_without_attendance(database):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")
    attend(world, application.id, "2026-03", 15, china("2026-04-02 09:00"))
    scan(china("2026-04-11 09:00"))  # March attended: nothing suspected
    assert rows("rehab.suspected_dropout") == []
    attend(world, application.id, "2026-04", 0, china("2026-05-03 09:00"))  # came no day
    scan(china("2026-05-10 23:59:59"))
    assert rows("rehab.suspected_dropout") == []
    scan(china("2026-05-11 00:00"))
    [alert] = rows("rehab.suspected_dropout")
    assert (alert.instance, alert.severity) == ("2026-03-01", "urgent")
    assert rows("rehab.attendance_missing") == []  # April was recorded, as zero days
    scan(china("2026-06-11 00:00"))
    assert len(rows("rehab.suspected_dropout")) == 1  # the same episode: no new alert


def test_suspected_dropout_resolves_when_the_dropout_is_reported(database):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")
    scan(china("2026-04-11 00:00"))  # no attendance at all since the plan started
    [alert] = rows("rehab.suspected_dropout")
    assert alert.instance == "none"
    now = china("2026-04-13 09:00")
    payload = {"dropped_on": "2026-03-20", "last_month": "2026-03"}
    staff = world.a.actor("institution_staff")
    rehab.act(staff, application.id, "report_dropout", now=now, reason="家长搬家", payload=payload)
    summary = scan(now + SECOND)
    assert summary.resolved == 1  # the alert, which also stood for March's attendance
    assert rows(state="open") == []


def test_suspected_dropout_resolves_when_attendance_resumes(database):
    world = world_at(china(START))
    application = application_in(world, "in_rehabilitation")
    scan(china("2026-04-11 00:00"))
    attend(world, application.id, "2026-04", 8, china("2026-04-20 09:00"))
    scan(china("2026-04-20 09:01"))
    assert [r.state for r in rows("rehab.suspected_dropout")] == ["resolved"]


def test_completed_cases_raise_no_attendance_reminders(database):
    world = world_at(china(START))
    application_in(world, "completed")
    assert scan(china("2026-06-11 00:00")).created == 0
