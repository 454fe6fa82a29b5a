"""gunicorn settings for casework (docs/deployment.md). Command-line flags override these,
e.g. `gunicorn -c deploy/gunicorn.conf.py --bind 0.0.0.0:8000 --workers 4`.

Worker model: gthread keeps client connections alive between requests (the sync worker closes
them); one request thread per process, several processes per core. On SQLite the writers
of every worker queue on one file lock (casework.db.write_transaction), so more workers do
not mean more lock contention, only more readers.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Prometheus multiprocess mode: every worker writes its values to files here and /metrics
# adds them up. prometheus_client reads the variable when first imported, so it is set here,
# before the application is loaded.
metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(ROOT / "var/metrics")))
# made now, not at on_starting: preload_app imports the application first, and a metric
# without labels writes its file as it is defined (a fresh checkout has no var/metrics)
metrics_dir.mkdir(parents=True, exist_ok=True)

wsgi_app = "web.wsgi:app"
bind = ["127.0.0.1:8000"]
worker_class = "gthread"
# Four single-threaded processes per core: no two requests of one process take turns at its
# GIL, so the request holding SQLite's writer lock is never kept waiting behind a neighbour
# while every other writer queues. On 2 cores the action endpoint answered about a tenth more
# than with 4 workers x 2 threads, on PostgreSQL as many (docs/deployment.md).
workers = 4 * max(1, os.cpu_count() or 1)
threads = 1
SWITCH_INTERVAL = float(os.environ.get("CASEWORK_SWITCH_INTERVAL", "0.0005"))  # seconds
preload_app = True  # import once in the master; workers share its memory pages

timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 30  # on SIGTERM or SIGHUP, finish requests in flight first
keepalive = 5  # seconds an idle client connection stays open (behind a load balancer: above
# the balancer's own idle timeout, so the balancer closes first)
max_requests = 20000  # recycle workers now and then, so slow leaks cannot grow without bound
max_requests_jitter = 2000  # ... and not all at the same moment

accesslog = "-"
errorlog = "-"
loglevel = "info"
logger_class = "web.logs.GunicornLogger"
forwarded_allow_ips = "127.0.0.1"  # trust X-Forwarded-* only from a local reverse proxy
proc_name = "casework"
control_socket_disable = True  # no gunicornc; two servers on one host would share its path


def on_starting(server):
    """Start with an empty metrics directory: files of earlier runs would be added up."""
    for stale in metrics_dir.glob("*.db"):
        stale.unlink()


def when_ready(server):
    """The master serves no requests: drop any connection loading the app opened."""
    from casework.db import db

    if hasattr(db.obj, "close_all"):  # a pool: every pooled connection
        db.obj.close_all()
    elif db.obj is not None:
        db.obj.close()


def post_fork(server, worker):
    """A forked worker must never use a connection inherited from the master: forget them
    without closing (closing would end the master's session on the shared socket).

    And a short GIL switch interval: a thread holding the SQLite writer lock gives the GIL up
    on every statement, and by default waits up to 5 ms to get it back from a thread busy with
    another request, while every writer in every worker queues behind it."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    from casework.db import db

    if db.obj is not None:
        db.obj.dispose()


def child_exit(server, worker):
    """Keep a dead worker's counters but drop its live gauges from /metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
