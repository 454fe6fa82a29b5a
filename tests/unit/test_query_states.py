"""The queries sit below the workflows, so they name the few states they need as text: it must
be the workflows' own text."""

from __future__ import annotations

from casework.queries import eligibility, institutions, payments
from casework.workflows.claim import ClaimState
from casework.workflows.rehab import RehabState


def test_the_states_the_queries_name_are_the_workflows_states():
    assert payments.PAID == ClaimState.PAID and payments.DISCARDED == ClaimState.DISCARDED
    assert set(eligibility.LAPSED) <= set(RehabState)
    assert set(institutions.IN_CARE) <= set(RehabState)
