"""A rehab application rejected or withdrawn in error is reopened by the reviewer: reviewed
again on the review's clock, logged with the reason, its aid items held again."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import AuditEntry, Child
from casework.services import rehab
from casework.workflows.rehab import REHAB


def _reviewer(world):
    return world.a.actor("reviewer")


@pytest.mark.parametrize("lapse", ["reject", "withdraw"])
def test_reopened_on_the_review_clock_with_the_reason_logged(world, lapse):
    application = world.application()
    reviewer = _reviewer(world)
    rehab.act(reviewer, application.id, "start_review", now=world.now)
    actor = reviewer if lapse == "reject" else world.a.actor("intake_clerk")
    rehab.act(actor, application.id, lapse, now=world.now, reason="误操作")
    later = world.now + dt.timedelta(days=3)
    outcome = rehab.act(reviewer, application.id, "reopen", now=later, reason="经核实系误驳回")
    stored = rehab.require(application.id)
    assert (outcome.to_state, stored.state) == ("under_review", "under_review")
    assert stored.due_at == outcome.due_at == REHAB.deadlines["under_review"].due_at(later)
    row = AuditEntry.select().where(AuditEntry.entity == "rehab",
                                    AuditEntry.entity_id == application.id,
                                    AuditEntry.action == "reopen").get()  # fmt: skip
    assert (row.reason, row.actor_id) == ("经核实系误驳回", reviewer.id)


def test_reopening_needs_a_reason(world):
    application = world.application()
    reviewer = _reviewer(world)
    rehab.act(reviewer, application.id, "start_review", now=world.now)
    rehab.act(reviewer, application.id, "reject", now=world.now, reason="户籍不符")
    with pytest.raises(Invalid):
        rehab.act(reviewer, application.id, "reopen", now=world.now, reason="")
    assert rehab.require(application.id).state == "rejected"


def test_a_reopened_application_holds_its_items_again(world):
    """While rejected it held nothing: a second application took the item. Reopened, each
    finds the other in the duplicate check; with the second withdrawn, a third finds the first."""
    reviewer = _reviewer(world)
    first = world.application(items=("training_limb",))
    rehab.act(reviewer, first.id, "start_review", now=world.now)
    rehab.act(reviewer, first.id, "reject", now=world.now, reason="户籍不符")
    child = Child.get_by_id(first.child_id)
    second = world.application(items=("training_limb",), child=child)
    assert second.eligibility["eligible"]
    outcome = rehab.act(reviewer, first.id, "reopen", now=world.now, reason="误驳回")
    reopened = rehab.require(first.id)
    assert outcome.changes["eligible"] == [True, False]
    [reason] = reopened.eligibility["reasons"]
    assert (reason["code"], reason["params"]["application"]) == ("duplicate", second.id)
    clerk = world.a.actor("intake_clerk")
    rehab.act(clerk, second.id, "withdraw", now=world.now, reason="监护人申请撤回")
    third = world.application(items=("training_limb",), child=child)
    assert [r["params"]["application"] for r in third.eligibility["reasons"]] == [first.id]
