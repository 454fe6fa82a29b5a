"""engine.create, the one door for a new case: the creating action's roles, party rule and
payload are checked before anything is written; the build, the first deadline (the county's
policy) and the audit row at version 1 are one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casework.errors import Invalid, NotPermitted
from casework.models import (
    AuditEntry,
    Child,
    Claim,
    DeadlinePolicy,
    RehabApplication,
    ReportCase,
)
from casework.rules.deadlines import Deadline, Unit
from casework.workflows import engine, policy
from casework.workflows.claim import CLAIM, SUBMISSION
from casework.workflows.rehab import REHAB
from casework.workflows.report import REPORT


def application(world, child=None, **changes) -> dict:
    child = child or world.child()
    return {
        "child_id": child.id,
        "items": ["training_limb"],
        "applicant_name": "监护人",
        "applicant_relation": "母亲",
        **changes,
    }


def nothing_written() -> tuple[int, int]:
    return RehabApplication.select().count(), AuditEntry.select().count()


def test_the_outcome_and_the_audit_row_of_a_new_case(world):
    payload = application(world, documents_received=["identity"])
    outcome = engine.create(REHAB, world.a.actor("intake_clerk"), payload, now=world.now)
    assert (outcome.action, outcome.from_state, outcome.to_state) == ("submit", None, "submitted")
    assert outcome.version == outcome.case.version == 1
    stored = RehabApplication.get_by_id(outcome.id)
    assert outcome.case.record.id == stored.id and stored.state_entered_at == world.now
    assert stored.due_at == outcome.due_at == REHAB.deadlines["submitted"].due_at(world.now)
    row = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.entity_id == outcome.id)
    assert (row.action, row.from_state, row.to_state, row.version) == ("submit", None,
                                                                       "submitted", 1)  # fmt: skip
    assert row.changes == outcome.changes and row.changes["items"] == [None, ["training_limb"]]


def test_a_role_the_action_does_not_name_is_refused_and_nothing_is_written(world):
    payload, before = application(world), nothing_written()
    with pytest.raises(NotPermitted) as refused:
        engine.create(REHAB, world.a.actor("leader"), payload, now=world.now)
    assert refused.value.code == "role_may_not"
    assert refused.value.params == {"role": "leader", "workflow": "rehab", "action": "submit"}
    assert nothing_written() == before


def test_the_party_rule_refuses_a_child_beyond_reach(world):
    payload, before = application(world), nothing_written()
    # a child beyond reach is answered as an unknown id: linking must not tell that it exists
    for other_county in ("institution_staff", "intake_clerk"):
        with pytest.raises(Invalid) as refused:
            engine.create(REHAB, world.b.actor(other_county), payload, now=world.now)
        assert refused.value.code == "unknown_child"
    assert nothing_written() == before


def test_a_party_rule_saying_no_refuses_with_not_a_party(world):
    filer = dataclasses.replace(world.a.actor("case_worker"), id=None)  # names nobody
    village = world.a.villages[0].id
    report = {"reporter_name": "王", "child_description": "男孩", "place_id": village,
              "harm_type": "abandonment", "facts": "无人照看"}  # fmt: skip
    with pytest.raises(NotPermitted) as refused:
        engine.create(REPORT, filer, report, now=world.now)
    assert refused.value.code == "not_a_party"
    assert ReportCase.select().count() == 0


def test_a_bad_payload_names_every_field_and_nothing_is_written(world):
    payload, before = application(world, items=[], applicant_name=""), nothing_written()
    with pytest.raises(Invalid) as refused:
        engine.create(REHAB, world.a.actor("intake_clerk"), payload, now=world.now)
    assert refused.value.code == "invalid_payload"
    assert set(refused.value.fields) == {"items", "applicant_name"}
    assert nothing_written() == before


def test_a_refusal_of_the_build_writes_nothing(world):
    payload, before = application(world, applied_on="2099-01-01"), nothing_written()
    with pytest.raises(Invalid) as refused:
        engine.create(REHAB, world.a.actor("intake_clerk"), payload, now=world.now)
    assert refused.value.code == "applied_in_future"
    assert nothing_written() == before


def test_the_first_deadline_is_the_countys(world):
    county = world.a.county.id
    DeadlinePolicy.create(county=county, name="review", amount=2, unit="days", updated_at=world.now)
    policy.invalidate()
    outcome = engine.create(REHAB, world.a.actor("intake_clerk"), application(world),
                            now=world.now)  # fmt: skip
    assert outcome.due_at == Deadline("review", 2, Unit.DAYS).due_at(world.now)
    other = engine.create(REHAB, world.b.actor("intake_clerk"), application(world, world.child(
        world.b)), now=world.now)  # fmt: skip
    assert other.due_at == REHAB.deadlines["submitted"].due_at(world.now)


def test_a_claims_first_deadline_counts_from_its_periods_end_by_the_countys_policy(world):
    county = world.a.county.id
    DeadlinePolicy.create(county=county, name="claim_submission", amount=20, unit="days",
                          updated_at=world.now)  # fmt: skip
    policy.invalidate()
    staff = world.a.actor("institution_staff")
    outcome = engine.create(CLAIM, staff, {"period": "2025-Q4"}, now=world.now)  # one over
    claim = Claim.get_by_id(outcome.id)
    period_end = dt.datetime.combine(claim.period_end, dt.time(4))  # noon in China
    assert (
        outcome.due_at
        == claim.due_at
        == Deadline(SUBMISSION.name, 20, Unit.DAYS).due_at(period_end)
    )


def test_a_case_worker_files_an_application_only_from_a_report_case(world):
    worker, payload = world.a.actor("case_worker"), application(world)
    with pytest.raises(NotPermitted) as refused:
        engine.create(REHAB, worker, payload, now=world.now)
    assert refused.value.code == "role_may_not"
    assert RehabApplication.select().count() == 0
    outcome = engine.create(REHAB, worker, payload, now=world.now, report_case=7)
    assert outcome.changes["report_case"] == [None, 7]
    row = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.entity_id == outcome.id)
    assert row.actor_role == "case_worker" and row.changes["report_case"] == [None, 7]


def test_the_duplicate_check_names_the_application_it_found(world):
    """A second application for the same item in the aid year: the reviewer reads when the
    first was filed and where it stands (under review, not "granted"); a rejected one lapses."""
    from casework.services import rehab

    first = world.application(items=("training_limb",))
    rehab.act(world.a.actor("reviewer"), first.id, "start_review", now=world.now)
    child = Child.get_by_id(first.child_id)
    second = world.application(items=("training_limb", "mobility_aid"), child=child)
    [reason] = second.eligibility["reasons"]
    assert (reason["code"], reason["item"]) == ("duplicate", "training_limb")
    assert reason["params"] == {"application": first.id, "applied_on": "2026-03-02",
                                "state": "under_review", "workflow": "rehab"}  # fmt: skip
    rehab.act(world.a.actor("reviewer"), first.id, "reject", now=world.now, reason="户籍不符")
    third = world.application(items=("training_limb",), child=child)
    assert [r["params"]["application"] for r in third.eligibility["reasons"]] == [second.id]
