"""The job functions. Each takes `now`, opens its own connection, calls casework services,
writes its heartbeat and logs what it did and how long it took."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time

from casework.clock import utcnow
from casework.db import db
from casework.services import heartbeat, mail, reminders
from casework.settings import Settings

log = logging.getLogger("jobs")
HOST = f"{socket.gethostname()}:{os.getpid()}"


def _run(job: str, now: dt.datetime | None, work) -> object:
    now = now or utcnow()
    started = time.perf_counter()
    with db.connection_context():
        heartbeat.started(job, now, HOST)
        try:
            result = work(now)
        except Exception as exc:
            heartbeat.finished(job, utcnow(), False, f"{type(exc).__name__}: {exc}", 0.0)
            raise
        seconds = time.perf_counter() - started
        heartbeat.finished(job, utcnow(), True, str(result), seconds)
    return result


def scan_reminders(now: dt.datetime | None = None, pause=None) -> reminders.ScanSummary:
    summary = _run("reminders.scan", now, lambda at: reminders.scan(at, pause=pause))
    log.info("reminders.scan: %s", summary)
    return summary


def send_email(settings: Settings, now: dt.datetime | None = None) -> int:
    started = time.perf_counter()
    sent = _run("reminders.email", now, lambda at: mail.deliver(settings, at))
    log.info("reminders.email: %d messages in %.3f s", sent, time.perf_counter() - started)
    return sent


def send_digest(settings: Settings, now: dt.datetime | None = None) -> int:
    started = time.perf_counter()
    sent = _run("reminders.digest", now, lambda at: mail.digest(settings, at))
    log.info("reminders.digest: %d digests in %.3f s", sent, time.perf_counter() - started)
    return sent
