"""Twenty clients, each on its own connection, fire conflicting actions at one application at
the same moment: exactly one wins, every other gets a 409 and the audit log gains one row.

On SQLite the writers queue for the IMMEDIATE write lock; on PostgreSQL they load the same
version concurrently and the compare-and-set on (id, state, version) lets only one through.
"""

from __future__ import annotations

import threading
from collections import Counter

from casework.db import db
from casework.errors import Conflict, DomainError
from casework.models import Referral
from casework.services import rehab
from tests.integration.rehab_cases import ARGUMENTS, audit_rows, reach, snapshot

CLIENTS = 20


def race(world, application_id: int, attempts: list[tuple[str, str]], expected_version):
    """Run each (role, action) in its own thread and connection, released together."""
    start = threading.Barrier(len(attempts))
    results: list = [None] * len(attempts)

    def client(index: int, role: str, action: str) -> None:
        actor = world.a.actor(role)
        with db.connection_context():
            start.wait(timeout=30)
            try:
                results[index] = rehab.act(
                    actor, application_id, action, now=world.now,
                    expected_version=expected_version, **ARGUMENTS[action],
                )  # fmt: skip
            except DomainError as error:
                results[index] = error
            except Exception as error:  # "database is locked", a deadlock: report, not hang
                results[index] = error

    threads = [
        threading.Thread(target=client, args=(i, role, action), name=f"client-{i}")
        for i, (role, action) in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a client hung"
    return results


def assert_one_winner(results, before, after):
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1, Counter(type(r).__name__ for r in results)
    unexpected = [r for r in losers if not isinstance(r, Conflict)]
    assert unexpected == [], [f"{type(r).__name__}: {r}" for r in unexpected]
    assert {r.code for r in losers} <= {"stale_version", "changed_meanwhile", "action_not_possible"}
    won = winners[0]
    assert after["application"]["state"] == won.to_state
    assert after["application"]["version"] == before["application"]["version"] + 1
    new = after["audit"][len(before["audit"]) :]
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert [(r["action"], r["version"]) for r in new] == [(won.action, won.version)]
    return won


# The reviewer's three decisions, each open only in under_review, and the guardian's
# withdrawal, which is open in approved as well: it needs expected_version to lose.
DECISIONS = [("reviewer", "approve"), ("reviewer", "reject"), ("reviewer", "return_for_correction")]
WITHDRAWAL = ("intake_clerk", "withdraw")


def test_conflicting_decisions_with_the_same_expected_version(world):
    application_id = reach(world, "under_review")
    before = snapshot(application_id)
    choices = [*DECISIONS, WITHDRAWAL]
    attempts = [choices[i % len(choices)] for i in range(CLIENTS)]
    results = race(world, application_id, attempts, before["application"]["version"])
    won = assert_one_winner(results, before, snapshot(application_id))
    assert won.to_state in ("approved", "rejected", "returned", "withdrawn")


def test_conflicting_decisions_without_a_version(world):
    """The first decision leaves under_review; the others find it gone (InvalidTransition)."""
    application_id = reach(world, "under_review")
    before = snapshot(application_id)
    attempts = [DECISIONS[i % len(DECISIONS)] for i in range(CLIENTS)]
    results = race(world, application_id, attempts, None)
    won = assert_one_winner(results, before, snapshot(application_id))
    assert won.to_state in ("approved", "rejected", "returned")


def test_twenty_identical_actions_apply_once(world):
    application_id = reach(world, "submitted")
    before = snapshot(application_id)
    results = race(world, application_id, [("reviewer", "start_review")] * CLIENTS, 1)
    won = assert_one_winner(results, before, snapshot(application_id))
    assert (won.from_state, won.to_state) == ("submitted", "under_review")


def test_racing_referrals_leave_exactly_one_referral(world):
    application_id = reach(world, "approved")
    before = snapshot(application_id)
    results = race(world, application_id, [("reviewer", "refer")] * CLIENTS, None)
    after = snapshot(application_id)
    assert_one_winner(results, before, after)
    referrals = Referral.select().where(Referral.application == application_id)
    assert referrals.count() == 1
    assert after["application"]["institution_id"] == referrals.get().institution_id


def test_racing_attendance_records_once(world):
    """An action that changes no state: the version still lets only one of them through."""
    application_id = reach(world, "in_rehabilitation")
    before = snapshot(application_id)
    version = before["application"]["version"]
    results = race(world, application_id, [("institution_staff", "record_attendance")] * CLIENTS,
                   version)  # fmt: skip
    after = snapshot(application_id)
    assert_one_winner(results, before, after)
    assert len(after["Attendance"]) == 1
    assert len(audit_rows(application_id)) == len(before["audit"]) + 1
