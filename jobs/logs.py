"""Structured logs of the scheduler: casework.logs' JSON lines, each record logged during a
job's run stamped with the job's name and that run's id, as the web stamps a request's."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from casework import logs as json_logs

_run: ContextVar[tuple[str, str] | None] = ContextVar("job_run", default=None)


@contextmanager
def job_run(job: str) -> Iterator[str]:
    """The records logged inside the block carry `job` and a new run id (yielded)."""
    run_id = uuid.uuid4().hex
    token = _run.set((job, run_id))
    try:
        yield run_id
    finally:
        _run.reset(token)


class JobRunFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        run = _run.get()
        if run is not None and not hasattr(record, "run_id"):
            record.job, record.run_id = run
        return True


def configure(level: str = "INFO") -> None:
    """JSON lines on stderr, stamped with the job run inside one (idempotent)."""
    json_logs.configure(level, filters=(JobRunFilter(),))
    # APScheduler says "Running job" and "executed successfully" at INFO on every run: each
    # task logs one line of its own, with what it did and how long it took (jobs.tasks)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
