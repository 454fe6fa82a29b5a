"""What of an application is paid: an application is settled when every aid item on it has
been paid (docs/domain.md, "Settlement"; workflows.settlement settles it when a claim's
payment completes it)."""

from __future__ import annotations

from collections import defaultdict

from casework.models import ApplicationItem, Attendance, BilledUnit, Claim, ClaimLine, DropoutReport
from casework.queries.claim_lines import ONCE
from casework.rules.subsidy import is_monthly
from casework.vocabulary import LineStatus

# States of the claim workflow (workflows.claim.ClaimState; a test holds them equal), named
# here because the workflows sit above this module.
PAID, DISCARDED = "paid", "discarded"


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
            (Claim.state == PAID) | (Claim.id == paying_claim),
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
            Claim.state.not_in([PAID, DISCARDED]),
        )
        .distinct()
        .order_by(Claim.id)
    )
    return [claim_id for (claim_id,) in query.tuples()]
