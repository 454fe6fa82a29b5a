"""The scheduler's Prometheus metrics (casework/telemetry.py: job durations, reminders
created), served over HTTP by the scheduler itself: it may run on a host without a web
server, and gunicorn empties the web's multiprocess directory when it starts."""

from __future__ import annotations

import logging

from prometheus_client import start_http_server

log = logging.getLogger("jobs")


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
    try:
        start_http_server(port, addr=host)
    except OSError as exc:
        log.error("cannot serve metrics on %s:%d (%s): going on without them", host, port, exc)
        return False
    log.info("metrics on http://%s:%d/metrics", host, port)
    return True
