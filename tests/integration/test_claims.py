"""Claims end to end: proposals, computed subsidies, guards, correction, payment, settlement."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import AuditEntry, BilledUnit, Claim, ClaimLine
from casework.rules.money import parse_yuan as Y
from casework.services import claims, rehab
from casework.services import settlement_policy as policy
from tests.integration.claim_cases import (
    audit,
    cost_all,
    draft,
    in_rehab,
    lines,
    pay,
    submit,
)


def snapshot(claim_id):
    """Everything a refused action must leave as it was."""
    claim = Claim.get_by_id(claim_id)
    rows = [tuple(x.__data__.items()) for x in lines(claim_id)]
    units = BilledUnit.select().count()
    audits = AuditEntry.select().where(AuditEntry.entity == "claim").count()
    return claim.state, claim.version, rows, units, audits


def test_draft_proposes_the_institutions_attended_months_and_completed_items(world):
    trained = in_rehab(world)
    no_attendance = in_rehab(world, months=())
    elsewhere = in_rehab(world, staff="institution_staff_2", refer_to=world.a.institutions[1].id)
    dropped = in_rehab(world, months=("2026-01", "2026-02"))
    rehab.act(
        world.a.actor("institution_staff"),
        dropped.id,
        "report_dropout",
        now=world.now,
        reason="家长放弃",
        payload={"dropped_on": "2026-02-03", "last_month": "2026-01"},
    )
    fitted = in_rehab(world, items=("mobility_aid",), months=())
    rehab.act(world.a.actor("institution_staff"), fitted.id, "complete", now=world.now,
              payload={"completed_on": "2026-02-20"})  # fmt: skip
    claim = draft(world)
    found = {(x.application_id, x.aid_item): (x.months, x.service_on) for x in lines(claim.id)}
    assert found[(trained.id, "training_limb")] == (["2026-01", "2026-02", "2026-03"], None)
    assert found[(dropped.id, "training_limb")] == (["2026-01"], None)  # months actually trained
    assert found[(fitted.id, "mobility_aid")][1].isoformat() == "2026-02-20"
    assert (no_attendance.id, "training_limb") not in found
    assert all(app != elsewhere.id for app, _ in found)
    assert Claim.get_by_id(claim.id).due_at is not None


def test_subsidy_is_computed_from_costs_and_insurance(world):
    in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id, total="8000.00", basic_medical="1000.00", medical_aid="500.00")
    line = lines(claim.id)[0]
    assert line.total_fen == Y("8000") and line.subsidy_fen == Y("5100")  # 3 months x 1,700
    assert (line.standard_fen, line.monthly_fen) == (Y("17000"), Y("1700"))
    cost_all(world, claim.id, total="4000.00", basic_medical="1000.00", medical_aid="500.00")
    assert lines(claim.id)[0].subsidy_fen == Y("2500")  # the remainder is below the cap


@pytest.mark.parametrize(
    "edit,field",
    [
        ({"total_cost": "-1.00"}, "lines.0.total_cost"),
        ({"total_cost": "100.00", "basic_medical": "60.00", "medical_aid": "50.00"}, "insurance"),
        ({"total_cost": "abc"}, "lines.0.total_cost"),
        ({"total_cost": 12.5}, "lines.0.total_cost"),  # a float is refused, never rounded
    ],
)
def test_bad_costs_are_refused_and_change_nothing(world, edit, field):
    in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id, total="3000.00")
    before = snapshot(claim.id)
    line = lines(claim.id)[0]
    with pytest.raises(Invalid) as refused:
        claims.act(world.a.actor("institution_staff"), claim.id, "edit_lines", now=world.now,
                   payload={"lines": [{"line_id": line.id, **edit}]})  # fmt: skip
    assert refused.value.code in ("invalid_payload", "invalid_costs")  # the form, or the rule
    assert any(field in name for name in _flat(refused.value.fields)), refused.value.fields
    assert snapshot(claim.id) == before


def _flat(fields, prefix=""):
    for name, value in fields.items():
        yield f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{name}.")


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"months": ["2026-04"]}, "months"),  # outside the period
        ({"months": ["2025-12"]}, "months"),
        ({"months": ["2026-02"]}, "months"),  # no attendance recorded in February
        ({"aid_item": "training_autism"}, "aid_item"),  # not on the application
    ],
)
def test_lines_outside_the_rules_are_refused(world, payload, field):
    application = in_rehab(world, months=("2026-01", "2026-03"))
    claim = draft(world, application_ids=[])  # an empty draft
    before = snapshot(claim.id)
    body = {"application_id": application.id, "aid_item": "training_limb", "total_cost": "100"}
    with pytest.raises(Invalid) as refused:
        claims.act(world.a.actor("institution_staff"), claim.id, "add_line", now=world.now,
                   payload=body | payload)  # fmt: skip
    assert field in refused.value.fields
    assert snapshot(claim.id) == before


def test_a_line_for_another_institutions_child_is_refused(world):
    other = in_rehab(world, staff="institution_staff_2", refer_to=world.a.institutions[1].id)
    claim = draft(world, application_ids=[])
    before = snapshot(claim.id)
    with pytest.raises(Invalid) as refused:
        claims.act(world.a.actor("institution_staff"), claim.id, "add_line", now=world.now,
                   payload={"application_id": other.id, "aid_item": "training_limb"})  # fmt: skip
    assert "application_id" in refused.value.fields
    assert snapshot(claim.id) == before
    with pytest.raises(NotPermitted):  # nor may the other institution's staff touch this claim
        claims.act(world.a.actor("institution_staff_2"), claim.id, "submit", now=world.now,
                   payload={"attestation": "x", "attested_by": "y"})  # fmt: skip
    assert snapshot(claim.id) == before


def test_the_same_case_item_month_cannot_be_billed_twice(world):
    application = in_rehab(world)
    first = draft(world)
    held = BilledUnit.select().where(BilledUnit.line == lines(first.id)[0].id)
    assert sorted(u.unit for u in held) == ["2026-01", "2026-02", "2026-03"]  # held by the draft
    second = draft(world)
    assert lines(second.id) == []  # what another draft holds is not proposed again
    before = snapshot(second.id)
    staff = world.a.actor("institution_staff")
    add = {"application_id": application.id, "aid_item": "training_limb"}
    for months in (None, ["2026-02"]):  # every month left, or one named: the holder is named
        with pytest.raises(Conflict) as refused:
            claims.act(staff, second.id, "add_line", now=world.now,
                       payload=add | ({"months": months} if months else {}))  # fmt: skip
        assert refused.value.code == "already_billed"
        assert refused.value.params["claim"] == first.id
        assert f"claim {first.id} (draft)" in refused.value.detail
        assert snapshot(second.id) == before
    claims.act(staff, first.id, "remove_line", now=world.now,
               payload={"line_id": lines(first.id)[0].id})  # fmt: skip
    assert BilledUnit.select().count() == 0  # released with the line
    claims.act(staff, second.id, "add_line", now=world.now, payload=add)
    assert [u.line_id for u in BilledUnit.select()] == [lines(second.id)[0].id] * 3
    claims.act(staff, second.id, "discard", now=world.now, reason="重复申报")
    assert BilledUnit.select().count() == 0  # a discarded draft holds nothing
    assert [x.months for x in lines(draft(world).id)] == [["2026-01", "2026-02", "2026-03"]]


def test_a_submission_still_refuses_months_another_claim_took(world, database):
    """Should two drafts hold the same months all the same (rows written around the steps),
    the unique index refuses the second submission, naming the first claim."""
    in_rehab(world)
    first = draft(world)
    second = draft(world, application_ids=[])
    line = lines(first.id)[0]
    copy = {k: v for k, v in line.__data__.items() if k != "id"} | {"claim": second.id}
    ClaimLine.create(**copy)  # as if both had proposed it
    for claim in (first, second):
        cost_all(world, claim.id)
    submit(world, first.id)
    before = snapshot(second.id)
    with pytest.raises(Conflict) as refused:
        submit(world, second.id)
    assert "already billed" in refused.value.detail and f"claim {first.id}" in refused.value.detail
    assert snapshot(second.id) == before
    assert BilledUnit.select().count() == 3


def test_the_unique_index_itself_refuses_a_second_billing(world, database):
    from peewee import IntegrityError

    in_rehab(world)
    first = draft(world)
    cost_all(world, first.id)
    submit(world, first.id)
    unit = BilledUnit.select().first()
    with pytest.raises(IntegrityError), database.atomic():
        BilledUnit.create(application=unit.application_id, aid_item=unit.aid_item,
                          unit=unit.unit, line=unit.line_id)  # fmt: skip


def test_rejected_line_is_corrected_resubmitted_and_paid_then_settled(world):
    kept = in_rehab(world)
    corrected = in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id, total="6000.00")
    submit(world, claim.id)
    wrong = next(x for x in lines(claim.id) if x.application_id == corrected.id)
    audit(world, claim.id, reject=[wrong.id])
    assert BilledUnit.select().where(BilledUnit.line == wrong.id).count() == 0  # released
    staff = world.a.actor("institution_staff")
    with pytest.raises(Invalid):  # returning needs a reason
        claims.act(staff, claim.id, "return_for_correction", now=world.now)
    claims.act(staff, claim.id, "return_for_correction", now=world.now, reason="补齐发票")
    with pytest.raises(Conflict):
        submit(world, claim.id)
    claims.act(staff, claim.id, "edit_lines", now=world.now,
               payload={"lines": [{"line_id": wrong.id, "total_cost": "4000.00"}]})  # fmt: skip
    approved_before = [x for x in lines(claim.id) if x.status == "approved"]
    with pytest.raises(Conflict):  # approved lines are final
        claims.act(
            staff,
            claim.id,
            "edit_lines",
            now=world.now,
            payload={"lines": [{"line_id": approved_before[0].id, "total_cost": "1"}]},
        )
    submit(world, claim.id)
    audit(world, claim.id)
    assert claims.totals(claim.id).approved == Y("5100") + Y("4000")
    for app in (kept, corrected):
        rehab.act(staff, app.id, "complete", now=world.now, payload={"completed_on": "2026-03-02"})
    before = snapshot(claim.id)
    claims.act(world.a.actor("settlement_auditor"), claim.id, "send_to_finance", now=world.now)
    wrong_amount = {"paid_on": "2026-03-02", "voucher_number": "记-1", "amount": "9100.01"}
    with pytest.raises(Invalid) as refused:
        claims.act(world.a.actor("finance_officer"), claim.id, "record_payment", now=world.now,
                   payload=wrong_amount)  # fmt: skip
    assert "amount" in refused.value.fields and "9100.00" in refused.value.fields["amount"][0]
    assert snapshot(claim.id)[2:4] == before[2:4] and Claim.get_by_id(claim.id).paid_on is None
    payload = {"paid_on": "2026-03-02", "voucher_number": "记-1", "amount": "9100.00"}
    claims.act(world.a.actor("finance_officer"), claim.id, "record_payment", now=world.now,
               payload=payload)  # fmt: skip
    paid = Claim.get_by_id(claim.id)
    assert (paid.state, paid.paid_fen, paid.voucher_number) == ("paid", Y("9100"), "记-1")
    assert {rehab.require(a.id).state for a in (kept, corrected)} == {"settled"}
    settle = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.action == "settle",
                            AuditEntry.entity_id == kept.id)  # fmt: skip
    assert settle.actor_role == "system"


def test_a_policy_change_never_alters_an_audited_claim(world):
    in_rehab(world)
    in_rehab(world)
    audited, drafted = draft(world, application_ids=[]), None
    claims.act(world.a.actor("institution_staff"), audited.id, "add_line", now=world.now,
               payload={"application_id": lines_app(world, 0), "aid_item": "training_limb",
                        "total_cost": "9000.00"})  # fmt: skip
    submit(world, audited.id)
    audit(world, audited.id)
    drafted = draft(world)
    cost_all(world, drafted.id, total="9000.00")
    assert lines(audited.id)[0].subsidy_fen == Y("5100")
    policy.set_standard(world.a.actor("admin"), None, 2026, "training_limb", Y("20000"),
                        Y("2000"), world.now)  # fmt: skip
    assert lines(audited.id)[0].subsidy_fen == Y("5100")  # audited: unchanged
    assert lines(audited.id)[0].monthly_fen == Y("1700")
    cost_all(world, drafted.id, total="9000.00")
    assert lines(drafted.id)[0].subsidy_fen == Y("6000")  # the draft follows the new standard
    with pytest.raises(NotPermitted):
        policy.set_standard(world.a.actor("settlement_auditor"), None, 2026, "training_limb",
                            1, 1, world.now)  # fmt: skip


def lines_app(world, index):
    from casework.models import RehabApplication

    return RehabApplication.select().order_by(RehabApplication.id)[index].id


def test_out_of_county_institution_settles_the_same_way(world):
    surgery = in_rehab(world, items=("limb_surgery",), months=(), staff="institution_staff_out",
                       refer_to=world.a.institutions[2].id)  # fmt: skip
    staff = world.a.actor("institution_staff_out")
    rehab.act(staff, surgery.id, "complete", now=world.now, payload={"completed_on": "2026-02-10"})
    claim = draft(world, staff="institution_staff_out")
    cost_all(world, claim.id, staff="institution_staff_out", total="50000.00",
             basic_medical="25000.00", critical_illness="5000.00")  # fmt: skip
    assert lines(claim.id)[0].subsidy_fen == Y("17200")
    submit(world, claim.id, staff="institution_staff_out")
    audit(world, claim.id)
    pay(world, claim.id)
    assert rehab.require(surgery.id).state == "settled"


def test_free_device_earns_nothing_and_needs_no_cost(world):
    fitted = in_rehab(world, items=("hearing_aids",), months=(), disabilities=("hearing",))
    from casework.models import ApplicationItem

    ApplicationItem.update(free_device=True).where(
        ApplicationItem.application == fitted.id
    ).execute()
    rehab.act(world.a.actor("institution_staff"), fitted.id, "complete", now=world.now,
              payload={"completed_on": "2026-02-10"})  # fmt: skip
    claim = draft(world)
    assert lines(claim.id)[0].subsidy_fen == 0
    submit(world, claim.id)
    assert lines(claim.id)[0].subsidy_fen == 0


def test_scope_of_claims(world):
    in_rehab(world)
    claim = draft(world)
    with pytest.raises(NotPermitted):
        claims.get_claim(world.b.actor("settlement_auditor"), claim.id)
    with pytest.raises(NotPermitted):
        claims.get_claim(world.a.actor("institution_staff_2"), claim.id)
    assert claims.get_claim(world.a.actor("finance_officer"), claim.id).state == "draft"
    assert claims.list_claims(world.b.actor("settlement_auditor"))[1] == 0
    assert claims.list_claims(world.a.actor("settlement_auditor"))[1] == 1
    with pytest.raises(NotPermitted):
        claims.draft_claim(world.a.actor("settlement_auditor"), {"period": "2026-Q1"}, world.now)
    with pytest.raises(Invalid):
        claims.draft_claim(world.a.actor("institution_staff"), {"period": "2026-03"}, world.now)


def test_cumulative_cap_across_monthly_claims_approved_in_any_order(world):
    policy.set_cycle(world.a.actor("admin"), None, "monthly", world.now)
    in_rehab(world)
    staff = world.a.actor("institution_staff")
    ids = []
    for month in ("2026-01", "2026-02", "2026-03"):
        claim = claims.draft_claim(staff, {"period": month}, world.now)
        cost_all(world, claim.id, total="3000.00")
        submit(world, claim.id)
        ids.append(claim.id)
    for claim_id in reversed(ids):
        audit(world, claim_id)
    subsidies = [lines(i)[0].subsidy_fen for i in ids]
    assert sum(subsidies) == Y("5100") and all(s == Y("1700") for s in subsidies)
    assert ClaimLine.select().where(ClaimLine.status == "approved").count() == 3


def test_what_may_still_be_added_to_a_draft(world):
    trained = in_rehab(world, months=("2026-01", "2026-03"))
    fitted = in_rehab(world, items=("mobility_aid",), months=())
    rehab.act(world.a.actor("institution_staff"), fitted.id, "complete", now=world.now,
              payload={"completed_on": "2026-02-20"})  # fmt: skip
    in_rehab(world, staff="institution_staff_2", refer_to=world.a.institutions[1].id)
    claim = draft(world, application_ids=[trained.id])
    staff = world.a.actor("institution_staff")
    found = claims.proposable(staff, claim.id)
    assert [(p.application_id, p.aid_item, p.months, str(p.service_on)) for p in found] == [
        (fitted.id, "mobility_aid", [], "2026-02-20")]  # fmt: skip
    assert found[0].child_name == fitted.child.name
    line = lines(claim.id)[0]
    claims.act(staff, claim.id, "remove_line", now=world.now, payload={"line_id": line.id})
    assert {(p.application_id, tuple(p.months)) for p in claims.proposable(staff, claim.id)} == {
        (fitted.id, ()), (trained.id, ("2026-01", "2026-03"))}  # fmt: skip
    with pytest.raises(NotPermitted):
        claims.proposable(world.a.actor("institution_staff_2"), claim.id)


def test_a_device_handed_out_free_is_recorded_and_paid_nothing(world):
    fitted = in_rehab(world, items=("hearing_aids",), months=(), disabilities=("hearing",))
    trained_case = in_rehab(world)
    staff = world.a.actor("institution_staff")
    rehab.act(staff, fitted.id, "complete", now=world.now, payload={"completed_on": "2026-02-10"})
    claim = draft(world)
    device = next(x for x in lines(claim.id) if x.application_id == fitted.id)
    training = next(x for x in lines(claim.id) if x.application_id == trained_case.id)
    free = {"line_id": device.id, "total_cost": "9000.00", "free_device": True}
    claims.act(staff, claim.id, "edit_lines", now=world.now, payload={"lines": [free]})
    line = ClaimLine.get_by_id(device.id)
    assert (line.free_device, line.total_fen, line.subsidy_fen) == (True, Y("9000"), 0)
    entry = AuditEntry.select().where(AuditEntry.entity == "claim").order_by(AuditEntry.id.desc())
    assert entry.first().changes[f"line.{device.id}.free_device"] == [False, True]
    paid = {"line_id": device.id, "free_device": False}  # given back: the standard again
    claims.act(staff, claim.id, "edit_lines", now=world.now, payload={"lines": [paid]})
    assert ClaimLine.get_by_id(device.id).subsidy_fen == Y("4800")
    claims.act(staff, claim.id, "edit_lines", now=world.now, payload={"lines": [free]})
    before = snapshot(claim.id)
    with pytest.raises(Invalid) as refused:  # months trained are not a device
        claims.act(staff, claim.id, "edit_lines", now=world.now, payload={"lines": [
            {"line_id": training.id, "total_cost": "6000.00", "free_device": True}]})  # fmt: skip
    assert refused.value.fields["lines.0.free_device"][0].code == "not_a_device"
    assert snapshot(claim.id) == before
    cost_all(world, claim.id, total="9000.00")  # omitted: stays free
    submit(world, claim.id)
    audit(world, claim.id)
    line = ClaimLine.get_by_id(device.id)
    assert (line.status, line.free_device, line.subsidy_fen) == ("approved", True, 0)


def test_only_days_that_have_passed_are_recorded_and_only_periods_over_are_billed(world):
    """On 2 March: February holds at most 28 days, March the 2 days so far; the quarter is
    billed from 1 April, a monthly county's February at once and its March from 1 April."""
    application = in_rehab(world, months=("2026-01",))
    staff = world.a.actor("institution_staff")
    for month, days, most in (("2026-02", 29, 28), ("2026-03", 3, 2), ("2026-03", 31, 2)):
        with pytest.raises(Invalid) as refused:
            rehab.act(staff, application.id, "record_attendance", now=world.now,
                      payload={"month": month, "days_attended": days})  # fmt: skip
        assert refused.value.code == "more_days_than_passed"
        assert refused.value.params == {"month": month, "most": most}
        assert refused.value.fields["days_attended"][0].code == "more_days_than_passed"
    for month, days in (("2026-02", 28), ("2026-03", 2)):
        rehab.act(staff, application.id, "record_attendance", now=world.now,
                  payload={"month": month, "days_attended": days})  # fmt: skip
    with pytest.raises(Invalid) as refused:
        claims.draft_claim(staff, {"period": "2026-Q1"}, world.now)
    assert refused.value.code == "period_not_over"
    assert refused.value.params == {"period": "2026-Q1", "first_day": "2026-04-01"}
    assert Claim.select().count() == 0
    policy.set_cycle(world.a.actor("admin"), None, "monthly", world.now)
    february = claims.draft_claim(staff, {"period": "2026-02"}, world.now)
    assert [line.months for line in lines(february.id)] == [["2026-02"]]
    with pytest.raises(Invalid) as refused:
        claims.draft_claim(staff, {"period": "2026-03"}, world.now)
    assert refused.value.code == "period_not_over"
    last_evening = world.now.replace(day=31, hour=15)  # 23:00 on 31 March in China
    with pytest.raises(Invalid):
        claims.draft_claim(staff, {"period": "2026-03"}, last_evening)
    world.wait_until_over("2026-Q1")
    march = claims.draft_claim(staff, {"period": "2026-03"}, world.now)
    assert [line.months for line in lines(march.id)] == [["2026-03"]]


def test_a_month_not_over_is_never_added_to_a_line(world):
    """A draft holds only a period that is over; a month of it added to a line is checked all
    the same (a draft made before the rule)."""
    from casework.queries.claim_lines import Billable
    from casework.rules.periods import Cycle, parse_period
    from casework.workflows.claim_steps import _months

    item = Billable(1, 1, "training_limb", False, [dt.date(2026, 3, 1)], None)
    with pytest.raises(Invalid) as refused:
        _months(item, parse_period("2026-Q1", Cycle.QUARTERLY), [dt.date(2026, 3, 1)],
                dt.date(2026, 3, 31))  # fmt: skip
    [problem] = refused.value.fields["months"]
    assert (problem.code, problem.params) == (
        "month_not_over", {"month": "2026-03", "first_day": "2026-04-01"})  # fmt: skip


def test_a_rejected_line_corrected_holds_its_months_again_or_names_who_took_them(world):
    application = in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id)
    submit(world, claim.id)
    wrong = lines(claim.id)[0]
    audit(world, claim.id, reject=[wrong.id])
    staff = world.a.actor("institution_staff")
    claims.act(staff, claim.id, "return_for_correction", now=world.now, reason="补齐发票")
    other = draft(world)  # the released months are proposed again, and held by this draft
    assert [x.application_id for x in lines(other.id)] == [application.id]
    before = snapshot(claim.id)
    edit = {"lines": [{"line_id": wrong.id, "total_cost": "5000.00"}]}
    with pytest.raises(Conflict) as refused:
        claims.act(staff, claim.id, "edit_lines", now=world.now, payload=edit)
    assert refused.value.code == "billed_on_another_claim"
    assert f"(claim {other.id})" in refused.value.detail
    assert snapshot(claim.id) == before
    claims.act(staff, other.id, "discard", now=world.now, reason="重复")
    claims.act(staff, claim.id, "edit_lines", now=world.now, payload=edit)
    held = BilledUnit.select().where(BilledUnit.line == wrong.id)
    assert sorted(u.unit for u in held) == ["2026-01", "2026-02", "2026-03"]
