"""Backups and restores of the whole database, and a rehearsal of migrations on a copy.

SQLite: the online backup API copies a consistent snapshot while the service keeps writing
(in WAL mode readers never block writers), into a temporary file that is renamed into place
only once it is complete and passes `PRAGMA quick_check`. PostgreSQL: `pg_dump --format=custom`
and `pg_restore`, the tools of the server's own major version.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from playhouse.migrations import Runner

from casework import postgres
from casework.db import MIGRATIONS, connect, writer_lock
from casework.lock_watch import LockWatch


class BackupError(Exception):
    """A backup or restore could not be made; nothing was replaced."""


@dataclass(frozen=True)
class Result:
    path: Path
    size: int
    tables: dict[str, int]  # rows per table, to compare a restore with its source


def is_postgres(url: str) -> bool:
    return urlparse(url).scheme in ("postgres", "postgresql")


def sqlite_path(url: str) -> Path:
    path = url.removeprefix("sqlite:///")
    if urlparse(url).scheme != "sqlite" or path in ("", ":memory:"):
        raise BackupError(f"not an SQLite database file: {url}")
    return Path(path)


def backup(url: str, target: Path) -> Result:
    """Copy the database `url` names to `target` (a file), never leaving a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_postgres(url):
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(url)])
        return Result(target, target.stat().st_size, row_counts(url))
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    partial = Path(tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")[1])
    try:
        _sqlite_copy(source, partial)
        _check(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Result(target, target.stat().st_size, _sqlite_counts(target))


def restore(source: Path, url: str) -> Result:
    """Replace the contents of the database `url` names with the backup `source`.

    Stop the web servers and the scheduler first: a restore rewinds the data under them."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    if is_postgres(url):
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq(url)}", str(source)])  # fmt: skip
        return Result(source, source.stat().st_size, row_counts(url))
    _check(source)
    target = sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = writer_lock(connect(url))
    with lock.held():  # no write of a still-running process lands half-way through
        _sqlite_copy(source, target)
    return Result(source, source.stat().st_size, _sqlite_counts(target))


# SQLite has one writer at a time: a migration, one transaction, makes every writer wait
WHOLE_DATABASE = "*"


@dataclass(frozen=True)
class Step:
    """One migration of a rehearsal: how long it ran, and for how long at most (seconds) the
    writers of each relation would have waited behind it on the live database."""

    name: str
    seconds: float
    writers_waited: dict[str, float]
    unwatched: str | None = None  # why the locks could not be watched throughout, if not


@dataclass
class Rehearsal:
    steps: list[Step] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)

    @property
    def applied(self) -> list[str]:
        return [step.name for step in self.steps]

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


def rehearse_migrations(
    url: str, scratch_url: str | None = None, directory: Path = MIGRATIONS
) -> Rehearsal:
    """Run the pending migrations on a copy of the data, never on the data itself: SQLite
    copies to a temporary file; PostgreSQL restores a dump into `scratch_url`, an empty
    database made for the purpose (its contents are replaced)."""
    with tempfile.TemporaryDirectory(prefix="casework-rehearsal-") as scratch:
        copy = Path(scratch) / ("data.dump" if is_postgres(url) else "data.db")
        rows_before = backup(url, copy).tables
        if is_postgres(url):
            if not scratch_url or not is_postgres(scratch_url) or _same(url, scratch_url):
                raise BackupError("give an empty scratch PostgreSQL database, not the live one")
            restore(copy, scratch_url)
            target_url = scratch_url
        else:
            target_url = f"sqlite:///{copy}"
        database = connect(target_url)
        with database.connection_context():
            steps = _migrate_watched(database, target_url, directory)
        if hasattr(database, "close_all"):
            database.close_all()
        return Rehearsal(steps, rows_before, row_counts(target_url))


def _migrate_watched(database, url: str, directory: Path) -> list[Step]:
    """Apply the pending migrations one at a time, each timed, and on PostgreSQL each watched
    for the locks that would keep writers waiting (casework/lock_watch.py)."""
    runner = Runner(database, directory=str(directory))
    pending = [m.name for m in runner.status() if m.path is not None and not m.applied]
    steps = []
    for name in pending:
        started = time.perf_counter()
        if is_postgres(url):
            pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
            with LockWatch(_libpq(url), pid).running() as watch:
                runner.up(target=name)
            steps.append(Step(name, time.perf_counter() - started, watch.longest, watch.failed))
        else:
            runner.up(target=name)
            seconds = time.perf_counter() - started
            steps.append(Step(name, seconds, {WHOLE_DATABASE: seconds}))
    return steps


def _same(a: str, b: str) -> bool:
    pa, pb = urlparse(a), urlparse(b)
    return (pa.hostname, pa.port or 5432, pa.path) == (pb.hostname, pb.port or 5432, pb.path)


def row_counts(url: str) -> dict[str, int]:
    """Rows per table of the database `url` names (migration history included)."""
    if not is_postgres(url):
        return _sqlite_counts(sqlite_path(url))
    database = connect(url)
    with database.connection_context():
        tables = database.get_tables()
        return {
            t: database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
        }


def _sqlite_copy(source: Path, target: Path) -> None:
    """One step (pages=-1): a paced copy restarts whenever the source is written, so under
    steady writes it might never finish; one step holds one read snapshot instead."""
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def _check(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database: {exc}") from exc
    finally:
        connection.close()
    if verdict != "ok":
        raise BackupError(f"{path} failed its integrity check: {verdict}")


def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]  # fmt: skip
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()


def _libpq(url: str) -> str:
    """The URL as libpq reads it."""
    if not urlparse(url).path.strip("/"):
        raise BackupError(f"the URL names no database: {url}")
    return postgres.libpq_url(url)


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is missing: install postgresql-client of the server's version"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {unquote(done.stderr.strip())[:2000]}")
