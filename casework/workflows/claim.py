"""Workflow 3: an institution's settlement claim (结算申报), docs/domain.md "Settlement".

draft -> self_audited (the institution attests) -> federation_audited (each line approved or
rejected with a code) -> sent_to_finance -> paid. A claim with rejected lines may go back to
draft for correction; a draft never audited may be discarded.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from marshmallow import Schema
from peewee import ModelSelect

from casework.models import Claim, Place
from casework.rules.deadlines import Deadline, Unit
from casework.vocabulary import Role
from casework.workflows import claim_payloads as p
from casework.workflows import claim_review_steps as review
from casework.workflows import claim_steps as step
from casework.workflows.definition import Action, Actor, Case, Effect, Responsible, Workflow


class ClaimState(StrEnum):
    DRAFT = "draft"
    SELF_AUDITED = "self_audited"
    FEDERATION_AUDITED = "federation_audited"
    SENT_TO_FINANCE = "sent_to_finance"
    PAID = "paid"
    DISCARDED = "discarded"


S = ClaimState
STAFF, AUDITOR, FINANCE = Role.INSTITUTION_STAFF, Role.SETTLEMENT_AUDITOR, Role.FINANCE_OFFICER
# The roles with business with claims: the institutions that file them, the county's auditors,
# finance, its leaders and administrators. The others read none (nor their statements or
# receipts), whatever their place covers.
READERS = frozenset({STAFF, AUDITOR, FINANCE, Role.LEADER, Role.ADMIN, Role.SYSTEM})

# A new claim is due 15 days after its period ends (counted so by its build); a claim
# returned for correction gets the same 15 days from its return.
SUBMISSION = Deadline("claim_submission", 15, Unit.DAYS)
FEDERATION_AUDIT = Deadline("federation_audit", 10)  # until it goes to finance
DEADLINES: dict[str, Deadline] = {
    S.DRAFT: SUBMISSION,
    S.SELF_AUDITED: FEDERATION_AUDIT,
    S.FEDERATION_AUDITED: FEDERATION_AUDIT,
    S.SENT_TO_FINANCE: Deadline("finance_payment", 30, Unit.DAYS),
}
# Institutions answer to the county's settlement auditors; auditors and finance to the leader.
RESPONSIBLE = {
    "claim_submission": Responsible(
        STAFF, "institution", AUDITOR, "county", "结算申报逾期未提交(结算期结束后15日)"
    ),
    "federation_audit": Responsible(AUDITOR, "county", Role.LEADER, "county", "结算审核超期"),
    "finance_payment": Responsible(FINANCE, "county", Role.LEADER, "county", "财政拨付超期"),
}


def _action(
    name: str, sources: Iterable[str], dest: str | None, roles: Iterable[Role], **kw: Any
) -> Action:
    return Action(name, tuple(sources), dest, frozenset(roles), **kw)


def _staff(name: str, effect: Effect, payload: type[Schema], doc: str, **kw: Any) -> Action:
    return _action(
        name,
        (S.DRAFT,),
        None,
        {STAFF},
        payload=payload,
        effect=effect,
        party=step.own_institution,
        doc=doc,
        **kw,
    )


ACTIONS = (
    _action(
        "draft",
        (),
        S.DRAFT,
        {STAFF},
        payload=p.DraftPayload,
        party=step.drafting_for_own,
        build=step.draft,
        doc="lines proposed from attendance and completions; the months proposed are held",
    ),
    _staff("edit_lines", step.edit_lines, p.EditLinesPayload, "costs and insurance per line"),
    _staff("add_line", step.add_line, p.AddLinePayload,
           "bill one more case and aid item; its months are held from now"),
    _staff("remove_line", step.remove_line, p.LineRefPayload,
           "drop a line not yet approved, releasing its months"),
    _staff("add_adjustment", step.add_adjustment, p.AdjustmentPayload,
           "correct a line of a paid claim (never edited) with its corrected costs: "
           "the change, negative or positive, is decided as any line",
           needs_reason=True),
    _action(
        "submit",
        (S.DRAFT,),
        S.SELF_AUDITED,
        {STAFF},
        payload=p.SubmitPayload,
        guard=step.submit_guard,
        effect=step.submit,
        party=step.own_institution,
        doc="self-audit with an attestation; every month billed is held",
    ),
    _action(
        "decide_lines",
        (S.SELF_AUDITED,),
        None,
        {AUDITOR},
        payload=p.DecisionsPayload,
        effect=review.decide_lines,
        doc="approve lines, or reject them with a code and a reason",
    ),
    _action(
        "complete_audit",
        (S.SELF_AUDITED,),
        S.FEDERATION_AUDITED,
        {AUDITOR},
        guard=review.all_decided,
        effect=review.complete_audit,
        doc="every line decided; rejected months become billable again",
    ),
    _action(
        "return_for_correction",
        (S.FEDERATION_AUDITED,),
        S.DRAFT,
        {STAFF, AUDITOR},
        needs_reason=True,
        guard=review.has_rejected,
        party=step.own_institution,
        doc="back to draft to correct the rejected lines",
    ),
    _action(
        "send_to_finance",
        (S.FEDERATION_AUDITED,),
        S.SENT_TO_FINANCE,
        {AUDITOR},
        guard=review.has_approved,
        doc="the approved lines go to finance for payment",
    ),
    _action(
        "record_payment",
        (S.SENT_TO_FINANCE,),
        S.PAID,
        {FINANCE},
        payload=p.PaymentPayload,
        effect=review.record_payment,
        doc="payment date, voucher number, amount equal to the approved total",
    ),
    _action(
        "discard",
        (S.DRAFT,),
        S.DISCARDED,
        {STAFF},
        needs_reason=True,
        guard=review.nothing_approved,
        effect=step.discard,
        party=step.own_institution,
        doc="a draft never approved; the months it held are released",
    ),
)


def visible(actor: Actor, case: Case) -> bool:
    """Institution staff see their institution's claims; county users those of their county."""
    if actor.role == Role.SYSTEM:
        return True
    if actor.role not in READERS:
        return False
    if actor.role == Role.INSTITUTION_STAFF:
        return bool(actor.institution_id == case.institution_id)
    return bool(actor.place_path) and case.county_path.startswith(actor.place_path)


def snapshot() -> ModelSelect:
    return Claim.select(
        Claim.id,
        Claim.state,
        Claim.version,
        Claim.due_at,
        Claim.county,
        Claim.institution,
        Place.path.alias("county_path"),
    ).join(Place, on=(Claim.county == Place.id))


CLAIM = Workflow(
    name="claim",
    model=Claim,
    states=ClaimState,
    initial=S.DRAFT,
    actions=ACTIONS,
    deadlines=DEADLINES,
    visible=visible,
    snapshot=snapshot,
    terminal=frozenset({S.PAID, S.DISCARDED}),
    responsible=RESPONSIBLE,
    # a claim drafted late, for a period that ended long ago, is due 15 days after its end
    counted_before_entry=frozenset({SUBMISSION.name}),
)
