"""The scheduler's Prometheus metrics (casework/telemetry.py: job durations, reminders
created, escalated and resolved, e-mail outcomes), served over HTTP by the scheduler itself: it
may run on a host without a web server, and gunicorn empties the web's multiprocess directory
when it starts.

Each process also says whether it is the leader (holds the lock and runs the jobs) and, read
from the shared heartbeat table at each scrape, when each job last succeeded: a standby shows
that too, so a dashboard sees the jobs stall whichever process it asks."""

from __future__ import annotations

import datetime as dt
import logging

from prometheus_client import REGISTRY, Gauge, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from casework.db import db
from casework.models import JobHeartbeat

log = logging.getLogger("jobs")
LEADER = Gauge(
    "casework_scheduler_leader",
    "1 while this scheduler process holds the lock and runs the jobs, 0 while it stands by.",
)


def leading(value: bool) -> None:
    LEADER.set(1 if value else 0)


class LastSuccess(Collector):
    """casework_job_last_success_timestamp_seconds{job}: the end of each job's last successful
    run (Unix time), and casework_mail_failing_since_timestamp_seconds{job} while a job's
    e-mail fails, from the heartbeat table whichever scheduler ran them."""

    def collect(self):
        success = GaugeMetricFamily(
            "casework_job_last_success_timestamp_seconds",
            "When each scheduled job last finished successfully (Unix time), by job.",
            labels=["job"],
        )
        failing = GaugeMetricFamily(
            "casework_mail_failing_since_timestamp_seconds",
            "Since when every e-mail a job tried has failed (Unix time); absent while mail goes"
            " out.",
            labels=["job"],
        )
        for job, last_ok, failing_since in _heartbeats():
            if last_ok is not None:
                success.add_metric([job], _unix(last_ok))
            if failing_since is not None:
                failing.add_metric([job], _unix(failing_since))
        yield success
        yield failing


def _heartbeats() -> list[tuple]:
    if db.obj is None:  # not bound yet: the process is starting
        return []
    try:
        with db.connection_context():
            query = JobHeartbeat.select(
                JobHeartbeat.job, JobHeartbeat.last_ok_at, JobHeartbeat.mail_failing_since
            )
            return list(query.order_by(JobHeartbeat.job).tuples())
    except Exception as exc:  # a scrape must answer even while the database does not
        log.warning("metrics: cannot read the job heartbeats: %s", exc)
        return []


def _unix(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.UTC).timestamp()


_registered = False


def register() -> None:
    """Add the heartbeat collector to the default registry (once per process)."""
    global _registered
    if not _registered:
        REGISTRY.register(LastSuccess())
        _registered = True


def parse_bind(text: str) -> tuple[str, int]:
    """HOST:PORT (or a bare PORT, on loopback) -> (host, port)."""
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"metrics bind {text!r}: expected HOST:PORT, e.g. 127.0.0.1:9101")
    return host.strip("[]") or "127.0.0.1", int(port)


def serve(bind: str) -> bool:
    """Answer GET /metrics on `bind` from a daemon thread, for the life of the process. A
    port already taken is logged, not fatal: reminders matter more than their metrics."""
    host, port = parse_bind(bind)
    register()
    try:
        start_http_server(port, addr=host)
    except OSError as exc:
        log.error("cannot serve metrics on %s:%d (%s): going on without them", host, port, exc)
        return False
    log.info("metrics on http://%s:%d/metrics", host, port)
    return True
