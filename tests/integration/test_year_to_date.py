"""The annual cap year to date through real claims: however a year's costs are spread over
quarterly claims, audited in any order, with lines rejected and billed again, the year pays
what one line for the whole year would, and no month is billed twice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.errors import Conflict
from casework.models import BilledUnit, ClaimLine
from casework.rules.money import format_yuan
from casework.rules.money import parse_yuan as Y
from casework.rules.subsidy import DEFAULT_STANDARDS, Costs, compute
from casework.services import claims, rehab
from casework.vocabulary import AidItem
from tests.integration.claim_cases import ATTESTATION, in_rehab, lines

AFTER_THE_YEAR = dt.datetime(2027, 1, 11, 2, 0)


def trained(world, months):
    """A case trained in `months` (1..12 of 2026), each recorded once the month was over."""
    application = in_rehab(world, months=())
    staff = world.a.actor("institution_staff")
    for month in sorted(months):
        over = dt.datetime(2026 + month // 12, month % 12 + 1, 1, 2, 0)
        rehab.act(staff, application.id, "record_attendance", now=over,
                  payload={"month": f"2026-{month:02d}", "days_attended": 18})  # fmt: skip
    return application


def bill(world, application, quarter, remainder_fen):
    staff = world.a.actor("institution_staff")
    claim = claims.draft_claim(staff, {"period": f"2026-Q{quarter}"}, AFTER_THE_YEAR,
                               application_ids=[application.id])  # fmt: skip
    line = lines(claim.id)[0]
    edit = {"line_id": line.id, "total_cost": format_yuan(remainder_fen)}
    claims.act(staff, claim.id, "edit_lines", now=AFTER_THE_YEAR, payload={"lines": [edit]})
    claims.act(staff, claim.id, "submit", now=AFTER_THE_YEAR, payload=ATTESTATION)
    return claim.id


def decide(world, claim_id, decision):
    auditor = world.a.actor("settlement_auditor")
    line = lines(claim_id)[0]
    payload = {"line_id": line.id, "decision": decision}
    if decision == "reject":
        payload |= {"code": "receipts_missing", "reason": "缺少发票"}
    claims.act(auditor, claim_id, "decide_lines", now=AFTER_THE_YEAR,
               payload={"decisions": [payload]})  # fmt: skip
    claims.act(auditor, claim_id, "complete_audit", now=AFTER_THE_YEAR)


def rebill(world, claim_id):
    """The rejected line corrected (same costs) and submitted again."""
    staff = world.a.actor("institution_staff")
    claims.act(staff, claim_id, "return_for_correction", now=AFTER_THE_YEAR, reason="补齐发票")
    line = lines(claim_id)[0]
    edit = {"line_id": line.id, "total_cost": format_yuan(line.total_fen)}
    claims.act(staff, claim_id, "edit_lines", now=AFTER_THE_YEAR, payload={"lines": [edit]})
    claims.act(staff, claim_id, "submit", now=AFTER_THE_YEAR, payload=ATTESTATION)


def single_line(months: int, remainder: int) -> int:
    standard = DEFAULT_STANDARDS[AidItem.TRAINING_LIMB]
    return compute(Costs(remainder), standard, months=months).amount


@st.composite
def years(draw):
    """Months trained, the quarters they fall in billed on one claim each (one to four), a
    cost per claim, which claims are rejected once, and the order of the audits."""
    months = draw(st.sets(st.integers(1, 12), min_size=1))
    quarters = sorted({(m - 1) // 3 + 1 for m in months})
    costs = {q: draw(st.integers(1, 30_000)) * 100 for q in quarters}
    rejected = draw(st.sets(st.sampled_from(quarters)))
    order = draw(st.permutations(quarters))
    return months, costs, rejected, order


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(year=years())
def test_a_years_total_does_not_depend_on_the_split_the_order_or_rejections(world, year):
    months, costs, rejected, order = year
    application = trained(world, months)  # a new case each example: its own year to date
    ids = {q: bill(world, application, q, costs[q]) for q in sorted(costs)}
    for q in order:
        decide(world, ids[q], "reject" if q in rejected else "approve")
    for q in order:
        if q in rejected:
            rebill(world, ids[q])
            decide(world, ids[q], "approve")
    paid = [lines(ids[q])[0] for q in sorted(costs)]
    assert all(line.status == "approved" and line.subsidy_fen >= 0 for line in paid)
    assert sum(line.subsidy_fen for line in paid) == single_line(len(months), sum(costs.values()))
    units = BilledUnit.select().where(BilledUnit.application == application.id)
    assert sorted(u.unit for u in units) == [f"2026-{m:02d}" for m in sorted(months)]
    last = max(paid, key=lambda line: line.decided_at and line.ytd_months)
    assert last.ytd_months == len(months) and last.ytd_cap_fen >= last.subsidy_fen


@pytest.mark.parametrize(
    "split,expected",
    [
        (("27000", "3000", "3000", "3000"), "17000"),  # line by line paid 14,100
        (("9000", "9000", "9000", "9000"), "17000"),
    ],
)
def test_the_issues_quarterly_autism_training_pays_the_same_however_billed(world, split, expected):
    application = trained(world, range(1, 13))
    ids = [bill(world, application, q, Y(cost)) for q, cost in enumerate(split, start=1)]
    for claim_id in ids:
        decide(world, claim_id, "approve")
    paid = [lines(i)[0] for i in ids]
    assert sum(line.subsidy_fen for line in paid) == Y(expected)
    second = paid[1]  # it shows why it pays more than its own cost
    assert (second.ytd_remainder_fen, second.ytd_months) == (Y(split[0]) + Y(split[1]), 6)
    assert (second.ytd_cap_fen, second.ytd_approved_fen) == (Y("10200"), Y("5100"))


def test_an_approval_counted_by_a_later_claim_is_not_withdrawn(world):
    application = trained(world, range(1, 7))
    first, second = (bill(world, application, q, Y("9000")) for q in (1, 2))
    auditor = world.a.actor("settlement_auditor")
    for claim_id in (first, second):
        claims.act(auditor, claim_id, "decide_lines", now=AFTER_THE_YEAR,
                   payload={"decisions": [], "approve_others": True})  # fmt: skip
    line = lines(first)[0]
    with pytest.raises(Conflict) as refused:
        claims.act(auditor, first, "decide_lines", now=AFTER_THE_YEAR,
                   payload={"decisions": [{"line_id": line.id, "decision": "reject",
                            "code": "receipts_missing", "reason": "缺少发票"}]})  # fmt: skip
    assert refused.value.code == "approval_counted_later"
    assert ClaimLine.get_by_id(line.id).status == "approved"
