"""Structured logs for every process (web workers, the scheduler, commands): one JSON object
per line on standard error. The web adds each request's id (web/logs.py), the scheduler each
job run's (jobs/logs.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

# What a record may carry about the work it belongs to: a web request (web/logs.py), or a
# scheduled job's run (jobs/logs.py).
CONTEXT = ("request_id", "job", "run_id")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        for key in CONTEXT:
            value = getattr(record, key, None)
            if value:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO", filters: tuple[logging.Filter, ...] = ()) -> None:
    """Send the root logger's records to stderr as JSON lines (idempotent)."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in root.handlers:
        if getattr(handler, "_casework_json", False):
            return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for log_filter in filters:
        handler.addFilter(log_filter)
    handler._casework_json = True  # type: ignore[attr-defined]  # marks our own handler
    root.addHandler(handler)
    # transitions logs every state change at INFO: two lines per action on the hot path, and
    # the audit log already records each one
    logging.getLogger("transitions").setLevel(logging.WARNING)
