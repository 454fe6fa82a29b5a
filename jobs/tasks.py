"""The job functions. Each takes `now`, opens its own connection, calls casework services,
writes its heartbeat, times itself for Prometheus, and logs what it did and how long it took
(every record of a run carries the job and the run's id)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from typing import Any

from casework import telemetry
from casework.clock import utcnow
from casework.db import db
from casework.services import family, heartbeat, idempotency, mail, province, register, reminders
from casework.settings import Settings
from jobs.logs import job_run

log = logging.getLogger("jobs")
HOST = f"{socket.gethostname()}:{os.getpid()}"


def _run(job: str, now: dt.datetime | None, work, report) -> Any:
    """Run `work(now)` as one run of `job`; `report(result, seconds)` is what gets logged."""
    now = now or utcnow()
    started = time.perf_counter()
    with job_run(job), telemetry.timed_job(job), db.connection_context():
        heartbeat.started(job, now, HOST)
        try:
            result = work(now)
        except Exception as exc:
            heartbeat.finished(job, utcnow(), False, f"{type(exc).__name__}: {exc}", 0.0)
            raise
        seconds = time.perf_counter() - started
        failing = getattr(result, "failing", None)  # an e-mail run's: all it tried failed
        heartbeat.finished(job, utcnow(), True, str(result), seconds, mail_failing=failing)
        log.info("%s: %s", job, report(result, seconds))
    return result


def scan_reminders(now: dt.datetime | None = None, pause=None) -> reminders.ScanSummary:
    def work(at):
        return reminders.scan(at, pause=pause)

    return _run("reminders.scan", now, work, lambda summary, _: summary)


def send_email(settings: Settings, now: dt.datetime | None = None, leading=None) -> int:
    """The messages sent. `leading()` is asked before each user's batch (the lock may be lost
    mid-run)."""

    def work(at):
        return mail.send_reminders(settings, at, leading or (lambda: True))

    return _run("reminders.email", now, work, lambda d, s: f"messages: {d} in {s:.3f} s").sent


def send_digest(settings: Settings, now: dt.datetime | None = None) -> int:
    def work(at):
        return mail.send_digests(settings, at)

    return _run("reminders.digest", now, work, lambda d, s: f"digests: {d} in {s:.3f} s").sent


def take_off_adults(now: dt.datetime | None = None) -> list[int]:
    """Children who turned eighteen leave the register (each one logged): level-triggered,
    so a run after a restart catches up the birthdays it missed, and a second run finds
    nobody."""
    return _birthday("register.birthdays", register.take_off_adults, now,
                     "child %s left the register: eighteen", "off at 18")  # fmt: skip


def rederive_at_sixteen(now: dt.datetime | None = None) -> list[int]:
    """Children counted left-behind who turned sixteen have their categories derived again
    (each one logged): level-triggered like the eighteenth birthday's job."""
    return _birthday("family.sixteen", family.rederive_at_sixteen, now,
                     "child %s: categories derived again at sixteen", "derived at 16")  # fmt: skip


def _birthday(job: str, step, now: dt.datetime | None, each: str, summary: str) -> list[int]:
    """A birthday job: `step(at)` gives the children it changed, each logged as `each`."""

    def work(at):
        done = step(at)
        for child_id in done:
            log.info(each, child_id)
        return done

    return _run(job, now, work, lambda done, s: f"{summary}: {len(done)} in {s:.3f} s")


def take_county_figures(settings: Settings, now: dt.datetime | None = None) -> list[int]:
    """The day's figures of each county in a province (each one logged): level-triggered like
    the birthday jobs, so the first run after midnight in China takes them, a run after the
    scheduler was down takes that day's then, and a second run the same day takes none."""

    def work(at):
        done = province.take_figures(at, settings)
        for county_id in done:
            log.info("county %s: figures taken", county_id)
        return done

    return _run("province.figures", now, work,
                lambda done, s: f"county figures: {len(done)} in {s:.3f} s")  # fmt: skip


def forget_idempotency_keys(now: dt.datetime | None = None) -> int:
    """Drop the idempotency keys older than their keeping time (a phone's outbox is long
    sent by then); returns how many went."""
    return _run(
        "idempotency.forget",
        now,
        idempotency.forget_old,
        lambda gone, s: f"keys forgotten: {gone} in {s:.3f} s",
    )
