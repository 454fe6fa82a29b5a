"""The scheduler's set-up and its listener (its import rules: tests/test_architecture.py)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
    JobSubmissionEvent,
)

from casework.settings import Settings
from jobs import scheduler


class FakeLock:
    def __init__(self, held: bool):
        self._held = held

    def held(self) -> bool:
        return self._held


def test_every_job_has_an_id_and_the_safe_defaults():
    built = scheduler.build(Settings(scan_minutes=5), FakeLock(True))
    jobs = {job.id: job for job in built.get_jobs()}
    assert set(jobs) == {
        "reminders.scan",
        "reminders.email",
        "reminders.digest",
        "register.birthdays",
        "family.sixteen",
        "province.figures",
        "idempotency.forget",
    }
    for job in jobs.values():
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 300)
    assert jobs["reminders.scan"].trigger.interval == dt.timedelta(minutes=5)
    assert jobs["province.figures"].trigger.interval == dt.timedelta(minutes=5)
    assert str(jobs["reminders.digest"].trigger.fields[5]) == "8"  # hour
    assert str(jobs["idempotency.forget"].trigger.fields[5]) == "3"  # hour: daily


def test_the_listener_logs_errors_and_misses(caplog):
    when = dt.datetime(2026, 3, 2, 10, 0)
    with caplog.at_level(logging.WARNING, logger="jobs"):
        scheduler._listener(
            JobExecutionEvent(EVENT_JOB_ERROR, "reminders.scan", None, when, RuntimeError("db"))
        )
        scheduler._listener(JobExecutionEvent(EVENT_JOB_MISSED, "reminders.email", None, when))
    assert "job reminders.scan failed" in caplog.text
    assert "job reminders.email missed its run" in caplog.text


def test_the_listener_survives_an_overrun(caplog):
    when = dt.datetime(2026, 3, 2, 10, 0)
    overrun = JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, "reminders.scan", None, [when])
    with caplog.at_level(logging.WARNING, logger="jobs"):
        scheduler._listener(overrun)  # once raised AttributeError: no scheduled_run_time
        scheduler._listener(JobExecutionEvent(EVENT_JOB_MISSED, "reminders.email", None, when))
    assert "job reminders.scan still running at 2026-03-02 10:00:00: skipped" in caplog.text
    assert "job reminders.email missed its run" in caplog.text
    assert "listener failed" not in caplog.text


def test_an_overrun_in_a_running_scheduler_reaches_the_listener(caplog):
    from apscheduler.schedulers.background import BackgroundScheduler

    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(10)

    background = BackgroundScheduler(job_defaults=scheduler.JOB_DEFAULTS)
    background.add_listener(scheduler._listener, EVENT_JOB_MAX_INSTANCES)
    job = background.add_job(
        slow, "interval", hours=1, id="reminders.scan", name="reminders.scan",
        next_run_time=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="jobs"):
        background.start()
        try:
            assert started.wait(10)
            job.modify(next_run_time=dt.datetime.now(background.timezone))  # due again now
            for _ in range(200):
                if "still running" in caplog.text:
                    break
                time.sleep(0.01)
        finally:
            release.set()
            background.shutdown(wait=True)
    assert "job reminders.scan still running at" in caplog.text
    assert "listener failed" not in caplog.text


def test_jobs_are_named(caplog):
    built = scheduler.build(Settings(), FakeLock(True))
    for job in built.get_jobs():
        assert job.name == job.id and job.func.__name__ == job.id


def test_a_job_does_nothing_once_the_lock_is_lost(caplog, monkeypatch):
    called = []
    monkeypatch.setattr(scheduler.tasks, "scan_reminders", lambda: called.append(1))
    built = scheduler.build(Settings(), FakeLock(False))
    with caplog.at_level(logging.ERROR, logger="jobs"):
        built.get_job("reminders.scan").func()
    assert called == [] and "lock lost" in caplog.text


