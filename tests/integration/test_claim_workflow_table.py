"""Every claim action from every state: allowed where the definition says, refused (409, and
nothing changes) everywhere else."""

from __future__ import annotations

import pytest

from casework.db import db
from casework.errors import InvalidTransition
from casework.models import AuditEntry, Claim
from casework.services import claims
from casework.workflows.claim import CLAIM, ClaimState
from tests.integration.claim_cases import ATTESTATION, audit, cost_all, draft, in_rehab, lines, pay

ROLE = {
    "edit_lines": "institution_staff", "add_line": "institution_staff",
    "remove_line": "institution_staff", "submit": "institution_staff",
    "decide_lines": "settlement_auditor", "complete_audit": "settlement_auditor",
    "return_for_correction": "settlement_auditor", "send_to_finance": "settlement_auditor",
    "record_payment": "finance_officer", "discard": "institution_staff",
    "add_adjustment": "institution_staff",
}  # fmt: skip


def _claim_in(world, state: str) -> int:
    """A claim with two lines (one rejected on the way) driven to `state`."""
    in_rehab(world)
    extra = in_rehab(world)
    claim = draft(world).id
    cost_all(world, claim)
    if state == "draft":
        return claim
    if state == "discarded":
        claims.act(world.a.actor("institution_staff"), claim, "discard", now=world.now,
                   reason="重复申报")  # fmt: skip
        return claim
    claims.act(world.a.actor("institution_staff"), claim, "submit", now=world.now,
               payload=ATTESTATION)  # fmt: skip
    if state == "self_audited":
        return claim
    audit(world, claim, reject=[x.id for x in lines(claim) if x.application_id == extra.id])
    if state == "federation_audited":
        return claim
    pay(world, claim) if state == "paid" else claims.act(
        world.a.actor("settlement_auditor"), claim, "send_to_finance", now=world.now
    )
    return claim


def _payload(action: str, claim_id: int):
    line = lines(claim_id)[0]
    return {
        "edit_lines": {"lines": [{"line_id": line.id, "total_cost": "5000.00"}]},
        "add_line": {"application_id": line.application_id, "aid_item": "training_limb"},
        "remove_line": {"line_id": line.id},
        "submit": ATTESTATION,
        "decide_lines": {"approve_others": True},
        "record_payment": {"paid_on": "2026-03-02", "voucher_number": "记-9",
                           "amount": f"{claims.totals(claim_id).approved / 100:.2f}"},
    }.get(action)  # fmt: skip


@pytest.mark.parametrize("state", list(ClaimState))
def test_every_action_from_state(world, state):
    claim_id = _claim_in(world, state)
    assert Claim.get_by_id(claim_id).state == state
    for action in (a for a in CLAIM.actions if a.sources):
        actor = world.a.actor(ROLE[action.name])
        before = (Claim.get_by_id(claim_id).version, AuditEntry.select().count())
        args = {"payload": _payload(action.name, claim_id), "reason": "理由"}
        if state not in action.sources:
            with pytest.raises(InvalidTransition) as refused:
                claims.act(actor, claim_id, action.name, now=world.now, **args)
            assert refused.value.code == "action_not_possible"
            assert set(refused.value.extra["allowed"]) <= set(CLAIM.actions_from(state))
            assert (Claim.get_by_id(claim_id).version, AuditEntry.select().count()) == before
            continue
        with db.atomic() as transaction:  # try it, then undo it for the next action
            args["payload"] = _prepare(world, actor, claim_id, action.name) or args["payload"]
            outcome = claims.act(actor, claim_id, action.name, now=world.now, **args)
            assert outcome.to_state == (action.dest or state)
            assert outcome.from_state == state
            transaction.rollback()


def _prepare(world, actor, claim_id, action):
    """What an allowed action needs first: a line not yet on the claim, lines decided, a paid
    line to correct (then the payload that names it)."""
    now = world.now
    if action == "add_adjustment":
        paid = draft(world, application_ids=[in_rehab(world).id]).id
        cost_all(world, paid)
        claims.act(actor, paid, "submit", now=now, payload=ATTESTATION)
        audit(world, paid)
        pay(world, paid)
        return {"line_id": lines(paid)[0].id, "total_cost": "5000.00"}
    if action == "add_line":
        claims.act(actor, claim_id, "remove_line", now=now,
                   payload={"line_id": lines(claim_id)[0].id})  # fmt: skip
    if action == "complete_audit":
        claims.act(actor, claim_id, "decide_lines", now=now, payload={"approve_others": True})


def test_the_table_matches_the_definition():
    reachable = {a.dest for a in CLAIM.actions if a.dest}
    assert reachable == set(ClaimState)
    assert CLAIM.actions_from("paid") == [] and CLAIM.actions_from("discarded") == []
