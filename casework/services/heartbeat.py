"""The scheduler's heartbeat: one row per job with its last run, read by the health check."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.models import JobHeartbeat


def started(job: str, now: dt.datetime, host: str) -> None:
    values = {"started_at": now, "finished_at": None, "host": host}
    with write_transaction():
        JobHeartbeat.insert(job=job, **values).on_conflict(
            conflict_target=[JobHeartbeat.job], update=values
        ).execute()


def finished(job: str, now: dt.datetime, ok: bool, summary: str, seconds: float) -> None:
    with write_transaction():
        JobHeartbeat.update(finished_at=now, ok=ok, summary=summary, seconds=seconds).where(
            JobHeartbeat.job == job
        ).execute()


def last_runs() -> list[JobHeartbeat]:
    return list(JobHeartbeat.select().order_by(JobHeartbeat.job))
