"""The inbox API: list with filters, mark read, snooze with a reason, digest preference."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.clock import utcnow
from casework.models import AuditEntry, Reminder
from casework.services.reminders import scan
from tests.jobs.helpers import application_in


@pytest.fixture
def api(app, world):
    client = app.test_client()

    def call(method, path, role="institution_staff", county=None, **kw):
        token = (county or world.a).token(role) if role else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.open(f"/api/v1/inbox{path}", method=method, headers=headers, **kw)

    call.app = app
    return call


@pytest.fixture
def overdue(world):
    """Two reminders for county a's institution staff, one for its reviewer, as of today."""
    application_in(world, "referred")
    application_in(world, "referred")
    world.application()
    # real time, since the API stamps read/snooze with the clock: everything is long overdue;
    # raised a week before, so that the grace has run out and the staff's are escalated
    scan(utcnow() - dt.timedelta(days=7))
    scan(utcnow())
    staff = world.a.users["institution_staff"].id
    return list(Reminder.select().where(Reminder.assignee == staff).order_by(Reminder.id))


def test_each_user_sees_their_own_reminders(api, overdue, world):
    staff = api("GET", "")
    assert staff.status_code == 200
    body = staff.get_json()
    assert body["total"] == 2 and body["unread"] == 2
    assert {i["rule"] for i in body["items"]} == {"rehab.referral_answer"}
    assert body["items"][0]["title"] == "转介未答复超期"
    reviewer = api("GET", "", role="reviewer").get_json()
    # the reviewer's own review reminder, and the staff's two escalated to the reviewer
    assert reviewer["total"] == 3
    me = world.a.users["reviewer"].id
    assert sorted(i["assignee_id"] == me for i in reviewer["items"]) == [False, False, True]
    assert sum(i["escalated_to_id"] == me for i in reviewer["items"]) == 2
    assert api("GET", "", role="institution_staff", county=world.b).get_json()["total"] == 0


def test_filters(api, overdue):
    assert api("GET", "?rule=rehab.review", role="reviewer").get_json()["total"] == 1
    assert api("GET", "?severity=urgent").get_json()["total"] == 0
    assert len(api("GET", "?severity=warning&per_page=1").get_json()["items"]) == 1
    refused = api("GET", "?rule=rehab.nothing")
    assert refused.status_code == 422
    assert refused.content_type == "application/problem+json"
    assert "rule" in refused.get_json()["errors"]
    assert api("GET", "?severity=loud").status_code == 422


def test_mark_read(api, overdue):
    first = overdue[0].id
    response = api("POST", f"/{first}/read")
    assert response.status_code == 200 and response.get_json()["read_at"]
    stamped = Reminder.get_by_id(first).read_at
    api("POST", f"/{first}/read")
    assert Reminder.get_by_id(first).read_at == stamped  # the first reading stays
    body = api("GET", "?unread=true").get_json()
    assert body["total"] == 1 and body["unread"] == 1


def test_snooze_with_a_reason(api, overdue):
    first = overdue[0].id
    until = (utcnow().replace(microsecond=0)).isoformat().split("+")[0]
    refused = api("POST", f"/{first}/snooze", json={"until": until, "reason": "x"})
    assert refused.status_code == 422 and "until" in refused.get_json()["errors"]
    no_reason = api("POST", f"/{first}/snooze", json={"until": "2999-01-01T00:00:00"})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    assert Reminder.get_by_id(first).snoozed_until is None
    later = (utcnow() + dt.timedelta(days=3)).isoformat()
    response = api("POST", f"/{first}/snooze", json={"until": later, "reason": "等待家长回复"})
    assert response.status_code == 200
    assert response.get_json()["snooze_reason"] == "等待家长回复"
    assert api("GET", "").get_json()["total"] == 1
    assert api("GET", "?include_snoozed=true").get_json()["total"] == 2
    audit = AuditEntry.get(AuditEntry.entity == "reminder", AuditEntry.entity_id == first)
    assert (audit.action, audit.reason) == ("snooze", "等待家长回复")


def test_someone_elses_reminder_is_refused(api, overdue, world):
    first = overdue[0].id
    assert api("POST", f"/{first}/read", role="intake_clerk").status_code == 403
    assert api("POST", f"/{first}/read", county=world.b).status_code == 403
    assert api("POST", "/999999/read").status_code == 404
    assert Reminder.get_by_id(first).read_at is None


def test_without_a_token(api, overdue):
    response = api("GET", "", role=None)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"


def test_digest_preference(api, overdue):
    assert api("GET", "/preferences").get_json() == {"digest": False}
    assert api("PUT", "/preferences", json={"digest": True}).get_json() == {"digest": True}
    assert api("GET", "/preferences").get_json() == {"digest": True}
    assert api("PUT", "/preferences", json={}).status_code == 422


def test_the_app_clock_stamps_reads_and_judges_snoozes(api, overdue):
    """The API runs on the app's clock (CASEWORK_CLOCK), not the machine's."""
    app_now = utcnow().replace(microsecond=0) + dt.timedelta(days=2)
    api.app.config["CASEWORK_CLOCK"] = lambda: app_now
    first, second = overdue[0].id, overdue[1].id
    assert api("POST", f"/{first}/read").status_code == 200
    assert Reminder.get_by_id(first).read_at == app_now
    # a day ahead of the machine but behind the app's clock: in the past, so refused
    behind = (app_now - dt.timedelta(days=1)).isoformat()
    refused = api("POST", f"/{second}/snooze", json={"until": behind, "reason": "等待家长回复"})
    assert refused.status_code == 422 and "until" in refused.get_json()["errors"]
    until = app_now + dt.timedelta(hours=1)
    snoozed = api("POST", f"/{second}/snooze", json={"until": until.isoformat(), "reason": "外出"})
    assert snoozed.status_code == 200
    assert api("GET", "").get_json()["total"] == 1
    api.app.config["CASEWORK_CLOCK"] = lambda: until + dt.timedelta(minutes=1)
    assert api("GET", "").get_json()["total"] == 2  # the snooze is over by the app's clock


def test_close_and_the_snooze_limit(api, overdue):
    first, second = overdue[0].id, overdue[1].id
    refused = api("POST", f"/{first}/close", json={"outcome": "not_applicable"})
    assert refused.status_code == 422 and "reason" in refused.get_json()["errors"]
    closed = api("POST", f"/{first}/close", json={"outcome": "not_applicable", "reason": "重复"})
    assert closed.status_code == 200
    assert (closed.get_json()["closed_as"], closed.get_json()["state"]) == (
        "not_applicable", "resolved",
    )  # fmt: skip
    assert api("POST", f"/{first}/close", json={"outcome": "done"}).status_code == 409
    for days in (1, 2):
        later = (utcnow() + dt.timedelta(days=days)).isoformat()
        assert (
            api("POST", f"/{second}/snooze", json={"until": later, "reason": "等"}).status_code
            == 200
        )
    later = (utcnow() + dt.timedelta(days=3)).isoformat()
    third = api("POST", f"/{second}/snooze", json={"until": later, "reason": "等"})
    assert third.status_code == 409 and third.get_json()["code"] == "snooze_limit_reached"
