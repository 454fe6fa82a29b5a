"""`python -m jobs`: run the scheduler, or one round of every job with --once.

python -m jobs [--metrics-bind HOST:PORT]    the scheduler (stands by while another one runs)
python -m jobs --once [--now ISO]            one scan, e-mail and digest round, then exit
"""

# ruff: noqa: E402 - the environment is set before the imports below read it

from __future__ import annotations

import os

# The scheduler keeps its metrics in its own memory and serves them itself (jobs/metrics.py),
# even where it shares an environment with gunicorn: prometheus_client would otherwise keep
# them in the web's multiprocess directory, read when prometheus_client is first imported.
os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)

import argparse
import datetime as dt
import logging
import signal
import sys
import time

from casework import clock
from casework.db import bind, pending_migrations
from casework.settings import Settings
from jobs import logs, metrics, scheduler, tasks
from jobs.lock import SingleInstance

log = logging.getLogger("jobs")
STANDBY_SECONDS = 10


def _utc(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m jobs", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="run every job once and exit")
    parser.add_argument("--now", type=_utc, help="the time to run as (ISO; naive means UTC)")
    parser.add_argument(
        "--wait", type=float, default=0.0, help="with --once: seconds to wait for the lock"
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=0.0,
        help="testing aid: pause this many seconds inside each rule's transaction",
    )
    parser.add_argument(
        "--metrics-bind",
        metavar="HOST:PORT",
        help="serve Prometheus metrics at http://HOST:PORT/metrics (default: "
        "CASEWORK_JOBS_METRICS_BIND; not served when empty)",
    )
    return parser.parse_args(argv)


def _acquire(lock: SingleInstance, wait: float | None) -> bool:
    deadline = None if wait is None else time.monotonic() + wait
    told = False
    while not lock.acquire():
        if deadline is not None and time.monotonic() >= deadline:
            return False
        if not told:
            log.info("another jobs process holds the lock (%s): standing by", lock.path)
            told = True
        time.sleep(0.2 if deadline is not None else STANDBY_SECONDS)
    return True


def _once(settings: Settings, args) -> None:
    def pause(rule):
        print(f"paused in {rule.name}", flush=True)
        time.sleep(args.slow)

    summary = tasks.scan_reminders(args.now, pause=pause if args.slow else None)
    print(f"reminders: {summary}", flush=True)
    if settings.email_enabled:
        print(f"e-mails sent: {tasks.send_email(settings, args.now)}", flush=True)
        print(f"digests sent: {tasks.send_digest(settings, args.now)}", flush=True)


def main(argv=None) -> int:
    logs.configure()
    args = _arguments(argv)
    settings = Settings.from_env()
    clock.show_day(settings.today, settings.timezone)
    metrics_bind = settings.jobs_metrics_bind if args.metrics_bind is None else args.metrics_bind
    if metrics_bind and not args.once:  # a standby answers too: its metrics show it is alive
        try:
            metrics.serve(metrics_bind)
        except ValueError as exc:
            log.error("%s", exc)
            return 2
    bind(settings.database_url)
    pending = pending_migrations()
    if pending:
        log.error("the database needs migrating first (pending: %s)", ", ".join(pending))
        return 2
    lock = SingleInstance(settings)
    metrics.leading(False)
    if not _acquire(lock, args.wait if args.once else None):
        print("another jobs process holds the lock: nothing done", flush=True)
        return 0
    metrics.leading(True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if args.once:
            _once(settings, args)
        else:
            log.info("scheduler started (lock %s)", lock.path)
            scheduler.build(settings, lock).start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")
    finally:
        lock.release()
        metrics.leading(False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
