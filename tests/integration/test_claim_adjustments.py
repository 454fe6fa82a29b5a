"""A paid claim is never edited: a later claim corrects one of its lines with an adjustment
(the change to its costs, negative or positive, the reason, audited as any line), and the
year to date counts it: the year then pays what one line with the corrected costs would."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.errors import Conflict, Invalid
from casework.models import AuditEntry, BilledUnit, ClaimLine
from casework.queries import aid_received
from casework.rules.money import format_yuan
from casework.rules.money import parse_yuan as Y
from casework.services import claims, settlement_export
from tests.integration.claim_cases import ATTESTATION, lines
from tests.integration.test_year_to_date import AFTER_THE_YEAR, bill, single_line, trained

T = AFTER_THE_YEAR


def audit_and_pay(world, claim_id, reject=()):
    auditor, finance = (world.a.actor(r) for r in ("settlement_auditor", "finance_officer"))
    decisions = [{"line_id": i, "decision": "reject", "code": "receipts_missing",
                  "reason": "缺少发票"} for i in reject]  # fmt: skip
    claims.act(auditor, claim_id, "decide_lines", now=T,
               payload={"decisions": decisions, "approve_others": True})  # fmt: skip
    claims.act(auditor, claim_id, "complete_audit", now=T)
    if not any(x.status == "approved" for x in lines(claim_id)):
        return
    claims.act(auditor, claim_id, "send_to_finance", now=T)
    amount = format_yuan(claims.totals(claim_id).approved)
    payment = {"paid_on": "2027-01-11", "voucher_number": "记-1", "amount": amount}
    claims.act(finance, claim_id, "record_payment", now=T, payload=payment)


def adjust(world, claim_id, line_id, reason="发票金额更正", **costs):
    staff = world.a.actor("institution_staff")
    return claims.act(staff, claim_id, "add_adjustment", now=T, reason=reason,
                      payload={"line_id": line_id, **costs})  # fmt: skip


def empty_draft(world, period="2026-Q4"):
    staff = world.a.actor("institution_staff")
    return claims.draft_claim(staff, {"period": period}, T, application_ids=[]).id


def year_paid(application_id) -> int:
    approved = ClaimLine.select().where(
        ClaimLine.application == application_id, ClaimLine.status == "approved"
    )
    return sum(x.subsidy_fen for x in approved)


def test_a_paid_line_corrected_in_the_next_quarters_claim(world):
    application = trained(world, range(1, 7))
    first = bill(world, application, 1, Y("6000"))
    audit_and_pay(world, first)
    paid = lines(first)[0]
    assert paid.subsidy_fen == Y("5100")
    second = bill(world, application, 2, Y("3000"))  # submitted: back to draft to add to it
    staff = world.a.actor("institution_staff")
    claims.act(world.a.actor("settlement_auditor"), second, "decide_lines", now=T,
               payload={"decisions": [{"line_id": lines(second)[0].id, "decision": "reject",
                        "code": "receipts_missing", "reason": "附更正"}]})  # fmt: skip
    claims.act(world.a.actor("settlement_auditor"), second, "complete_audit", now=T)
    claims.act(staff, second, "return_for_correction", now=T, reason="一并更正一季度")
    again = {"lines": [{"line_id": lines(second)[0].id, "total_cost": "3000.00"}]}
    claims.act(staff, second, "edit_lines", now=T, payload=again)
    adjust(world, second, paid.id, total_cost="5000.00")  # receipts for 1,000 less
    regular, correction = lines(second)
    assert (correction.adjusts_id, correction.adjustment_reason) == (paid.id, "发票金额更正")
    assert (correction.total_fen, correction.month_count) == (Y("-1000"), 0)
    assert correction.subsidy_fen == Y("-100")  # 5,000 after correction is under the 5,100 cap
    assert regular.subsidy_fen == Y("3000")  # added to the corrected year: 8,000 in 6 months
    entry = AuditEntry.select().where(AuditEntry.action == "add_adjustment").get()
    assert entry.reason == "发票金额更正"
    assert entry.changes[f"line.{correction.id}.total_cost"] == ["6000.00", "5000.00"]
    claims.act(staff, second, "submit", now=T, payload=ATTESTATION)
    audit_and_pay(world, second)
    assert year_paid(application.id) == single_line(6, Y("8000")) == Y("8000")
    assert ClaimLine.get_by_id(paid.id).total_fen == Y("6000")  # the paid line is untouched
    units = BilledUnit.select().where(BilledUnit.application == application.id)
    assert sorted(u.unit for u in units) == [f"2026-{m:02d}" for m in range(1, 7)]
    [year] = aid_received.received([application.id])
    assert (year.approved_fen, year.paid_fen) == (Y("8000"), Y("8000"))
    sheet = settlement_export.to_csv(
        settlement_export.claim_statement(world.a.actor("finance_officer"), second)
    ).decode("utf-8-sig")
    assert "-100.00" in sheet and sheet.strip().splitlines()[-1].endswith("2900.00")


def test_a_correction_upwards_pays_the_difference_up_to_the_cap(world):
    application = trained(world, range(1, 4))
    first = bill(world, application, 1, Y("3000"))
    audit_and_pay(world, first)
    claim = empty_draft(world)
    adjust(world, claim, lines(first)[0].id, total_cost="9000.00")
    [correction] = lines(claim)
    assert correction.subsidy_fen == Y("5100") - Y("3000")  # three months cap 5,100
    claims.act(world.a.actor("institution_staff"), claim, "submit", now=T, payload=ATTESTATION)
    audit_and_pay(world, claim)
    assert year_paid(application.id) == single_line(3, Y("9000"))


def test_what_cannot_be_adjusted_is_refused_and_changes_nothing(world):
    application = trained(world, range(1, 4))
    first = bill(world, application, 1, Y("3000"))
    line = lines(first)[0]
    claim = empty_draft(world)
    staff = world.a.actor("institution_staff")
    with pytest.raises(Invalid) as unpaid:
        adjust(world, claim, line.id, total_cost="2000.00")
    assert unpaid.value.code == "line_not_paid"
    audit_and_pay(world, first)
    with pytest.raises(Invalid):  # the reason is required
        adjust(world, claim, line.id, reason="", total_cost="2000.00")
    with pytest.raises(Invalid) as same:
        adjust(world, claim, line.id, total_cost="3000.00")
    assert same.value.code == "nothing_to_adjust"
    with pytest.raises(Invalid) as wrong:
        adjust(world, claim, line.id, total_cost="2000.00", medical_aid="2500.00")
    assert "insurance" in wrong.value.fields
    assert lines(claim) == []
    adjust(world, claim, line.id, total_cost="2000.00")
    other = empty_draft(world, "2026-Q3")
    with pytest.raises(Conflict) as waiting:
        adjust(world, other, line.id, total_cost="2500.00")
    assert waiting.value.params == {"line": line.id, "claim": claim}
    [correction] = lines(claim)
    with pytest.raises(Invalid) as edited:
        edit = {"lines": [{"line_id": correction.id, "total_cost": "1.00"}]}
        claims.act(staff, claim, "edit_lines", now=T, payload=edit)
    assert edited.value.code == "adjustment_not_edited"
    with pytest.raises(Invalid) as twice:
        adjust(world, other, correction.id, total_cost="1.00")
    assert twice.value.code in ("line_not_paid", "adjust_the_line_itself")
    foreign = empty_draft(world)  # a claim of another year may not correct this one's
    assert lines(foreign) == [] and application.aid_year == 2026


@st.composite
def corrections(draw):
    """Months trained, one to four quarterly claims with their costs, all paid; one of the
    lines corrected to another cost on a later claim, that correction perhaps rejected."""
    months = draw(st.sets(st.integers(1, 12), min_size=1))
    quarters = sorted({(m - 1) // 3 + 1 for m in months})
    costs = {q: draw(st.integers(1, 30_000)) * 100 for q in quarters}
    corrected = draw(st.sampled_from(quarters))
    cost = draw(st.integers(0, 30_000).filter(lambda c: c * 100 != costs[corrected])) * 100
    return months, costs, corrected, cost, draw(st.booleans())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=corrections())
def test_a_corrected_year_pays_what_one_line_with_the_corrected_costs_would(world, case):
    months, costs, corrected, cost, rejected = case
    application = trained(world, months)
    ids = {q: bill(world, application, q, costs[q]) for q in sorted(costs)}
    for q in sorted(costs):
        audit_and_pay(world, ids[q])
    assert year_paid(application.id) == single_line(len(months), sum(costs.values()))
    before = year_paid(application.id)
    claim = empty_draft(world)
    adjust(world, claim, lines(ids[corrected])[0].id, total_cost=format_yuan(cost))
    staff = world.a.actor("institution_staff")
    if claims.totals(claim).claimed < 0:  # finance never collects: deducted from a later claim
        with pytest.raises(Conflict) as refused:
            claims.act(staff, claim, "submit", now=T, payload=ATTESTATION)
        assert refused.value.code == "claim_total_negative"
        assert year_paid(application.id) == before
        return
    claims.act(staff, claim, "submit", now=T, payload=ATTESTATION)
    audit_and_pay(world, claim, reject=[x.id for x in lines(claim)] if rejected else ())
    year = sum(costs.values()) - (0 if rejected else costs[corrected] - cost)
    assert year_paid(application.id) == single_line(len(months), year)
    units = BilledUnit.select().where(BilledUnit.application == application.id)
    assert sorted(u.unit for u in units) == [f"2026-{m:02d}" for m in sorted(months)]
