"""Structured logs of the web: casework.logs' JSON lines, each carrying the id of the request
it belongs to, for the application's own logs and for gunicorn's error and access logs."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import uuid

from flask import g, has_request_context
from gunicorn import glogging

from casework import logs as json_logs
from casework.logs import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a sane token (a proxy's, say), else a new one."""
    if header and _ACCEPTED_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamps every record logged while a request is handled with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id") and has_request_context():
            record.request_id = g.get("request_id")
        return True


def configure(level: str = "INFO") -> None:
    """JSON lines on stderr, stamped with the request id inside a request (idempotent)."""
    json_logs.configure(level, filters=(RequestIdFilter(),))


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with JSON lines: `logger_class = "web.logs.GunicornLogger"`."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())
        self.error_log.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "request_id": _header(resp.headers, REQUEST_ID_HEADER),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "ms": round(request_time.total_seconds() * 1000, 2),
            "remote": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "pid": os.getpid(),
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:  # a log line must never fail a request
            self.exception("could not write the access log")


def _header(headers, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None
