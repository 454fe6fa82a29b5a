"""An institution chooses which cases a draft bills: every case with something to bill in the
period unless it names some; only cases agreed with it; at least one."""

from __future__ import annotations

import pytest

from casework.errors import Invalid
from casework.models import AuditEntry, Claim
from casework.services import claims
from tests.integration.claim_cases import PERIOD, in_rehab, lines


def _draft(world, **data):
    world.wait_until_over(PERIOD)
    staff = world.a.actor("institution_staff")
    return claims.draft_claim(staff, {"period": PERIOD, **data}, world.now)


def test_the_draft_bills_the_cases_chosen(world):
    first, second, third = (in_rehab(world) for _ in range(3))
    staff = world.a.actor("institution_staff")
    offered = [c.application_id for c in claims.cases_to_bill(staff)]
    assert sorted(offered) == sorted([first.id, second.id, third.id])
    claim = _draft(world, application_ids=[first.id, third.id])
    assert {x.application_id for x in lines(claim.id)} == {first.id, third.id}
    row = AuditEntry.get(AuditEntry.entity == "claim", AuditEntry.entity_id == claim.id)
    assert row.changes["applications"] == [None, sorted([first.id, third.id])]
    # the one left out is billed later, by another claim of the period
    assert second.id in [c.application_id for c in claims.cases_to_bill(staff)]
    later = _draft(world, application_ids=[second.id])
    assert {x.application_id for x in lines(later.id)} == {second.id}


def test_without_a_choice_every_case_is_billed(world):
    cases = [in_rehab(world) for _ in range(2)]
    claim = _draft(world)
    assert {x.application_id for x in lines(claim.id)} == {c.id for c in cases}


@pytest.mark.parametrize(
    ("chosen", "code"), [([], "no_cases_chosen"), (["other"], "not_your_cases")]
)
def test_a_choice_of_none_or_of_others_cases_is_refused(world, chosen, code):
    own = in_rehab(world)
    other = in_rehab(world, county=world.b)
    ids = [other.id if c == "other" else c for c in chosen]
    with pytest.raises(Invalid) as refused:
        _draft(world, application_ids=[own.id, *ids] if ids else [])
    assert refused.value.code == code
    assert set(refused.value.fields) == {"application_ids"}
    if code == "not_your_cases":
        assert refused.value.params == {"applications": [other.id]}
    assert Claim.select().count() == 0


def test_staff_of_no_institution_are_offered_no_case(world):
    assert claims.cases_to_bill(world.a.actor("reviewer")) == []
