"""Settlement claims: drafting a period's claim with lines proposed from the institution's
records, listing in scope, the full record, totals, and actions through the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import SQL, fn
from peewee import Case as SqlCase

from casework.errors import Invalid, not_found, not_one_of
from casework.models import Child, Claim, ClaimLine, Institution, Place, RehabApplication
from casework.queries import claim_lines
from casework.rules.periods import period_label
from casework.services import audit
from casework.vocabulary import LineStatus, Role
from casework.workflows import engine
from casework.workflows.claim import CLAIM, READERS, ClaimState
from casework.workflows.claim_steps import period_of
from casework.workflows.definition import Actor

L = ClaimLine


def draft_claim(
    actor: Actor, data: dict, now: dt.datetime, application_ids: list[int] | None = None
) -> Claim:
    """Open a draft for the period with a line for every case and item that may be billed:
    the claim workflow's `draft` (engine.create); `application_ids` narrows the lines."""
    context = {} if application_ids is None else {"application_ids": application_ids}
    return engine.create(CLAIM, actor, data, now=now, **context).case.record


act = engine.acting(CLAIM)

# Cases that may still have something to bill: in care, or ended and not yet all paid
BILLING_STATES = ("in_rehabilitation", "dropped_out", "completed")


@dataclass(frozen=True)
class CaseToBill:
    application_id: int
    child_name: str
    state: str


def cases_to_bill(actor: Actor) -> list[CaseToBill]:
    """The cases agreed with the actor's institution that a draft may bill, for the draft's
    choice of cases (every one proposed unless the institution narrows them)."""
    if actor.institution_id is None:
        return []
    a = RehabApplication
    query = (
        a.select(a.id, Child.name, a.state)
        .join(Child, on=(a.child == Child.id))
        .where(
            a.id.in_(claim_lines.agreed_applications(actor.institution_id)),
            a.state.in_(BILLING_STATES),
        )
        .order_by(Child.name, a.id)
        .tuples()
    )
    return [CaseToBill(*row) for row in query]


@dataclass(frozen=True)
class Totals:
    lines: int
    total_cost: int
    insurance: int
    claimed: int  # subsidy of lines not rejected
    approved: int  # subsidy of approved lines: what finance pays


def totals(claim_id: int) -> Totals:
    approved = L.status == LineStatus.APPROVED
    standing = L.status != LineStatus.REJECTED
    insurance = L.basic_medical_fen + L.critical_illness_fen + L.supplementary_fen
    row = (
        L.select(
            fn.COUNT(L.id),
            fn.COALESCE(fn.SUM(L.total_fen), 0),
            fn.COALESCE(fn.SUM(insurance + L.medical_aid_fen), 0),
            fn.COALESCE(fn.SUM(SqlCase(None, [(standing, L.subsidy_fen)], 0)), 0),
            fn.COALESCE(fn.SUM(SqlCase(None, [(approved, L.subsidy_fen)], 0)), 0),
        )
        .where(L.claim == claim_id)
        .tuples()
        .get()
    )
    return Totals(*(int(v) for v in row))


@dataclass
class ClaimRecord:
    claim: Claim
    lines: list[ClaimLine]
    totals: Totals
    open_actions: list[str]
    history: list

    def __getattr__(self, name):
        return getattr(self.claim, name)


def get_claim(actor: Actor, claim_id: int) -> ClaimRecord:
    case = engine.load_visible(CLAIM, claim_id, actor)
    claim = Claim.select(Claim, Institution).join(Institution).where(Claim.id == claim_id).get()
    return ClaimRecord(
        claim,
        lines_of(claim_id),
        totals(claim_id),
        CLAIM.open_actions(actor, case),
        audit.history(CLAIM.name, claim_id),
    )


@dataclass(frozen=True)
class Proposal:
    """A case and aid item the institution may still add to its draft claim."""

    application_id: int
    aid_item: str
    child_name: str
    months: list[str]  # monthly items: the months attended and not billed yet
    service_on: dt.date | None  # one-time items: the completion date inside the period


def proposable(actor: Actor, claim_id: int) -> list[Proposal]:
    """What the claim's institution could bill in its period and is not on the claim yet: the
    choices of "add a line" (a line removed by mistake, or a month recorded after drafting)."""
    engine.load_visible(CLAIM, claim_id, actor)
    claim = require(claim_id)
    on_claim = set(L.select(L.application, L.aid_item).where(L.claim == claim_id).tuples())
    period = period_of(claim)
    found = [
        item
        for item in claim_lines.billable(claim, period)
        if (item.application_id, item.aid_item) not in on_claim
        and (item.months if item.monthly else item.service_on)
    ]
    names = dict(
        Child.select(Child.id, Child.name)
        .where(Child.id.in_({item.child_id for item in found}))
        .tuples()
    )
    proposals = [
        Proposal(
            item.application_id,
            item.aid_item,
            names.get(item.child_id, ""),
            [claim_lines.month_label(m) for m in item.months] if item.monthly else [],
            None if item.monthly else item.service_on,
        )
        for item in found
    ]
    return sorted(proposals, key=lambda p: (p.child_name, p.application_id, p.aid_item))


def lines_of(claim_id: int) -> list[ClaimLine]:
    return list(
        L.select(L, Child)
        .join(Child, on=(L.child == Child.id))
        .where(L.claim == claim_id)
        .order_by(L.id)
    )


def find_lines(
    actor: Actor,
    *,
    application_id: int | None = None,
    child_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[ClaimLine], int]:
    """Claim lines in the actor's scope (their claims'), of one application or one child,
    oldest period first: what was billed for a case across claims."""
    query = scoped(actor, L.select(L, Child, Claim).join(Child, on=(L.child == Child.id))
                   .switch(L).join(Claim))  # fmt: skip
    if application_id is not None:
        query = query.where(L.application == application_id)
    if child_id is not None:
        query = query.where(L.child == child_id)
    total = query.count()
    rows = list(query.order_by(Claim.period_start, L.id).paginate(page, per_page))
    return rows, total


def scoped(actor: Actor, query=None):
    query = Claim.select() if query is None else query  # a query's truth would run it
    query = query.join_from(Claim, Place, on=(Claim.county == Place.id))
    if actor.role == Role.SYSTEM:
        return query
    if actor.role not in READERS:
        return query.where(SQL("1 = 0"))  # as CLAIM.visible: no business with claims
    if actor.role == Role.INSTITUTION_STAFF:
        return query.where(Claim.institution == actor.institution_id)
    return query.where(Place.path.startswith(actor.place_path or "-"))


def list_claims(
    actor: Actor,
    *,
    state: str | None = None,
    period: str | None = None,
    institution_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Claim], int]:
    query = scoped(actor, Claim.select(Claim, Institution).join(Institution))
    if state:
        if state not in set(ClaimState):
            raise Invalid(
                "unknown state", {"state": [not_one_of(ClaimState)]}, code="unknown_state"
            )
        query = query.where(Claim.state == state)
    if period:
        query = query.where(Claim.period == period_label(period))
    if institution_id:
        query = query.where(Claim.institution == institution_id)
    total = query.count()
    rows = list(query.order_by(Claim.period.desc(), Claim.id.desc()).paginate(page, per_page))
    return rows, total


def require(claim_id: int) -> Claim:
    claim = Claim.get_or_none(id=claim_id)
    if claim is None:
        raise not_found("claim", claim_id)
    return claim
