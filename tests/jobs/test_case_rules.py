"""The claim and report deadlines and the overdue-visit rules: each side of the deadline
(across the May Day holiday of 2026 and its swapped working Saturday), no duplicates on a
re-run, escalation to the supervisor and self-resolution."""

from __future__ import annotations

import datetime as dt

from casework.models import ReportCase
from casework.reminders.catalogue import catalogue
from casework.services import claims, reports, visits
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows, world_at

SECOND = dt.timedelta(seconds=1)


def test_every_claim_and_report_deadline_has_a_rule():
    names = {r.name for r in catalogue()}
    for name in ("claim.claim_submission", "claim.federation_audit", "claim.finance_payment",
                 "report.report_acceptance", "report.emergency_response", "report.assessment",
                 "report.assistance_plan", "visit.regular_overdue", "visit.monitoring_overdue",
                 "visit.home_education_month", "visit.home_education_year"):  # fmt: skip
        assert name in names


def _staff(world):
    return world.a.actor("institution_staff")


def test_claim_submission_is_due_fifteen_days_after_the_period_ends(database):
    world = world_at(china("2026-03-02 10:00"))
    drafted = china("2026-04-01 10:00")  # the first day the quarter may be billed
    claim = claims.draft_claim(_staff(world), {"period": "2026-Q1"}, drafted)
    assert claim.due_at == china("2026-04-16 00:00")  # end of 15 Apr
    assert scan(china("2026-04-15 23:59:59")).created == 0
    assert scan(china("2026-04-16 00:00")).created == 1
    assert scan(china("2026-04-16 09:00")).created == 0
    [reminder] = rows("claim.claim_submission")
    assert reminder.assignee_id == world.a.users["institution_staff"].id
    assert reminder.escalated_to_id is None
    # reached the staff on Thu 16 Apr; grace: Fri 17 and Mon 20; then the settlement auditor
    assert scan(china("2026-04-20 23:59:59")).escalated == 0
    assert scan(china("2026-04-21 00:00")).escalated == 1
    assert rows("claim.claim_submission")[0].escalated_to_id == (
        world.a.users["settlement_auditor"].id
    )
    later = china("2026-04-22 09:00")
    claims.act(_staff(world), claim.id, "discard", now=later, reason="本季度无可申报项目")
    assert scan(later + SECOND).resolved == 1
    assert [r.state for r in rows("claim.claim_submission")] == ["resolved"]


def test_a_claim_drafted_after_its_deadline_is_reminded_at_the_next_scan(database):
    world = world_at(china("2026-07-06 10:00"))
    scan(world.now - dt.timedelta(hours=1))  # a scan mark lies after the draft's deadline
    claim = claims.draft_claim(_staff(world), {"period": "2026-Q1"}, world.now)
    assert claim.due_at == china("2026-04-16 00:00")
    assert scan(world.now + SECOND).created == 1
    assert scan(world.now + 2 * SECOND).created == 0
    [reminder] = rows("claim.claim_submission")
    assert reminder.entity_id == claim.id


def _report(world, urgent=False, now=None):
    payload = {
        "reporter_name": "王老师",
        "child_description": "约八岁男孩",
        "place_id": world.a.villages[0].id,
        "harm_type": "abuse",
        "urgent": urgent,
        "facts": "孩子身上多处淤青",
    }
    return reports.file_report(world.a.actor("child_director"), payload, now or world.now)


def test_report_acceptance_counts_working_days_across_may_day(database):
    # filed Thu 30 Apr 2026: 1-5 May are holidays, so acceptance is due by the end of Wed 6 May
    world = world_at(china("2026-04-30 10:00"))
    case = _report(world)
    assert case.due_at == china("2026-05-07 00:00")
    assert scan(china("2026-05-06 23:59:59")).created == 0
    assert scan(china("2026-05-07 00:00")).created == 1
    [reminder] = rows("report.report_acceptance")
    assert (reminder.assignee_id, reminder.severity) == (world.a.users["case_worker"].id, "urgent")
    # grace of 2 working days: Fri 8 and the swapped working Saturday 9 May
    assert scan(china("2026-05-08 23:59:59")).escalated == 0
    assert scan(china("2026-05-10 00:00")).escalated == 1
    assert rows("report.report_acceptance")[0].escalated_to_id == world.a.users["leader"].id
    now = china("2026-05-11 09:00")
    reports.act(world.a.actor("case_worker"), case.id, "accept", now=now, payload={})
    assert scan(now + SECOND).resolved == 1
    assert scan(now + 2 * SECOND).created == 0  # a new assessment clock, not yet due


def test_an_urgent_case_has_an_emergency_deadline_not_the_assessment_one(database):
    world = world_at(china("2026-03-02 10:00"))
    case = _report(world, urgent=True)
    reports.act(world.a.actor("case_worker"), case.id, "accept", now=world.now, payload={})
    assert ReportCase.get_by_id(case.id).due_at == china("2026-03-04 00:00")  # 1 calendar day
    assert scan(china("2026-03-03 23:59:59")).created == 0
    assert scan(china("2026-03-04 00:00")).created == 1
    assert [r.rule for r in rows()] == ["report.emergency_response"]
    assert scan(china("2026-03-20 00:00")).created == 0  # never also as a late assessment


def _with_categories(child, categories):
    from casework.models import Child

    Child.update(categories=categories).where(Child.id == child.id).execute()
    return Child.get_by_id(child.id)


def test_a_monthly_regular_visit_overdue_escalates_across_may_day_and_resolves(database):
    world = world_at(china("2026-03-02 10:00"))
    child = _with_categories(world.child(), ["guardianship"])  # monthly visits
    # opened in March: the April visit is due by the end of April
    assert scan(china("2026-04-30 23:59:59")).created == 0
    assert scan(china("2026-05-01 00:00")).created == 1
    assert scan(china("2026-05-02 00:00")).created == 0
    [reminder] = rows("visit.regular_overdue")
    assert (reminder.entity, reminder.entity_id) == ("child", child.id)
    assert reminder.assignee_id == world.a.users["child_director"].id
    assert reminder.county_id == world.a.county.id
    # grace of 2 working days after Thu 30 Apr: 1-5 May are holidays, so Wed 6 and Thu 7
    assert scan(china("2026-05-07 23:59:59")).escalated == 0
    assert scan(china("2026-05-08 00:00")).escalated == 1
    assert rows("visit.regular_overdue")[0].escalated_to_id == (
        world.a.users["child_supervisor"].id
    )
    now = china("2026-05-08 10:00")
    payload = {"visited_on": "2026-05-08", "kind": "regular", "child_id": child.id,
               "findings": "家中无人照看，已联系亲属"}  # fmt: skip
    visits.record_visit(world.a.actor("child_director"), payload, now)
    assert scan(now + SECOND).resolved == 1
    assert rows("visit.regular_overdue", "open") == []


def test_a_quarterly_child_is_due_by_the_end_of_the_next_quarter(database):
    world = world_at(china("2026-03-02 10:00"))
    _with_categories(world.child(), ["family"])
    assert scan(china("2026-06-30 23:59:59")).created == 0
    assert scan(china("2026-07-01 00:00")).created == 1
    assert rows("visit.regular_overdue")[0].due_at == china("2026-07-01 00:00")


def test_a_case_in_monitoring_needs_a_follow_up_every_fourteen_days(database):
    world = world_at(china("2026-03-02 10:00"))
    case = _report(world)
    worker = world.a.actor("case_worker")
    steps = [("accept", {}), ("start_assessment", None),
             ("record_assessment", {"assessment": "需要帮扶", "risk_level": "medium"}),
             ("record_assistance_plan", {"plan": "链接低保与教育救助"})]  # fmt: skip
    for action, payload in steps:
        reports.act(worker, case.id, action, now=world.now, payload=payload)
    # monitoring began Mon 2 Mar: a follow-up is due by the end of Mon 16 Mar
    assert scan(china("2026-03-16 23:59:59")).created == 0
    assert scan(china("2026-03-17 00:00")).created == 1
    assert scan(china("2026-03-17 01:00")).created == 0
    [reminder] = rows("visit.monitoring_overdue")
    assert (reminder.entity_id, reminder.instance) == (case.id, "2026-03-02")
    assert reminder.assignee_id == world.a.users["child_director"].id
    now = china("2026-03-18 09:00")
    payload = {"visited_on": "2026-03-18", "kind": "monitoring", "case_id": case.id,
               "findings": "孩子情况稳定"}  # fmt: skip
    visits.record_visit(world.a.actor("child_director"), payload, now)
    assert scan(now + SECOND).resolved == 1
    assert scan(china("2026-04-01 23:59:59")).created == 0  # next due end of 1 Apr
    assert scan(china("2026-04-02 00:00")).created == 1


def test_home_education_short_in_a_month_reminds_the_teacher(database):
    world = world_at(china("2026-03-02 10:00"))
    child = world.child()
    teacher = world.a.users["teacher"]
    world.enrol_home_education(child, dt.date(2026, 3, 1), teacher)
    lesson = {"kind": "home_education", "child_id": child.id, "class_hours": 2,
              "subject": "语文", "findings": "认读生字"}  # fmt: skip
    visits.record_visit(world.a.actor("teacher"), lesson | {"visited_on": "2026-03-10"},
                        world.now + dt.timedelta(days=8))  # fmt: skip
    assert scan(china("2026-03-31 23:59:59")).created == 0
    assert scan(china("2026-04-01 00:00")).created == 1  # March: one visit of two
    assert scan(china("2026-04-01 08:00")).created == 0
    [reminder] = rows("visit.home_education_month")
    assert (reminder.instance, reminder.assignee_id) == ("2026-03", teacher.id)
    now = china("2026-04-02 09:00")
    visits.record_visit(world.a.actor("teacher"), lesson | {"visited_on": "2026-03-24"}, now)
    assert scan(now + SECOND).resolved == 1
