"""Cases in rehabilitation with attendance, and claims driven to any state, for the tests."""

from __future__ import annotations

from casework.models import ClaimLine
from casework.rules.money import format_yuan
from casework.services import claims, rehab

PERIOD = "2026-Q1"  # the world's today is 2 March 2026: billed once it is over, from 1 April
ATTESTATION = {"attestation": "本机构承诺所报费用真实、准确", "attested_by": "张院长"}


def in_rehab(world, *, items=("training_limb",), months=("2026-01", "2026-02", "2026-03"),
             county=None, staff="institution_staff", refer_to=None, **child_kw):  # fmt: skip
    """An application agreed with an institution, rehabilitation since January, attendance
    recorded for `months`."""
    county = county or world.a
    application = world.application(county, items=items, **child_kw)
    reviewer = county.actor("reviewer")
    rehab.act(reviewer, application.id, "start_review", now=world.now)
    rehab.act(reviewer, application.id, "approve", now=world.now,
              payload={"override_reason": "测试: 资格另行核实"})  # fmt: skip
    refer = {"institution_id": refer_to} if refer_to else {}
    rehab.act(reviewer, application.id, "refer", now=world.now, payload=refer)
    actor = county.actor(staff)
    steps = [
        ("accept_referral", None),
        ("sign_agreement", {"signed_on": "2026-01-04", "guardian_name": "监护人"}),
        ("record_plan", {"assessed_on": "2026-01-05", "assessment": "评估", "goals": "目标",
                         "starts_on": "2026-01-05", "planned_months": 10}),
    ]  # fmt: skip
    for action, payload in steps:
        rehab.act(actor, application.id, action, now=world.now, payload=payload)
    for month in months:
        if month >= world.now.strftime("%Y-%m"):
            world.wait_until_over(PERIOD)  # its 18 days are recorded once they have passed
        rehab.act(actor, application.id, "record_attendance", now=world.now,
                  payload={"month": month, "days_attended": 18})  # fmt: skip
    return rehab.require(application.id)


def draft(world, staff="institution_staff", county=None, **kw):
    county = county or world.a
    world.wait_until_over(PERIOD)
    return claims.draft_claim(county.actor(staff), {"period": PERIOD}, world.now, **kw)


def lines(claim_id: int) -> list[ClaimLine]:
    return list(ClaimLine.select().where(ClaimLine.claim == claim_id).order_by(ClaimLine.id))


def cost_all(world, claim_id, total="6000.00", staff="institution_staff", county=None, **ins):
    county = county or world.a
    edits = [{"line_id": x.id, "total_cost": total, **ins} for x in lines(claim_id)]
    claims.act(county.actor(staff), claim_id, "edit_lines", now=world.now,
               payload={"lines": edits})  # fmt: skip


def submit(world, claim_id, staff="institution_staff", county=None):
    county = county or world.a
    return claims.act(county.actor(staff), claim_id, "submit", now=world.now, payload=ATTESTATION)


def audit(world, claim_id, reject=(), county=None):
    """Reject the lines in `reject` (code receipts_missing), approve the rest, complete."""
    county = county or world.a
    auditor = county.actor("settlement_auditor")
    decisions = [{"line_id": i, "decision": "reject", "code": "receipts_missing",
                  "reason": "缺少发票"} for i in reject]  # fmt: skip
    claims.act(auditor, claim_id, "decide_lines", now=world.now,
               payload={"decisions": decisions, "approve_others": True})  # fmt: skip
    claims.act(auditor, claim_id, "complete_audit", now=world.now)


def pay(world, claim_id, county=None, amount=None):
    county = county or world.a
    claims.act(county.actor("settlement_auditor"), claim_id, "send_to_finance", now=world.now)
    amount = amount or format_yuan(claims.totals(claim_id).approved)
    paid_on = world.now.date().isoformat()
    payload = {"paid_on": paid_on, "voucher_number": "记-2026-031", "amount": amount}
    return claims.act(county.actor("finance_officer"), claim_id, "record_payment", now=world.now,
                      payload=payload)  # fmt: skip
