"""Ten sends of one visit with one idempotency key at the same moment, each on its own
connection (the page and the service worker, a double tap, a retry while the first is still
running): one visit and one audit row; every send gets the same answer."""

from __future__ import annotations

import threading

from casework.db import db
from casework.models import AuditEntry, Visit
from casework.services import idempotency, visits

CLIENTS = 10


def test_one_key_sent_at_once_from_many_connections_writes_once(world):
    child = world.child()
    actor = world.a.actor("child_director")
    payload = {"visited_on": "2026-03-01", "kind": "regular", "child_id": child.id,
               "findings": "祖母照料"}  # fmt: skip
    start = threading.Barrier(CLIENTS)
    answers: list = [None] * CLIENTS

    def write() -> idempotency.Answer:
        visit = visits.record_visit(actor, payload, world.now, captured_offline=True)
        return idempotency.Answer(201, str(visit.id))

    def client(index: int) -> None:
        with db.connection_context():
            start.wait(timeout=30)
            try:
                answers[index] = idempotency.run_once(
                    actor.id, "phone-key", "POST /visits/new", b"the same body", world.now, write
                )
            except Exception as error:  # "database is locked", a deadlock: report, not hang
                answers[index] = error

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a client hung"
    failed = [f"{type(a).__name__}: {a}" for a in answers if isinstance(a, Exception)]
    assert failed == []
    assert Visit.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.entity == "visit").count() == 1
    assert {(a.status, a.body) for a in answers} == {(201, str(Visit.get().id))}
    assert sum(not a.replayed for a in answers) == 1
