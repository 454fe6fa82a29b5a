"""Two claims billing the same months, submitted at the same moment: exactly one wins."""

from __future__ import annotations

import threading

from casework.db import db
from casework.errors import Conflict
from casework.models import BilledUnit, Claim
from casework.services import claims
from tests.integration.claim_cases import ATTESTATION, cost_all, draft, in_rehab


def test_concurrent_submissions_of_the_same_months_bill_them_once(world):
    in_rehab(world)
    in_rehab(world)
    drafts = [draft(world).id for _ in range(4)]
    for claim_id in drafts:
        cost_all(world, claim_id)
    actor, barrier = world.a.actor("institution_staff"), threading.Barrier(len(drafts))
    results: dict[int, str] = {}

    def submit(claim_id):
        with db.connection_context():
            barrier.wait()
            try:
                claims.act(actor, claim_id, "submit", now=world.now, payload=ATTESTATION)
                results[claim_id] = "ok"
            except Conflict as exc:
                results[claim_id] = exc.detail

    threads = [threading.Thread(target=submit, args=(c,)) for c in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [c for c, r in results.items() if r == "ok"]
    assert len(winners) == 1, results
    assert all("already billed" in r for c, r in results.items() if c not in winners), results
    states = {c.id: c.state for c in Claim.select()}
    assert [c for c, s in states.items() if s == "self_audited"] == winners
    assert BilledUnit.select().count() == 6  # 2 cases x 3 months, once
