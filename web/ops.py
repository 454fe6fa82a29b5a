"""Operations: request ids, request metrics, and the endpoints a load balancer and a
monitoring system call: /healthz/live, /healthz and /metrics."""

from __future__ import annotations

import time

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

from casework.clock import utcnow
from casework.services import health
from web.logs import REQUEST_ID_HEADER, request_id_from

REQUESTS = Counter(
    "casework_http_requests_total",
    "HTTP requests answered, by method, route and status.",
    ["method", "endpoint", "status"],
)
LATENCY = Histogram(
    "casework_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by method and route.",
    ["method", "endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

blp = Blueprint("ops", __name__)


@blp.get("/healthz/live")
def live():
    """The process answers: for a load balancer's liveness probe; touches no database."""
    return {"status": "ok"}


@blp.get("/healthz")
def healthz():
    """Database reachable, migrations current, scheduler heartbeat fresh: 200, else 503. Mail
    failing too long is "degraded", still 200: the county's work goes on without e-mail."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    result = health.check(
        utcnow(),
        heartbeat_max_age=settings.heartbeat_max_age,
        mail_failure_max_age=settings.mail_failure_max_age,
    )
    response = jsonify(result.as_dict())
    response.status_code = 200 if result.ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.get("/metrics")
def metrics():
    """Prometheus exposition; under gunicorn the sum over every worker's values."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    registry = _registry(settings.metrics_dir)
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _registry(metrics_dir: str) -> CollectorRegistry:
    if not metrics_dir:
        return REGISTRY
    registry = CollectorRegistry()
    prometheus_multiprocess.MultiProcessCollector(registry, path=metrics_dir)
    return registry


def _begin() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.request_id
    rule = request.url_rule
    endpoint = rule.rule if rule is not None else "unmatched"
    LATENCY.labels(request.method, endpoint).observe(time.perf_counter() - g.started)
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    return response


def register_ops(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)  # first: ids for all
    app.after_request(_finish)
    app.register_blueprint(blp)
