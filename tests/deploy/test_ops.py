"""Operations endpoints and logs: /healthz/live, /healthz, /metrics, request ids, JSON lines."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from prometheus_client import REGISTRY

from casework import models
from casework.db import migrations
from casework.services import health
from casework.settings import Settings
from tests.conftest import NOW
from web import create_app
from web.logs import GunicornLogger, JsonFormatter, RequestIdFilter, request_id_from

API = "/api/v1"


class _Heartbeats:
    """Stands in for the scheduler's JobHeartbeat model: rows of job, started, finished, ok."""

    def __init__(self, *rows):
        self.rows = [SimpleNamespace(job=j, started_at=s, finished_at=f, ok=ok,
                                     mail_failing_since=None)
                     for j, s, f, ok in rows]  # fmt: skip

    def select(self):
        return self.rows


def test_live_answers_without_the_database_and_carries_a_request_id(client):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_sane_request_id_is_echoed_and_a_strange_one_replaced(client):
    given = client.get("/healthz/live", headers={"X-Request-ID": "lb-7f3a.2"})
    assert given.headers["X-Request-ID"] == "lb-7f3a.2"
    for strange in ("has space", "x" * 129, "<script>"):
        replaced = client.get("/healthz/live", headers={"X-Request-ID": strange})
        assert replaced.headers["X-Request-ID"] != strange
        assert len(replaced.headers["X-Request-ID"]) == 32


def test_errors_carry_the_request_id_too(client):
    response = client.get(f"{API}/rehab-applications", headers={"X-Request-ID": "req-401"})
    assert response.status_code == 401
    assert response.headers["X-Request-ID"] == "req-401"


def test_healthz_reports_a_reachable_current_database(client, monkeypatch):
    fresh = (("scan", NOW, NOW, True),)  # where a scheduler is installed: it just ran
    monkeypatch.setattr(models, "JobHeartbeat", _Heartbeats(*fresh), raising=False)
    monkeypatch.setattr("web.ops.utcnow", lambda: NOW)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True, "pending": [], "unknown_applied": []}


@pytest.mark.parametrize("today, warned", [((2026, 10, 30), False), ((2026, 11, 2), True)])
def test_healthz_warns_before_the_official_calendar_runs_out(
    client, monkeypatch, published_through_2026, today, warned
):
    """Two months ahead; the check never fails health: deadlines fall back to Mon-Fri."""
    monkeypatch.setattr("web.ops.utcnow", lambda: dt.datetime(*today, 2, 0))
    check = client.get("/healthz").get_json()["checks"]["calendar"]
    assert check["ok"] is True and check["official_through"] == 2026
    assert ("2027-01-01" in check.get("warning", "")) is warned


def test_healthz_fails_while_a_migration_is_pending(client):
    history = migrations().History
    latest = history.select().order_by(history.name.desc()).get()
    history.delete().where(history.id == latest.id).execute()
    try:
        response = client.get("/healthz")
    finally:
        history.create(name=latest.name, applied=latest.applied)
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["checks"]["migrations"]["pending"] == [latest.name]


def test_healthz_fails_when_the_database_cannot_be_opened(tmp_path, database_url):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}"), TESTING=True)  # a folder
    try:
        response = app.test_client().get("/healthz")
    finally:
        from casework.db import bind

        bind(database_url)  # give the shared proxy back to the test database
    assert response.status_code == 503
    check = response.get_json()["checks"]["database"]
    assert check["ok"] is False and "unable to open" in check["error"]


@pytest.mark.parametrize(
    ("rows", "ok", "age"),
    [
        ((("scan", NOW - dt.timedelta(minutes=5), NOW - dt.timedelta(minutes=4), 1),), True, 240),
        ((("overdue", NOW - dt.timedelta(hours=2), None, True),), False, 7200),
        ((), False, None),
    ],
)  # fmt: skip
def test_the_scheduler_heartbeat_must_be_fresh(monkeypatch, database, rows, ok, age):
    monkeypatch.setattr(models, "JobHeartbeat", _Heartbeats(*rows), raising=False)
    result = health.check(NOW, heartbeat_max_age=1800)
    assert result.checks["scheduler"]["ok"] is ok
    assert result.checks["scheduler"].get("heartbeat_age_s") == age
    assert result.ok is ok


def test_a_failed_job_is_named_but_a_fresh_heartbeat_stays_healthy(monkeypatch, database):
    recent = NOW - dt.timedelta(minutes=1)
    beats = _Heartbeats(("digest", recent, recent, False), ("overdue", recent, recent, True))
    monkeypatch.setattr(models, "JobHeartbeat", beats, raising=False)
    scheduler = health.check(NOW, heartbeat_max_age=1800).checks["scheduler"]
    assert scheduler["ok"] is True and scheduler["failed_jobs"] == ["digest"]


def _sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_requests_by_route_and_actions_by_workflow(client, world):
    application = world.application()
    route = f"{API}/rehab-applications/<int:application_id>/actions/<string:action>"
    requests = ("casework_http_requests_total", {"method": "POST", "endpoint": route})
    before_ok = _sample(requests[0], **requests[1], status="200")
    before_refused = _sample(requests[0], **requests[1], status="409")
    before_actions = _sample("casework_actions_total", workflow="rehab", action="start_review")
    headers = {"Authorization": f"Bearer {world.a.token('reviewer')}"}
    url = f"{API}/rehab-applications/{application.id}/actions/start_review"
    assert client.post(url, json={"expected_version": 1}, headers=headers).status_code == 200
    assert client.post(url, json={"expected_version": 2}, headers=headers).status_code == 409
    assert _sample(requests[0], **requests[1], status="200") == before_ok + 1
    assert _sample(requests[0], **requests[1], status="409") == before_refused + 1
    after = _sample("casework_actions_total", workflow="rehab", action="start_review")
    assert after == before_actions + 1  # the refused one is not an action
    text = client.get("/metrics").get_data(as_text=True)
    assert "casework_http_request_duration_seconds_bucket" in text
    assert 'casework_actions_total{action="start_review",workflow="rehab"}' in text


def test_log_records_in_a_request_carry_its_id_as_json(app):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("casework.test_ops")
    logger.addHandler(handler)
    try:
        with app.test_request_context("/"):
            from flask import g

            g.request_id = "req-42"
            logger.warning("审核超时 %s", 3)
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["request_id"] == "req-42" and inside["message"] == "审核超时 3"
    assert inside["level"] == "warning" and "request_id" not in outside


def test_gunicorn_access_log_is_one_json_line_with_the_request_id():
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    response = SimpleNamespace(status="201 CREATED", headers=[("X-Request-ID", "abc")], sent=12)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/x", "QUERY_STRING": "",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "curl"}  # fmt: skip
    logger.access(response, None, environ, dt.timedelta(milliseconds=3.5))
    entry = json.loads(stream.getvalue())
    assert entry["request_id"] == "abc" and entry["status"] == 201 and entry["ms"] == 3.5
    assert entry["method"] == "POST" and entry["path"] == "/api/v1/x" and entry["bytes"] == 12


def test_request_ids_are_generated_unique():
    assert len({request_id_from(None) for _ in range(100)}) == 100
