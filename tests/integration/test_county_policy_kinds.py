"""County policy by effective date beyond the age limits: visit cadences read by the visit
lists and the reminder scans on the day, the aid target by year, rejection codes offered to
the settlement auditor, the escalation grace by reminder kind. Each is versioned and audited,
a decision keeps the version that governed it, and a version that would change a decision
already made is refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import AuditEntry, ClaimLine, PolicyVersion, Reminder
from casework.queries import county_policy as queries
from casework.rules.county_policy import Kind
from casework.rules.deadlines import local_date
from casework.services import claims, county_policy, visits
from casework.services.reminders import scan
from casework.services.visit_schedule import due_visits
from tests.conftest import NOW
from tests.integration.claim_cases import cost_all, draft, in_rehab, lines, submit

D = dt.date
TODAY = NOW.date()  # Monday 2 March 2026 in China too
TOMORROW = TODAY + dt.timedelta(days=1)


def set_value(world, kind, key, value, day=TOMORROW, county=None, label=""):
    admin = (county or world.a).actor("admin")
    return county_policy.set_value(admin, None, kind, key, value, day, world.now, label=label)


def register(world, categories, county=None):
    child = world.child(county)
    return world.categorise(child, *categories, county=county)


def visited(world, child, day, county=None):
    director = (county or world.a).actor("child_director")
    payload = {"visited_on": day.isoformat(), "kind": "regular", "child_id": child.id,
               "findings": "生活正常"}  # fmt: skip
    visits.record_visit(director, payload, max(world.now, at(day)))


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2))  # 10:00 in China


def _regular_due(actor, day):
    return {d.child_id: d.status for d in due_visits(actor, day) if d.kind == "regular"}


def test_a_visit_cadence_governs_the_lists_and_the_scans_from_its_day_in_its_county(world):
    family_a, family_b = register(world, ["family"]), register(world, ["family"], world.b)
    visited(world, family_a, TODAY)
    visited(world, family_b, TODAY, world.b)
    version = set_value(world, "visit_cadence", "regular.family", 1)  # monthly from tomorrow
    assert (version.value, version.effective_from) == (1, TOMORROW)
    director_a, director_b = world.a.actor("child_director"), world.b.actor("child_director")
    # May: a month without a visit is overdue under the monthly cadence, not the quarterly
    assert _regular_due(director_a, D(2026, 5, 1)) == {family_a.id: "overdue"}
    assert _regular_due(director_b, D(2026, 5, 1)) == {family_b.id: "due"}  # quarterly
    assert queries.visit_policy_of(world.a.county.id, TODAY).monthly_categories == {
        "guardianship"}  # fmt: skip
    scan(at(D(2026, 5, 1)))
    raised = Reminder.select().where(Reminder.rule == "visit.regular_overdue")
    assert [(r.entity_id, r.county_id) for r in raised] == [(family_a.id, world.a.county.id)]
    # a visit in May resolves it on the next scan, by the same cadence
    visited(world, family_a, D(2026, 4, 30))
    scan(at(D(2026, 5, 2)))
    assert [r.state for r in Reminder.select().where(Reminder.rule == "visit.regular_overdue")
            ] == ["resolved"]  # fmt: skip


def test_a_visit_reminder_keeps_the_cadence_version_it_was_raised_under(world):
    family_a, family_b = register(world, ["family"]), register(world, ["family"], world.b)
    visited(world, family_a, TODAY)
    visited(world, family_b, TODAY, world.b)
    monthly = set_value(world, "visit_cadence", "regular.family", 1)  # from tomorrow
    # a later version of a value the regular visits do not read is not theirs
    set_value(world, "visit_cadence", "monitoring_days", 10)
    scan(at(D(2026, 5, 1)))
    [raised] = Reminder.select().where(Reminder.rule == "visit.regular_overdue")
    assert (raised.entity_id, raised.cadence_policy_id) == (family_a.id, monthly.id)
    # back to quarterly from June: the reminder raised in May keeps the monthly version
    quarterly = set_value(world, "visit_cadence", "regular.family", 3, day=D(2026, 6, 1))
    scan(at(D(2026, 7, 2)))  # county b's child, quarterly by default, is overdue too
    kept = {r.entity_id: r.cadence_policy_id for r in
            Reminder.select().where(Reminder.rule == "visit.regular_overdue")}  # fmt: skip
    assert kept == {family_a.id: monthly.id, family_b.id: None}  # b: the defaults
    assert quarterly.id not in kept.values()


def test_a_cadence_version_from_a_day_reminders_were_raised_under_is_refused(world):
    child = register(world, ["family"])
    visited(world, child, TODAY)
    set_value(world, "visit_cadence", "regular.family", 1)
    may_day = D(2026, 5, 1)
    scan(at(may_day))
    assert Reminder.select().where(Reminder.rule == "visit.regular_overdue").count() == 1
    before = (PolicyVersion.select().count(), AuditEntry.select().count())
    with pytest.raises(Invalid) as refused:  # the reminder raised on 1 May read this value
        set_value(world, "visit_cadence", "regular.guardianship", 3, day=may_day)
    assert refused.value.code == "policy_changes_decisions"
    assert refused.value.params == {"day": "2026-05-01", "count": 1}
    assert (PolicyVersion.select().count(), AuditEntry.select().count()) == before
    # a value no reminder of that day read may change from it; the regular ones from the next
    set_value(world, "visit_cadence", "monitoring_days", 10, day=may_day)
    set_value(world, "visit_cadence", "regular.guardianship", 3, day=D(2026, 5, 2))


def test_the_home_education_pace_is_the_countys(world):
    child_a, child_b = world.child(), world.child(world.b)
    world.enrol_home_education(child_a, D(2025, 9, 1))
    visits.enrol_home_education(world.b.actor("child_supervisor"), {
        "child_id": child_b.id, "teacher_id": world.b.users["teacher"].id,
        "started_on": D(2025, 9, 1)}, world.now)  # fmt: skip
    set_value(world, "visit_cadence", "home_visits_a_month", 1)
    for child, county in ((child_a, world.a), (child_b, world.b)):
        lesson = {"child_id": child.id, "kind": "home_education", "visited_on": "2026-03-10",
                  "class_hours": 2, "subject": "语文", "findings": "认字"}  # fmt: skip
        visits.record_visit(county.actor("teacher"), lesson, at(D(2026, 3, 10)))
    scan(at(D(2026, 4, 2)))  # March ended with one lesson each
    short = Reminder.select().where(Reminder.rule == "visit.home_education_month",
                                    Reminder.instance == "2026-03")  # fmt: skip
    assert [r.entity_id for r in short] == [child_b.id]  # county a asks for one a month


def test_the_aid_target_by_year(world):
    assert queries.aid_target(world.a.county.id, 2027, TODAY, 270) == 270
    set_value(world, "aid_target", "2027", 320)
    assert queries.aid_target(world.a.county.id, 2027, TOMORROW, 270) == 320
    assert queries.aid_target(world.a.county.id, 2027, TODAY, 270) == 270  # not yet
    assert queries.aid_target(world.a.county.id, 2026, TOMORROW, 250) == 250
    assert queries.aid_target(world.b.county.id, 2027, TOMORROW, 270) == 270
    rows = county_policy.table(world.a.county.id, Kind.AID_TARGET, TOMORROW, aid_target=270)
    assert [(r["key"], r["value"], r["default"]) for r in rows] == [
        ("2026", 270, 270), ("2027", 320, 270)]  # fmt: skip


def _claim_with_lines(world, count=2):
    for _ in range(count):
        in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id, total="6000.00")
    submit(world, claim.id)
    return claim, lines(claim.id)


def _reject(world, claim, line, code, now=None):
    decision = {"line_id": line.id, "decision": "reject", "code": code, "reason": "说明"}
    claims.act(world.a.actor("settlement_auditor"), claim.id, "decide_lines",
               now=now or world.now, payload={"decisions": [decision]})  # fmt: skip


def test_a_countys_own_rejection_code_is_offered_and_kept_on_the_line(world):
    own = set_value(world, "rejection_code", "late_report", 1, day=TODAY, label="逾期报送")
    withdrawn = set_value(world, "rejection_code", "other", 0, day=TODAY)
    claim, (first, second) = _claim_with_lines(world)  # the clock moved past the period
    _reject(world, claim, first, "late_report")
    line = ClaimLine.get_by_id(first.id)
    assert (line.rejection_code, line.rejection_policy_id) == ("late_report", own.id)
    _reject(world, claim, second, "receipts_missing")  # a default code: no version
    assert ClaimLine.get_by_id(second.id).rejection_policy_id is None
    with pytest.raises(Invalid) as refused:
        _reject(world, claim, second, "other")
    assert refused.value.code == "rejection_code_not_offered"
    assert ClaimLine.get_by_id(second.id).rejection_code == "receipts_missing"
    offered, words = county_policy.rejection_choices(world.a.county.id, local_date(world.now))
    assert "late_report" in offered and "other" not in offered
    assert words == {"late_report": "逾期报送"} and withdrawn.label == ""
    # county b offers the defaults only
    assert "late_report" not in queries.rejection_codes(world.b.county.id, TODAY)


def test_a_code_used_today_cannot_be_withdrawn_from_today(world):
    claim, (first, _) = _claim_with_lines(world)  # the clock moved past the period billed
    _reject(world, claim, first, "receipts_missing")
    today = local_date(world.now)
    before = (PolicyVersion.select().count(), AuditEntry.select().count())
    with pytest.raises(Invalid) as refused:
        set_value(world, "rejection_code", "receipts_missing", 0, day=today)
    assert refused.value.code == "policy_changes_decisions"
    assert refused.value.params == {"day": today.isoformat(), "count": 1}
    assert (PolicyVersion.select().count(), AuditEntry.select().count()) == before
    tomorrow = today + dt.timedelta(days=1)
    set_value(world, "rejection_code", "receipts_missing", 0, day=tomorrow)  # fine


def test_the_escalation_grace_by_reminder_kind_is_kept_on_the_escalation(world):
    referred = world.application()
    world.advance(referred.id, "referred")  # the referral answer due in 5 working days
    other = world.application(world.b)
    world.advance(other.id, "referred", world.b)
    version = set_value(world, "escalation_grace", "rehab.referral_answer", 0, day=TODAY)
    due = Reminder.select().count()
    assert due == 0
    first = at(D(2026, 3, 10))  # Tue: both overdue, raised and reached today
    scan(first)
    scan(at(D(2026, 3, 11)))  # county a: no grace; county b: two working days
    escalated = {r.county_id: r.escalation_policy_id for r in Reminder.select()
                 if r.escalated_at is not None}  # fmt: skip
    assert escalated == {world.a.county.id: version.id}
    scan(at(D(2026, 3, 13)))
    escalated = {r.county_id: r.escalation_policy_id for r in Reminder.select()
                 if r.escalated_at is not None}  # fmt: skip
    assert escalated == {world.a.county.id: version.id, world.b.county.id: None}
    rows = county_policy.table(world.b.county.id, Kind.ESCALATION_GRACE, TODAY)
    assert {r["key"]: r["value"] for r in rows}["rehab.referral_answer"] == 2


def test_a_grace_changing_an_escalation_made_today_is_refused(world):
    referred = world.application()
    world.advance(referred.id, "referred")
    scan(at(D(2026, 3, 10)))
    world.now = at(D(2026, 3, 13))
    scan(world.now)  # escalated today, after the general two working days
    assert Reminder.get(Reminder.rule == "rehab.referral_answer").escalated_at is not None
    before = (PolicyVersion.select().count(), AuditEntry.select().count())
    with pytest.raises(Invalid) as refused:
        set_value(world, "escalation_grace", "rehab.referral_answer", 5, day=D(2026, 3, 13))
    assert refused.value.code == "policy_changes_decisions"
    assert (PolicyVersion.select().count(), AuditEntry.select().count()) == before


@pytest.mark.parametrize("kind, key, value, label, field", [
    ("visit_cadence", "regular.family", 2, "", "value"),  # monthly or quarterly only
    ("visit_cadence", "monitoring_days", 0, "", "value"),
    ("visit_cadence", "regular.rich", 1, "", "key"),
    ("aid_target", "20x7", 300, "", "key"),
    ("aid_target", "2027", -1, "", "value"),
    ("rejection_code", "late_report", 1, "", "label"),  # a county's own code needs wording
    ("rejection_code", "Late Report", 1, "逾期", "key"),
    ("rejection_code", "other", 2, "", "value"),
    ("escalation_grace", "rehab.nothing", 1, "", "key"),
    ("escalation_grace", "rehab.review", 31, "", "value"),
])  # fmt: skip
def test_bad_values_are_refused_naming_the_field_and_nothing_written(world, kind, key, value,
                                                                     label, field):  # fmt: skip
    audit = AuditEntry.select().count()
    with pytest.raises(Invalid) as refused:
        set_value(world, kind, key, value, label=label)
    assert refused.value.code == "invalid_policy" and field in refused.value.fields
    assert PolicyVersion.select().count() == 0 and AuditEntry.select().count() == audit


def test_every_version_is_audited_with_its_before_and_after(world):
    set_value(world, "visit_cadence", "monitoring_days", 10)
    set_value(world, "rejection_code", "late_report", 1, label="逾期报送")
    entries = AuditEntry.select().where(AuditEntry.entity == "policy_version").order_by(
        AuditEntry.id)  # fmt: skip
    assert [(e.changes["kind"][1], e.changes["value"]) for e in entries] == [
        ("visit_cadence", [14, 10]), ("rejection_code", [None, 1])]  # fmt: skip
    assert entries[1].changes["label"] == [None, "逾期报送"]
