"""A dropout closed in error is reopened by the reviewer into `dropped_out`, with a reason
logged; a completed application, or one with months billed, is refused: resumed, it would be
billed and settled again (docs/domain.md, "Reopening a closed application")."""

from __future__ import annotations

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import AuditEntry, BilledUnit
from casework.services import rehab
from tests.integration.claim_cases import audit, cost_all, draft, in_rehab, pay, submit
from tests.integration.rehab_cases import ARGUMENTS, CLOSED_UNBILLED, reach, snapshot

REASON = "误结案:机构尚有二月份出勤未登记"


def reopen(world, application_id, role="reviewer", reason=REASON):
    return rehab.act(world.a.actor(role), application_id, "reopen_closed", now=world.now,
                     reason=reason)  # fmt: skip


def test_a_dropout_closed_in_error_goes_back_to_dropped_out_with_the_reason_logged(world):
    application_id = reach(world, CLOSED_UNBILLED)
    outcome = reopen(world, application_id)
    assert (outcome.from_state, outcome.to_state, outcome.due_at) == ("closed", "dropped_out", None)
    row = AuditEntry.get(AuditEntry.action == "reopen_closed")
    assert (row.entity_id, row.reason, row.actor_role) == (application_id, REASON, "reviewer")
    # resumed: the reviewer may close it again once nothing is left to bill
    rehab.act(world.a.actor("reviewer"), application_id, "close_unbilled", now=world.now,
              **ARGUMENTS["close_unbilled"])  # fmt: skip
    assert rehab.require(application_id).state == "closed"


def test_reopening_needs_the_reviewer_and_a_reason(world):
    application_id = reach(world, CLOSED_UNBILLED)
    before = snapshot(application_id)
    with pytest.raises(Invalid):
        reopen(world, application_id, reason=" ")
    for role in ("intake_clerk", "institution_staff", "leader"):
        with pytest.raises(NotPermitted):
            reopen(world, application_id, role=role)
    assert snapshot(application_id) == before


def test_a_completed_application_is_not_reopened(world):
    application_id = reach(world, "closed")  # completed, paid, settled, closed
    before = snapshot(application_id)
    with pytest.raises(Conflict) as refused:
        reopen(world, application_id)
    assert refused.value.code == "closed_after_completion"
    assert snapshot(application_id) == before


def test_a_closed_dropout_with_months_billed_is_not_reopened(world):
    """Its month paid, the dropout was settled by the payment and then closed."""
    application = in_rehab(world, months=("2026-01",))
    staff = world.a.actor("institution_staff")
    rehab.act(staff, application.id, "report_dropout", now=world.now, reason="随父母外出务工",
              payload={"dropped_on": "2026-02-20", "last_month": "2026-01"})  # fmt: skip
    claim = draft(world)
    cost_all(world, claim.id)
    submit(world, claim.id)
    audit(world, claim.id)
    pay(world, claim.id)
    rehab.act(world.a.actor("reviewer"), application.id, "close", now=world.now)
    assert BilledUnit.select().where(BilledUnit.application == application.id).exists()
    before = snapshot(application.id)
    with pytest.raises(Conflict) as refused:
        reopen(world, application.id)
    assert refused.value.code == "closed_after_billing"
    assert snapshot(application.id) == before
