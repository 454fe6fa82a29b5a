"""Counters of what the service does, for Prometheus: actions per workflow, reminders created,
escalated, resolved and unreachable, e-mail sent, failed and deferred, scheduled job
durations. HTTP request metrics live in web/metrics.py.

Both the web workers and the scheduler process count here. Under gunicorn
PROMETHEUS_MULTIPROC_DIR names a directory where each worker keeps its values in a
memory-mapped file, and the web's /metrics adds them up (prometheus_client reads that variable
when it is first imported). The scheduler serves its own /metrics instead
(`python -m jobs --metrics-bind`): it may run on another host, and gunicorn empties the
directory when it starts, so `python -m jobs` drops the variable before importing this module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

ACTIONS = Counter(
    "casework_actions_total",
    "Workflow actions carried out, by workflow and action.",
    ["workflow", "action"],
)
REMINDERS = Counter(
    "casework_reminders_created_total",
    "Reminders of missed deadlines created, by rule.",
    ["rule"],
)
ESCALATED = Counter(
    "casework_reminders_escalated_total",
    "Reminders escalated to a supervisor after their grace period, by rule.",
    ["rule"],
)
RESOLVED = Counter(
    "casework_reminders_resolved_total",
    "Reminders resolved (the work done, or marked done or not applicable), by rule.",
    ["rule"],
)
MAIL = Counter(
    "casework_mail_messages_total",
    "E-mail messages by kind (reminders, digest) and outcome: sent; failed (the server refused"
    " or did not answer: retried next run); deferred (not tried: the scheduler lost the lead).",
    ["kind", "outcome"],
)
UNREACHABLE = Gauge(
    "casework_reminders_unreachable",
    "Open reminders nobody answering for them can receive (raised to the county admin).",
    multiprocess_mode="max",  # only the scheduler sets it
)
JOB_SECONDS = Histogram(
    "casework_job_duration_seconds",
    "Run time of each scheduled job, by job and outcome (ok or error).",
    ["job", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900),
)


_ACTION_COUNTERS: dict[tuple[str, str], Any] = {}  # (workflow, action) -> its bound counter


def action_performed(workflow: str, action: str) -> None:
    """Count one committed action; the engine calls this after the transaction. The bound
    child is kept: .labels() on every action cost more than the increment itself."""
    key = (workflow, action)
    counter = _ACTION_COUNTERS.get(key)
    if counter is None:
        counter = _ACTION_COUNTERS[key] = ACTIONS.labels(workflow, action)
    counter.inc()


def reminders_created(rule: str, count: int = 1) -> None:
    if count:
        REMINDERS.labels(rule).inc(count)


def reminders_escalated(rule: str, count: int = 1) -> None:
    if count:
        ESCALATED.labels(rule).inc(count)


def reminders_resolved(rule: str, count: int = 1) -> None:
    if count:
        RESOLVED.labels(rule).inc(count)


def mail_messages(kind: str, outcome: str, count: int = 1) -> None:
    if count:
        MAIL.labels(kind, outcome).inc(count)


def reminders_unreachable(count: int) -> None:
    UNREACHABLE.set(count)


@contextmanager
def timed_job(job: str) -> Iterator[None]:
    """Time one run of a scheduled job: `with telemetry.timed_job("overdue_scan"): ...`."""
    started, outcome = time.perf_counter(), "error"
    try:
        yield
        outcome = "ok"
    finally:
        JOB_SECONDS.labels(job, outcome).observe(time.perf_counter() - started)
