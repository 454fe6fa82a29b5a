"""How long a migration would make the service's writers wait, read off PostgreSQL's lock table
while the migration runs (`backup.rehearse_migrations`).

A writer (INSERT, UPDATE, DELETE) takes ROW EXCLUSIVE on the table and its indexes; it waits
behind any of the stronger modes below. A plain CREATE INDEX holds SHARE on its table for the
whole build, an ALTER TABLE holds ACCESS EXCLUSIVE; CREATE INDEX CONCURRENTLY holds only SHARE
UPDATE EXCLUSIVE, which writers pass. So the stretches for which the migrating connection held
one of these modes on a relation are the stretches its writers would have waited.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2

WRITERS_WAIT_BEHIND = ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
HELD = """
    SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
    WHERE l.pid = %s AND l.granted AND l.mode = ANY(%s) AND c.relkind IN ('r', 'p', 'i')
"""
EVERY = 0.01  # seconds between two looks: a stretch is known to within this much


class LockWatch:
    """Looks every EVERY seconds at the locks backend `pid` holds, and keeps for each relation
    the longest unbroken stretch it held one that writers wait behind."""

    def __init__(self, libpq_url: str, pid: int) -> None:
        self.pid = pid
        self.longest: dict[str, float] = {}
        self._open: dict[str, float] = {}  # relation -> when its current stretch was first seen
        self.failed: str | None = None  # why the watch stopped looking, if it did
        self._stop = threading.Event()
        self._connection = psycopg2.connect(libpq_url)
        self._connection.autocommit = True
        self._thread = threading.Thread(target=self._run, name="lock-watch", daemon=True)

    def _run(self) -> None:
        try:
            with self._connection.cursor() as cursor:
                while not self._stop.is_set():
                    cursor.execute(HELD, (self.pid, list(WRITERS_WAIT_BEHIND)))
                    self._saw({row[0] for row in cursor.fetchall()}, time.perf_counter())
                    self._stop.wait(EVERY)
        except psycopg2.Error as exc:  # a watch that stopped must not read as "no wait"
            self.failed = f"{type(exc).__name__}: {exc}".strip()
        self._saw(set(), time.perf_counter())

    def _saw(self, held: set[str], now: float) -> None:
        for relation in held - self._open.keys():
            self._open[relation] = now
        for relation in self._open.keys() - held:
            # seen from its first look to the look that missed it: an upper bound by one step
            stretch = now - self._open.pop(relation)
            self.longest[relation] = max(self.longest.get(relation, 0.0), stretch)

    @contextmanager
    def running(self) -> Iterator[LockWatch]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()
            self._connection.close()
