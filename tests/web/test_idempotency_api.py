"""Idempotency keys on the writes a phone makes (visits, reports): a double tap, a replay and a
send cut off half-way make one row; the same key on another request is refused; a visit
captured offline whose child has since moved or left the register is kept and flagged."""

from __future__ import annotations

import pytest

from casework.models import AuditEntry, Child, IdempotencyKey, ReportCase, Visit
from casework.services import idempotency, register
from tests.conftest import NOW
from tests.web.test_protection_api import API, auth, problem


@pytest.fixture
def http(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


def visit_body(child, **more):
    return {"visited_on": "2026-03-01", "kind": "regular", "child_id": child.id,
            "findings": "祖父母照料", **more}  # fmt: skip


def audit_rows(entity: str) -> int:
    return AuditEntry.select().where(AuditEntry.entity == entity).count()


def test_a_double_tap_and_a_replay_record_one_visit(http, world):
    child = world.child()
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "phone-1-visit-1"}
    first = http.post(f"{API}/visits", json=visit_body(child), headers=headers)
    again = http.post(f"{API}/visits", json=visit_body(child), headers=headers)
    assert first.status_code == again.status_code == 201, first.get_data(as_text=True)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Visit.select().count() == 1 and audit_rows("visit") == 1


def test_a_send_cut_off_half_way_is_answered_again(http, world):
    """The server wrote the report but the phone lost the answer: it sends again, later, and
    gets the same case back; a report is not refused for coming late."""
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "phone-1-report-1"}
    body = {"reporter_name": "李主任", "place_id": world.a.villages[0].id,
            "harm_type": "abandonment", "facts": "孩子独自在家三天",
            "child_description": "约六岁女孩"}  # fmt: skip
    first = http.post(f"{API}/reports", json=body, headers=headers)
    assert first.status_code == 201, first.get_data(as_text=True)
    again = http.post(f"{API}/reports", json=body, headers=headers)
    assert (again.status_code, again.get_json()["id"]) == (201, first.get_json()["id"])
    assert again.headers["Location"] == first.headers["Location"]
    assert ReportCase.select().count() == 1 and audit_rows("report") == 1


def test_the_same_key_with_another_body_is_refused(http, world):
    child = world.child()
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "k-1"}
    assert http.post(f"{API}/visits", json=visit_body(child), headers=headers).status_code == 201
    other = http.post(f"{API}/visits", json=visit_body(child, findings="另一次"), headers=headers)
    assert problem(other, 409)["code"] == "idempotency_key_reused"
    assert Visit.select().count() == 1


def test_keys_are_each_users_own(http, world):
    """Two users who happen to make the same key each get their own write."""
    child = world.child()
    key = {"Idempotency-Key": "same-key"}
    director = http.post(f"{API}/visits", json=visit_body(child),
                         headers=auth(world.a, "child_director") | key)  # fmt: skip
    supervisor = http.post(f"{API}/visits", json=visit_body(child),
                           headers=auth(world.a, "child_supervisor") | key)  # fmt: skip
    assert director.status_code == supervisor.status_code == 201
    assert director.get_json()["id"] != supervisor.get_json()["id"]
    assert IdempotencyKey.select().count() == 2


def test_a_refused_write_keeps_no_key(http, world):
    """Nothing was written, so the same key may be sent again once the mistake is mended."""
    child = world.child()
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "k-2"}
    future = http.post(f"{API}/visits", json=visit_body(child, visited_on="2026-04-01"),
                       headers=headers)  # fmt: skip
    assert problem(future, 422)["code"] == "date_in_future"
    assert IdempotencyKey.select().count() == 0
    mended = http.post(f"{API}/visits", json=visit_body(child, visited_on="2026-04-01"),
                       headers=headers)  # fmt: skip
    assert mended.status_code == 422  # the same request, refused the same way again
    assert http.post(f"{API}/visits", json=visit_body(child), headers=headers).status_code == 201


def test_an_unusable_key_is_refused(http, world):
    child = world.child()
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "x" * 101}
    answer = http.post(f"{API}/visits", json=visit_body(child), headers=headers)
    assert problem(answer, 422)["code"] == "idempotency_key_invalid"
    assert Visit.select().count() == 0


def test_without_a_key_each_send_is_a_write(http, world):
    child = world.child()
    for _ in range(2):
        sent = http.post(f"{API}/visits", json=visit_body(child),
                         headers=auth(world.a, "child_director"))  # fmt: skip
        assert sent.status_code == 201
    assert Visit.select().count() == 2


def test_old_keys_are_forgotten(http, world):
    child = world.child()
    headers = auth(world.a, "child_director") | {"Idempotency-Key": "k-3"}
    http.post(f"{API}/visits", json=visit_body(child), headers=headers)
    assert idempotency.forget_old(NOW + idempotency.KEPT_FOR / 2) == 0
    assert idempotency.forget_old(NOW + idempotency.KEPT_FOR * 2) == 1


def move(http, world, child, village: int) -> None:
    moved = http.patch(f"{API}/children/{child.id}", headers=auth(world.a, "case_worker"),
                       json={"place_id": world.a.villages[village].id,
                             "expected_version": Child.get_by_id(child.id).version})  # fmt: skip
    assert moved.status_code == 200, moved.get_data(as_text=True)


def test_a_visit_captured_offline_to_a_child_who_moved_is_kept_and_flagged(http, world):
    child = world.child()
    move(http, world, child, village=1)  # while the phone had no signal
    director = auth(world.a, "child_director")
    online = http.post(f"{API}/visits", json=visit_body(child), headers=director)
    assert problem(online, 403)["code"] == "outside_scope"  # typed now: refused as before
    offline = http.post(f"{API}/visits", json=visit_body(child, captured_offline=True),
                        headers=director)  # fmt: skip
    assert offline.status_code == 201, offline.get_data(as_text=True)
    assert offline.get_json()["flag"] == "child_moved"
    visit = Visit.get()
    assert (visit.flag, visit.place_id) == ("child_moved", world.a.villages[0].id)
    entry = AuditEntry.get(AuditEntry.entity == "visit")
    assert entry.changes["flag"] == [None, "child_moved"]


def test_a_visit_captured_offline_to_a_child_who_left_the_register_is_flagged(http, world):
    child = world.child()
    register.act(world.a.actor("case_worker"), child.id, "leave_died", now=NOW,
                 expected_version=Child.get_by_id(child.id).version,
                 payload={"left_on": NOW.date().isoformat()})  # fmt: skip
    director = auth(world.a, "child_director")
    sent = http.post(f"{API}/visits", json=visit_body(child, captured_offline=True),
                     headers=director)  # fmt: skip
    assert (sent.status_code, sent.get_json()["flag"]) == (201, "child_left_register")
    here = http.post(f"{API}/visits", json=visit_body(child, captured_offline=True),
                     headers=director)  # fmt: skip
    assert here.status_code == 201
    assert Visit.select().where(Visit.flag == "child_left_register").count() == 2
