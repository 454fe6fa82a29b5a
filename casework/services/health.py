"""Is this installation fit to serve: database reachable, schema current, scheduler alive; and
does it know the official calendar its working-day deadlines are about to reach."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from casework import db as database
from casework import models
from casework.db import db
from casework.queries import work_calendar
from casework.rules import calendar
from casework.rules.deadlines import local_date

# Working-day deadlines set today end up to a month or so ahead: warn this long before the
# first day the official calendar does not know.
CALENDAR_NOTICE_DAYS = 60


@dataclass
class Health:
    checks: dict[str, dict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Fit to serve: every check passes but those that only degrade the service."""
        return all(check["ok"] for check in self.checks.values() if not check.get("degrades"))

    @property
    def degraded(self) -> bool:
        return any(not check["ok"] for check in self.checks.values())

    def as_dict(self) -> dict:
        status = "fail" if not self.ok else "degraded" if self.degraded else "ok"
        return {"status": status, "checks": self.checks}


def check(
    now: dt.datetime, *, heartbeat_max_age: int, mail_failure_max_age: int | None = None
) -> Health:
    """Each check reports ok and its details; none raises, so one failure hides no other."""
    health = Health(checks={"database": _database()})
    if not health.checks["database"]["ok"]:
        health.checks["calendar"] = _calendar(local_date(now), calendar.package_only())
        return health
    with db.connection_context():
        health.checks["migrations"] = _migrations()
        kept = work_calendar.current() if health.checks["migrations"]["ok"] else None
        health.checks["calendar"] = _calendar(local_date(now), kept or calendar.package_only())
        if health.checks["migrations"]["ok"]:  # else the heartbeat table may not exist yet
            scheduler = _scheduler(now, heartbeat_max_age)
            if scheduler is not None:
                health.checks["scheduler"] = scheduler
            mail = _mail(now, mail_failure_max_age)
            if mail is not None:
                health.checks["mail"] = mail
    return health


def _calendar(today: dt.date, known: calendar.WorkCalendar) -> dict:
    """Never fails the check (deadlines fall back to Monday-Friday), but says when the
    holiday calendar needs next year's arrangement, before deadlines cross into an unknown
    year: the admin enters it (or the package chinesecalendar is updated)."""
    last = known.last_known_year(today)
    result: dict = {"ok": True, "official_through": last}
    unknown_from = dt.date(last + 1, 1, 1)
    if (unknown_from - today).days <= CALENDAR_NOTICE_DAYS:
        result["warning"] = (
            f"the holiday calendar knows no day from {unknown_from} on: working-day deadlines "
            "from then count Monday to Friday, without holidays or swapped working weekends, "
            f"until the admin enters the arrangement of {last + 1} (or the package "
            "chinesecalendar is updated)"
        )
    return result


def _database() -> dict:
    started = time.perf_counter()
    try:
        with db.connection_context():
            db.execute_sql("SELECT 1").fetchone()
    except Exception as exc:  # any driver error means the same thing here: unreachable
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}".strip()[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _migrations() -> dict:
    status = database.migrations().status()
    pending = [m.name for m in status if not m.applied]
    unknown = [m.name for m in status if m.path is None]  # applied by a newer release
    return {"ok": not pending and not unknown, "pending": pending, "unknown_applied": unknown}


def _scheduler(now: dt.datetime, max_age: int) -> dict | None:
    """The age of the scheduler's latest heartbeat; None where no scheduler is installed."""
    heartbeat = getattr(models, "JobHeartbeat", None)
    if heartbeat is None:
        return None
    rows = list(heartbeat.select())
    if not rows:
        return {"ok": False, "error": "the scheduler has not run any job yet"}
    latest = max(row.finished_at or row.started_at for row in rows)
    age = max((now - latest).total_seconds(), 0.0)
    return {
        "ok": age <= max_age,
        "heartbeat_age_s": round(age, 1),
        "max_age_s": max_age,
        "failed_jobs": sorted(row.job for row in rows if not row.ok),
    }


def _mail(now: dt.datetime, max_age: int | None) -> dict | None:
    """Degraded (not failed: the county works on without e-mail) once every message the
    scheduler tried has failed for longer than `max_age` seconds; None where no job has sent
    mail, or no limit is set."""
    heartbeat = getattr(models, "JobHeartbeat", None)
    if heartbeat is None or max_age is None:
        return None
    rows = heartbeat.select()  # a row per job: read them all
    failing = [(row.job, since) for row in rows if (since := row.mail_failing_since)]
    if not failing:
        return {"ok": True, "degrades": True}
    since = min(moment for _, moment in failing)
    age = max((now - since).total_seconds(), 0.0)
    return {
        "ok": age <= max_age,
        "degrades": True,
        "failing_for_s": round(age, 1),
        "max_age_s": max_age,
        "jobs": sorted(job for job, _ in failing),
    }
