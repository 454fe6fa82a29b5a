"""An application is settled when every aid item on it has been paid (docs/domain.md,
"Settlement"): the payment of a claim checks the applications it paid for and settles those
now fully paid, through the rehab workflow's `settle` action."""

from __future__ import annotations

import datetime as dt

from casework.models import ClaimLine, RehabApplication
from casework.queries.payments import unpaid_items
from casework.vocabulary import LineStatus
from casework.workflows import engine
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
