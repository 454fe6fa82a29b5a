"""Eligibility of a stored application, from the child's file and the application's papers."""

from __future__ import annotations

from casework.models import ApplicationItem, ChecklistItem, RehabApplication
from casework.rules import eligibility
from casework.vocabulary import AidItem

# States in which an application no longer holds its aid items.
LAPSED = ("rejected", "withdrawn")


def assess(application: RehabApplication) -> dict:
    """Evaluate `application` as it stands now; the result is what the reviewer is shown."""
    child = application.child
    items = [AidItem(i.aid_item) for i in application.items]
    received = [c.kind for c in application.checklist if c.received]
    granted = (
        ApplicationItem.select(ApplicationItem.aid_item)
        .join(RehabApplication)
        .where(
            RehabApplication.child == child.id,
            RehabApplication.aid_year == application.aid_year,
            RehabApplication.id != application.id,
            RehabApplication.state.not_in(LAPSED),
        )
    )
    return eligibility.evaluate(
        birth_date=child.birth_date,
        residence_basis=child.residence_basis,
        disability_types=child.disability_types,
        items=items,
        applied_on=application.applied_on,
        documents_received=received,
        items_already_granted=[g.aid_item for g in granted],
    ).as_dict()


def received_documents(application: RehabApplication) -> set[str]:
    return {
        c.kind
        for c in ChecklistItem.select(ChecklistItem.kind).where(
            ChecklistItem.application == application.id, ChecklistItem.received
        )
    }
