"""Claims billing the same months at the same moment: exactly one holds them."""

from __future__ import annotations

import threading

from casework.db import db
from casework.errors import Conflict
from casework.models import BilledUnit, Claim, ClaimLine
from casework.services import claims
from tests.integration.claim_cases import ATTESTATION, cost_all, draft, in_rehab


def run_together(calls: dict[int, object]) -> dict[int, str]:
    """Each call in its own thread and connection, all released at once: "ok" or the
    detail of the Conflict that refused it."""
    barrier, results = threading.Barrier(len(calls)), {}

    def run(key, call):
        with db.connection_context():
            barrier.wait()
            try:
                call()
                results[key] = "ok"
            except Conflict as exc:
                results[key] = exc.detail

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_drafts_of_the_same_months_hold_them_once(world):
    in_rehab(world)
    in_rehab(world)
    actor = world.a.actor("institution_staff")
    world.wait_until_over("2026-Q1")
    drafted: list[int] = []

    def drafting():
        drafted.append(claims.draft_claim(actor, {"period": "2026-Q1"}, world.now).id)

    results = run_together({i: drafting for i in range(4)})
    # one draft proposes the months; the others find them held (SQLite's writers queue), or
    # are refused naming the holder (PostgreSQL's meet at the unique index)
    assert all(r == "ok" or "already billed" in r for r in results.values()), results
    full = [c for c in drafted if ClaimLine.select().where(ClaimLine.claim == c).count()]
    assert len(full) == 1
    assert {u.line.claim_id for u in BilledUnit.select()} == set(full)
    assert BilledUnit.select().count() == 6  # 2 cases x 3 months, once


def test_concurrent_lines_for_the_same_months_hold_them_once(world):
    application = in_rehab(world)
    drafts = [draft(world, application_ids=[]).id for _ in range(4)]
    actor = world.a.actor("institution_staff")
    add = {"application_id": application.id, "aid_item": "training_limb"}

    def adding(claim_id):
        return lambda: claims.act(actor, claim_id, "add_line", now=world.now, payload=add)

    results = run_together({c: adding(c) for c in drafts})
    winners = [c for c, r in results.items() if r == "ok"]
    assert len(winners) == 1, results
    assert all("already billed" in r for c, r in results.items() if c not in winners), results
    assert [c for c in drafts if ClaimLine.select().where(ClaimLine.claim == c).exists()] == winners
    assert BilledUnit.select().count() == 3
    cost_all(world, winners[0])
    claims.act(actor, winners[0], "submit", now=world.now, payload=ATTESTATION)
    assert Claim.get_by_id(winners[0]).state == "self_audited"
    assert BilledUnit.select().count() == 3  # the submission adds nothing to what was held
