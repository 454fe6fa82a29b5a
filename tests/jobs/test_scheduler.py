"""The scheduler's set-up, its listener, and the import rules of jobs/ and web/."""

from __future__ import annotations

import ast
import datetime as dt
import logging
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent

from casework.settings import Settings
from jobs import scheduler

ROOT = Path(__file__).resolve().parents[2]


class FakeLock:
    def __init__(self, held: bool):
        self._held = held

    def held(self) -> bool:
        return self._held


def test_every_job_has_an_id_and_the_safe_defaults():
    built = scheduler.build(Settings(scan_minutes=5), FakeLock(True))
    jobs = {job.id: job for job in built.get_jobs()}
    assert set(jobs) == {"reminders.scan", "reminders.email", "reminders.digest"}
    for job in jobs.values():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 300)
    assert jobs["reminders.scan"].trigger.interval == dt.timedelta(minutes=5)
    assert str(jobs["reminders.digest"].trigger.fields[5]) == "8"  # hour


def test_the_listener_logs_errors_and_misses(caplog):
    when = dt.datetime(2026, 3, 2, 10, 0)
    with caplog.at_level(logging.WARNING, logger="jobs"):
        scheduler._listener(
            JobExecutionEvent(EVENT_JOB_ERROR, "reminders.scan", None, when, RuntimeError("db"))
        )
        scheduler._listener(JobExecutionEvent(EVENT_JOB_MISSED, "reminders.email", None, when))
    assert "job reminders.scan failed" in caplog.text
    assert "job reminders.email missed its run" in caplog.text


def test_a_job_does_nothing_once_the_lock_is_lost(caplog, monkeypatch):
    called = []
    monkeypatch.setattr(scheduler.tasks, "scan_reminders", lambda: called.append(1))
    built = scheduler.build(Settings(), FakeLock(False))
    with caplog.at_level(logging.ERROR, logger="jobs"):
        built.get_job("reminders.scan").func()
    assert called == [] and "lock lost" in caplog.text


def _imports(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def test_jobs_never_imports_web_and_web_never_starts_the_scheduler():
    assert "web" not in _imports("jobs")
    assert not {"jobs", "apscheduler"} & _imports("web")
    assert not {"jobs", "apscheduler", "web", "flask"} & _imports("casework")
