"""The database: one proxy bound at start-up from a URL, SQLite by default, PostgreSQL to scale."""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from peewee import Database, DatabaseProxy, SqliteDatabase
from peewee import __exception_wrapper__ as driver_errors
from playhouse.migrations import Runner

from casework import postgres
from casework.settings import ROOT

db = DatabaseProxy()

MIGRATIONS = ROOT / "migrations"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -16000,
}


def connect(url: str) -> Database:
    """Build (but do not open) the database a URL names: sqlite:///path or postgresql://..."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url.removeprefix("sqlite:///") or ":memory:"  # sqlite:////abs or sqlite:///rel
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE takes the write lock at BEGIN, so read-modify-write transactions
        # never fail half-way with "database is locked".
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if parsed.scheme in ("postgres", "postgresql"):
        return postgres.Database(
            parsed.path.lstrip("/"),
            user=parsed.username,
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
            max_connections=32,
            stale_timeout=300,
            connection_factory=(
                postgres.Connection if postgres.prepares(url) else postgres.UnpreparedConnection
            ),
            **postgres.session_options(url),
        )
    raise ValueError(f"unsupported DATABASE_URL scheme {parsed.scheme!r}")


def bind(url: str) -> Database:
    """Point the shared proxy at the database `url` names and return it."""
    database = connect(url)
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    return isinstance(db.obj, SqliteDatabase)


class WriterLock:
    """An exclusive `flock` on a file beside an SQLite database, held around each write
    transaction, so writers in every process and thread queue in order instead of meeting
    SQLite's busy handler, whose 1-2-5-10... ms back-off put p99 at 0.5-1 s (docs/engineering.md,
    "SQLite").

    Each thread of each process opens its own descriptor: flock locks belong to the open file,
    so a descriptor shared by threads, or inherited across fork, would not exclude them. A
    forked child forgets its parent's descriptors (os.register_at_fork), so the hot path needs
    no getpid() per transaction."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        _LOCKS.add(self)

    def _fd(self) -> int:
        try:
            return self._local.fd
        except AttributeError:  # first use in this thread, or in a forked child
            self._local.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            return self._local.fd

    def acquire(self) -> None:
        fcntl.flock(self._fd(), fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self._local.fd, fcntl.LOCK_UN)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def _forget(self) -> None:
        """In a forked child: the inherited descriptors are the parent's; open new ones."""
        self._local = threading.local()


_LOCKS: weakref.WeakSet[WriterLock] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for lock in list(_LOCKS):
        lock._forget()


os.register_at_fork(after_in_child=_after_fork_in_child)


def writer_lock(database: Database) -> WriterLock | None:
    """The lock that serialises writers to `database`; None where none is needed."""
    if not isinstance(database, SqliteDatabase) or database.database == ":memory:":
        return None
    lock = getattr(database, "_casework_writer_lock", None)
    if lock is None:
        lock = WriterLock(f"{database.database}.writelock")
        database._casework_writer_lock = lock
    return lock


class write_transaction:  # noqa: N801 - used as a function: `with write_transaction():`
    """One write transaction: db.atomic(), and on SQLite the cross-process writer lock too.

    Services and the engine use this instead of a bare db.atomic(). A nested call is a
    savepoint inside the lock its outer transaction already holds. A class rather than a
    generator-based context manager: every action passes here, and contextlib's machinery
    cost about as much as taking the lock."""

    __slots__ = ("_atomic", "_lock")

    def __enter__(self) -> None:
        database = db.obj
        lock = None if database.in_transaction() else writer_lock(database)
        if lock is not None:
            lock.acquire()
        self._lock = lock
        self._atomic = database.atomic()
        try:
            self._atomic.__enter__()
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def __exit__(self, kind, value, traceback) -> None:
        try:
            self._atomic.__exit__(kind, value, traceback)
        finally:
            if self._lock is not None:
                self._lock.release()


def migrations() -> Runner:
    return Runner(db.obj, directory=str(MIGRATIONS))


def migrate() -> list[str]:
    """Apply pending migrations; returns the names applied."""
    with db.connection_context():
        return migrations().up()


def pending_migrations() -> list[str]:
    with db.connection_context():
        return [m.name for m in migrations().status() if not m.applied]


def execute_prepared(sql: str, params: tuple):
    """Run one of the hot path's fixed statements (written once, with the database's
    placeholders) on the current connection; returns the driver's cursor, errors translated as
    peewee translates them.

    On PostgreSQL each statement is prepared once per connection (PREPARE, then EXECUTE):
    parsing and planning these short statements cost the server more than running them (the
    token lookup: 0.12 against 0.04 ms). SQLite's driver keeps its own statement cache."""
    cursor = db.obj.cursor()
    with driver_errors:
        connection = cursor.connection
        prepared = getattr(connection, "prepared", None)
        if prepared is None:
            cursor.execute(sql, params)
            return cursor
        name, definition, call = _prepared_forms(sql, len(params))
        if name not in prepared:
            cursor.execute(definition)
            prepared.add(name)
        cursor.execute(call, params)
    return cursor


@cache
def _prepared_forms(sql: str, count: int) -> tuple[str, str, str]:
    """The name, the PREPARE and the EXECUTE of a statement written with %s placeholders."""
    name = "casework_" + hashlib.sha1(sql.encode()).hexdigest()[:16]
    pieces = sql.split("%s")
    assert len(pieces) == count + 1, "one parameter per placeholder"
    numbered = pieces[0] + "".join(f"${n}{piece}" for n, piece in enumerate(pieces[1:], 1))
    definition = f"PREPARE {name} AS {numbered.replace('%%', '%')}"
    call = f"EXECUTE {name} ({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}"
    return name, definition, call


def rows_of(query) -> list[tuple]:
    """The query's rows as the driver returns them, without peewee's per-value conversion."""
    return db.execute(query).fetchall()


def execute_many(sql: str, rows: list[tuple]) -> None:
    """One statement, many parameter rows: thousands of rows in one round. Driver errors
    come out as peewee's (IntegrityError ...), as from any other query."""
    if not rows:
        return
    cursor = db.cursor()
    with driver_errors:
        if is_sqlite():
            cursor.executemany(sql, rows)
        else:
            from psycopg2.extras import execute_batch

            execute_batch(cursor, sql, rows, page_size=1000)


STREAM_BATCH = 500  # rows fetched from a server-side cursor at a time
_STREAMS = itertools.count(1)


def stream(query) -> Iterator:
    """The rows of a peewee select one at a time, as `query.iterator()` gives them, without
    the whole result ever held by the worker: on SQLite the driver steps through the rows
    anyway; on PostgreSQL the ordinary cursor would receive the whole result before the first
    row, so the query runs as a server-side cursor (DECLARE ... CURSOR inside a transaction)
    fetched STREAM_BATCH rows at a time. Other queries may run meanwhile on the connection.
    A stream left unfinished closes its cursor with its transaction (a savepoint inside an
    outer one)."""
    if is_sqlite():
        yield from query.iterator()
        return
    database = db.obj
    sql, params = database.get_sql_context().sql(query).query()
    name = f"casework_stream_{next(_STREAMS)}"
    with database.atomic():  # a cursor without WITH HOLD lives as long as its transaction
        with driver_errors:
            database.cursor().execute(f"DECLARE {name} NO SCROLL CURSOR FOR {sql}", params)
        batches = _Batches(name, STREAM_BATCH)
        yield from query._get_cursor_wrapper(batches).iterator()
        database.cursor().execute(f"CLOSE {name}")


def fetch_batch(name: str, size: int):
    """One FETCH from the named server-side cursor; the driver's cursor holding its rows."""
    cursor = db.obj.cursor()
    with driver_errors:
        cursor.execute(f"FETCH FORWARD {int(size)} FROM {name}")
    return cursor


class _Batches:
    """What peewee's cursor wrapper reads (description, fetchone, close) over FETCHes."""

    def __init__(self, name: str, size: int):
        self.name, self.size = name, size
        self.description = None
        self.rows: Iterator[tuple] = iter(())
        self.open = True

    def fetchone(self):
        row = next(self.rows, None)
        if row is None and self.open:
            cursor = fetch_batch(self.name, self.size)
            self.description = cursor.description
            batch = cursor.fetchall()
            if len(batch) < self.size:
                self.open = False  # the last batch: no FETCH after it
            self.rows = iter(batch)
            row = next(self.rows, None)
        return row

    def close(self) -> None:
        pass  # the cursor ends with its transaction
