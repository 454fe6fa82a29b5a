"""Only one scheduler acts at a time: a file lock for the processes of one host, and a
PostgreSQL advisory lock, held on a dedicated connection, for the hosts sharing a database.

Both locks die with the process (the kernel drops the flock, the server ends the session),
so a killed scheduler never leaves a stale lock behind."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

import psycopg2

from casework import postgres
from casework.settings import ROOT, Settings

log = logging.getLogger(__name__)
ADVISORY_KEY = 0x63617365776F726B  # "casework" as a bigint; names this lock in pg_locks


def lock_path(settings: Settings) -> Path:
    if settings.jobs_lock_path:
        return Path(settings.jobs_lock_path)
    url = settings.database_url
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///") + ".jobs.lock")
    return ROOT / "var" / "jobs.lock"


class SingleInstance:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.path = lock_path(settings)
        self._file = None
        self._pg = None

    def acquire(self) -> bool:
        """Take both locks without waiting; False (holding neither) if another has one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 (held for the life of the process)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        if self.settings.database_url.startswith(("postgres://", "postgresql://")):
            if not self._advisory():
                self.release()
                return False
        return True

    def _advisory(self) -> bool:
        connection = psycopg2.connect(postgres.libpq_url(self.settings.database_url))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,))
            if cursor.fetchone()[0]:
                self._pg = connection
                return True
        connection.close()
        return False

    def held(self) -> bool:
        """Still ours? The advisory lock is lost if its connection dropped."""
        if self._file is None:
            return False
        if self._pg is None:
            return True
        try:
            with self._pg.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except psycopg2.Error as exc:
            log.error("lost the scheduler's database lock: %s", exc)
            return False

    def release(self) -> None:
        if self._pg is not None:
            try:
                self._pg.close()  # ends the session, and with it the advisory lock
            except psycopg2.Error:
                pass
            self._pg = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
