"""An application is settled when every aid item on it has been paid (DOMAIN.md): the
payment of a claim checks the applications it paid for and settles those now fully paid."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from casework.models import (
    ApplicationItem,
    Attendance,
    BilledUnit,
    Claim,
    ClaimLine,
    DropoutReport,
    RehabApplication,
)
from casework.rules.subsidy import is_monthly
from casework.services.claim_lines import ONCE
from casework.vocabulary import LineStatus
from casework.workflows import engine
from casework.workflows.claim import ClaimState
from casework.workflows.definition import SYSTEM
from casework.workflows.rehab import REHAB, RehabState

A = RehabApplication
SETTLEABLE = (RehabState.COMPLETED, RehabState.DROPPED_OUT)


def settle_paid_applications(claim_id: int, now: dt.datetime) -> list[int]:
    """Settle (as the system) each finished application this claim completes the payment of;
    the claim being paid counts as paid. Returns the ids settled."""
    paid_here = ClaimLine.select(ClaimLine.application).where(
        ClaimLine.claim == claim_id, ClaimLine.status == LineStatus.APPROVED
    )
    finished = [
        a.id for a in A.select(A.id).where(A.id.in_(paid_here), A.state.in_(list(SETTLEABLE)))
    ]
    settled = []
    for application_id in finished:
        if unpaid_items(application_id, paying_claim=claim_id) == []:
            engine.perform(REHAB, application_id, "settle", SYSTEM, now=now)
            settled.append(application_id)
    return settled


def unpaid_items(application_id: int, paying_claim: int | None = None) -> list[str]:
    """Aid items of the application with a month trained (or the item itself) not yet paid.
    A device the federation handed out free has nothing to pay; a dropout, no one-time item."""
    paid = defaultdict(set)
    query = (
        BilledUnit.select(BilledUnit.aid_item, BilledUnit.unit)
        .join(ClaimLine)
        .join(Claim)
        .where(
            BilledUnit.application == application_id,
            ClaimLine.status == LineStatus.APPROVED,
            (Claim.state == ClaimState.PAID) | (Claim.id == paying_claim),
        )
    )
    for item, unit in query.tuples():
        paid[item].add(unit)
    dropout = DropoutReport.get_or_none(DropoutReport.application == application_id)
    trained = {
        f"{a.month:%Y-%m}"
        for a in Attendance.select(Attendance.month).where(
            Attendance.application == application_id, Attendance.days_attended > 0
        )
        if dropout is None or a.month <= dropout.last_month
    }
    unpaid = []
    for item in ApplicationItem.select().where(ApplicationItem.application == application_id):
        if item.free_device:
            continue
        if not is_monthly(item.aid_item) and dropout is not None:
            continue  # billed on completion (claim_lines.billable): a dropout never bills it
        needed = trained if is_monthly(item.aid_item) else {ONCE}
        if not needed <= paid[item.aid_item]:
            unpaid.append(item.aid_item)
    return unpaid


def open_claims_billing(application_id: int) -> list[int]:
    """Claims, neither paid nor discarded, with a line for the application."""
    query = (
        Claim.select(Claim.id)
        .join(ClaimLine)
        .where(
            ClaimLine.application == application_id,
            Claim.state.not_in([ClaimState.PAID, ClaimState.DISCARDED]),
        )
        .distinct()
        .order_by(Claim.id)
    )
    return [claim_id for (claim_id,) in query.tuples()]
