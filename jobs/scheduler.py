"""The APScheduler set-up: explicit job ids, coalesced runs, one instance of each job at a
time, a misfire grace period, and a listener that logs errors and misses.

Jobs are level-triggered scans of the database ("what is overdue as of now"), so the memory
job store is enough: a run missed while the process was down is caught up by the next."""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.schedulers.blocking import BlockingScheduler

from casework.settings import Settings
from jobs import metrics, tasks
from jobs.lock import SingleInstance

log = logging.getLogger("jobs")
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}
FORGET_HOUR = 3  # old idempotency keys go once a day, in the quiet of the night


def _listener(event) -> None:
    """Log errors, misses and overruns. An overrun (EVENT_JOB_MAX_INSTANCES) comes as a
    JobSubmissionEvent, which has `scheduled_run_times` (a list), not `scheduled_run_time`:
    read either, and never let the listener itself raise."""
    try:
        if event.code == EVENT_JOB_ERROR:
            log.error("job %s failed: %r", event.job_id, event.exception, exc_info=event.exception)
        elif event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its run at %s", event.job_id, _run_times(event))
        else:
            log.warning("job %s still running at %s: skipped", event.job_id, _run_times(event))
    except Exception:  # a listener that raises is lost in APScheduler's own log
        log.exception("job listener failed on %r", event)


def _run_times(event) -> str:
    times = getattr(event, "scheduled_run_times", None)
    if times is None:
        times = [getattr(event, "scheduled_run_time", None)]
    return ", ".join(str(t) for t in times)


def build(settings: Settings, lock: SingleInstance) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.timezone, job_defaults=JOB_DEFAULTS)
    scheduler.add_listener(_listener, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)

    def guarded(name: str, work):
        def job():
            if not lock.held():  # another host may take over now: stop acting at once
                log.error("scheduler lock lost: shutting down")
                metrics.leading(False)
                if scheduler.running:
                    scheduler.shutdown(wait=False)
                return
            work()

        # APScheduler's log lines name a job by its function: say which job it is
        job.__name__ = job.__qualname__ = name
        return job

    soon = dt.datetime.now(scheduler.timezone)
    # the defaults again on each job, so that a job reads them before the scheduler starts
    every = {"trigger": "interval", "minutes": settings.scan_minutes, "replace_existing": True}
    every |= JOB_DEFAULTS
    scheduler.add_job(
        guarded("reminders.scan", tasks.scan_reminders),
        id="reminders.scan",
        name="reminders.scan",
        next_run_time=soon,
        **every,
    )
    scheduler.add_job(
        guarded("reminders.email", lambda: tasks.send_email(settings, leading=lock.held)),
        id="reminders.email",
        name="reminders.email",
        next_run_time=soon + dt.timedelta(seconds=20),
        **every,
    )
    scheduler.add_job(
        guarded("register.birthdays", tasks.take_off_adults),
        id="register.birthdays",
        name="register.birthdays",
        next_run_time=soon + dt.timedelta(seconds=40),
        **every,
    )
    scheduler.add_job(
        guarded("family.sixteen", tasks.rederive_at_sixteen),
        id="family.sixteen",
        name="family.sixteen",
        next_run_time=soon + dt.timedelta(seconds=50),
        **every,
    )
    scheduler.add_job(
        guarded("province.figures", lambda: tasks.take_county_figures(settings)),
        id="province.figures",
        name="province.figures",
        next_run_time=soon + dt.timedelta(seconds=55),
        **every,
    )
    scheduler.add_job(
        guarded("reminders.digest", lambda: tasks.send_digest(settings)),
        "cron",
        hour=settings.digest_hour,
        minute=0,
        id="reminders.digest",
        name="reminders.digest",
        replace_existing=True,
        **JOB_DEFAULTS,
    )
    scheduler.add_job(
        guarded("idempotency.forget", tasks.forget_idempotency_keys),
        "cron",
        hour=FORGET_HOUR,
        minute=30,
        id="idempotency.forget",
        name="idempotency.forget",
        replace_existing=True,
        **JOB_DEFAULTS,
    )
    return scheduler
