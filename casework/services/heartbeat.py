"""The scheduler's heartbeat: one row per job with its last run, read by the health check."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from casework.db import write_transaction
from casework.models import JobHeartbeat


def started(job: str, now: dt.datetime, host: str) -> None:
    values = {"started_at": now, "finished_at": None, "host": host}
    with write_transaction():
        JobHeartbeat.insert(job=job, **values).on_conflict(
            conflict_target=[JobHeartbeat.job], update=values
        ).execute()


def finished(
    job: str,
    now: dt.datetime,
    ok: bool,
    summary: str,
    seconds: float,
    mail_failing: bool | None = None,
) -> None:
    """`mail_failing`: True when every message the run tried failed (the first such run is
    kept as the start of the outage), False when one went out, None when it sent nothing."""
    values: dict = {"finished_at": now, "ok": ok, "summary": summary, "seconds": seconds}
    if ok:
        values["last_ok_at"] = now
    if mail_failing is False:
        values["mail_failing_since"] = None
    elif mail_failing:
        values["mail_failing_since"] = fn.COALESCE(JobHeartbeat.mail_failing_since, now)
    with write_transaction():
        JobHeartbeat.update(values).where(JobHeartbeat.job == job).execute()


def last_runs() -> list[JobHeartbeat]:
    return list(JobHeartbeat.select().order_by(JobHeartbeat.job))
