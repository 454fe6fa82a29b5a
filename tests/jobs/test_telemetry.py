"""The scheduler's telemetry: job durations and reminders created as Prometheus metrics,
served by `python -m jobs --metrics-bind`, and JSON logs stamped with each job run's id."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from prometheus_client import REGISTRY

from casework.clock import utcnow
from casework.logs import JsonFormatter
from casework.models import JobHeartbeat
from casework.services import reminders
from jobs import logs, metrics, tasks
from tests.jobs.helpers import application_in, world_at
from tests.jobs.test_processes import ROOT, Lines
from tests.ports import free_port

DURATION = "casework_job_duration_seconds_count"
CREATED = "casework_reminders_created_total"
LAST_SUCCESS = "casework_job_last_success_timestamp_seconds"


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def overdue(database):
    """One application waiting for review and one for the institution's answer, both long
    overdue by the real clock."""
    world = world_at(utcnow() - dt.timedelta(days=60))
    world.application()
    application_in(world, "referred")
    return world


def test_a_scan_counts_the_reminders_it_created_and_its_duration(overdue):
    runs = sample(DURATION, job="reminders.scan", outcome="ok")
    review = sample(CREATED, rule="rehab.review")
    answer = sample(CREATED, rule="rehab.referral_answer")
    summary = tasks.scan_reminders(utcnow())
    assert summary.created == 2
    assert sample(DURATION, job="reminders.scan", outcome="ok") == runs + 1
    assert sample(CREATED, rule="rehab.review") == review + 1
    assert sample(CREATED, rule="rehab.referral_answer") == answer + 1
    tasks.scan_reminders(utcnow())  # nothing new: the counters stay
    assert sample(CREATED, rule="rehab.review") == review + 1
    assert sample(DURATION, job="reminders.scan", outcome="ok") == runs + 2


def test_a_failed_run_is_timed_as_an_error(database, monkeypatch):
    def broken(now, pause=None):
        raise RuntimeError("database gone")

    monkeypatch.setattr(reminders, "scan", broken)
    errors = sample(DURATION, job="reminders.scan", outcome="error")
    with pytest.raises(RuntimeError):
        tasks.scan_reminders(utcnow())
    assert sample(DURATION, job="reminders.scan", outcome="error") == errors + 1
    assert not JobHeartbeat.get(JobHeartbeat.job == "reminders.scan").ok


def test_the_records_of_a_run_carry_the_job_and_the_run_id(overdue):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(logs.JobRunFilter())
    jobs_log = logging.getLogger("jobs")
    jobs_log.addHandler(handler)
    old_level = jobs_log.level
    jobs_log.setLevel(logging.INFO)
    try:
        tasks.scan_reminders(utcnow())
        tasks.scan_reminders(utcnow())
        jobs_log.info("between runs")
    finally:
        jobs_log.removeHandler(handler)
        jobs_log.setLevel(old_level)
    first, second, between = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["message"].startswith("reminders.scan: created 2")
    assert first["job"] == second["job"] == "reminders.scan"
    assert first["run_id"] != second["run_id"] and len(first["run_id"]) == 32
    assert "run_id" not in between and "job" not in between


@pytest.mark.parametrize("bind", ["localhost", "127.0.0.1:0x50", "127.0.0.1:70000"])
def test_a_bad_metrics_bind_is_refused(bind):
    with pytest.raises(ValueError, match="HOST:PORT"):
        metrics.parse_bind(bind)


def test_a_metrics_bind_names_a_host_and_a_port():
    assert metrics.parse_bind("0.0.0.0:9101") == ("0.0.0.0", 9101)
    assert metrics.parse_bind("9101") == ("127.0.0.1", 9101)
    assert metrics.parse_bind("[::1]:9101") == ("::1", 9101)


def test_a_taken_metrics_port_is_logged_and_the_scheduler_goes_on(caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with caplog.at_level(logging.ERROR, logger="jobs"):
            assert metrics.serve(f"127.0.0.1:{port}") is False
    assert f"cannot serve metrics on 127.0.0.1:{port}" in caplog.text


def _metrics_once(url: str, wanted: str, seconds: float = 60) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = response.read().decode()
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{wanted!r} never appeared at {url}:\n{text}")


def test_the_scheduler_serves_its_metrics_and_logs_json(overdue, database_url, tmp_path):
    port = free_port()
    shared = tmp_path / "web-metrics"  # the web's multiprocess directory, given by mistake
    shared.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASEWORK_JOBS_LOCK": str(tmp_path / "l"),
           "DATABASE_URL": database_url, "PROMETHEUS_MULTIPROC_DIR": str(shared)}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "jobs", "--metrics-bind", f"127.0.0.1:{port}"], cwd=ROOT,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    output = Lines(process)
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        text = _metrics_once(url, f'{DURATION}{{job="reminders.scan",outcome="ok"}} 1.0')
        assert f'{CREATED}{{rule="rehab.review"}} 1.0' in text
        assert f'{CREATED}{{rule="rehab.referral_answer"}} 1.0' in text
        assert "casework_scheduler_leader 1.0" in text
        assert f'{LAST_SUCCESS}{{job="reminders.scan"}}' in text
        # a standby (same lock) answers too: not the leader, and the leader's last runs
        standby_port = free_port()
        standby = subprocess.Popen(
            [sys.executable, "-m", "jobs", "--metrics-bind", f"127.0.0.1:{standby_port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            standby_url = f"http://127.0.0.1:{standby_port}/metrics"
            text = _metrics_once(standby_url, f'{LAST_SUCCESS}{{job="reminders.scan"}}')
            assert "casework_scheduler_leader 0.0" in text
        finally:
            standby.send_signal(signal.SIGTERM)
            standby.wait(30)
    finally:
        process.send_signal(signal.SIGTERM)
        output.close()
    assert process.returncode == 0
    assert list(shared.iterdir()) == []  # its metrics stayed in its own memory
    lines = []
    while not output.lines.empty():
        lines.append(json.loads(output.lines.get()))
    scans = [entry for entry in lines if entry["message"].startswith("reminders.scan: created")]
    assert scans and scans[0]["job"] == "reminders.scan" and scans[0]["run_id"]
    assert any(entry["message"] == f"metrics on {url}" for entry in lines)


def test_a_bad_metrics_bind_stops_the_scheduler_before_it_starts(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASEWORK_JOBS_LOCK": str(tmp_path / "l"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "jobs", "--metrics-bind", "localhost"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert "expected HOST:PORT" in json.loads(done.stderr.splitlines()[-1])["message"]
