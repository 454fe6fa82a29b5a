"""On SQLite, write transactions from every process and thread take turns under one file lock;
on PostgreSQL write_transaction is a plain transaction."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time

import pytest

from casework.db import bind, db, write_transaction, writer_lock
from tests.conftest import ON_POSTGRES

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="the writer lock exists only on SQLite")

ROUNDS = 30


def _write_rounds(url: str | None, worker: str, rounds: int) -> None:
    """Each round: note when the transaction's body starts and ends, with a pause inside, so
    two bodies that overlapped would show it. A new process binds `url`; threads share."""
    if url:
        bind(url)
    with db.connection_context():
        for _ in range(rounds):
            with write_transaction():
                started = time.monotonic_ns()
                time.sleep(0.001)
                db.execute_sql(
                    "INSERT INTO lock_probe (worker, started, ended) VALUES (?, ?, ?)",
                    (worker, started, time.monotonic_ns()),
                )


def _overlaps(rows: list[tuple[str, int, int]]) -> list:
    rows = sorted(rows, key=lambda r: r[1])
    return [(a, b) for a, b in zip(rows, rows[1:], strict=False) if b[1] < a[2]]


@pytest.fixture
def probe(database, database_url):
    db.execute_sql(
        "CREATE TABLE lock_probe (worker TEXT, started INTEGER, ended INTEGER)"
        if not ON_POSTGRES
        else "CREATE TEMP TABLE lock_probe (worker TEXT, started BIGINT, ended BIGINT)"
    )
    return database_url


def _rows() -> list[tuple[str, int, int]]:
    return list(db.execute_sql("SELECT worker, started, ended FROM lock_probe").fetchall())


@sqlite_only
def test_writers_in_several_processes_never_overlap(probe):
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_write_rounds, args=(probe, f"p{i}", ROUNDS)) for i in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    rows = _rows()
    assert len(rows) == 3 * ROUNDS
    assert _overlaps(rows) == []


@sqlite_only
def test_writers_in_several_threads_never_overlap(probe):
    threads = [
        threading.Thread(target=_write_rounds, args=(None, f"t{i}", ROUNDS)) for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    rows = _rows()
    assert len(rows) == 3 * ROUNDS
    assert _overlaps(rows) == []


def _try_lock(path: str, result) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result.put("free")
    except BlockingIOError:
        result.put("held")
    finally:
        os.close(fd)


def _lock_state(path: str) -> str:
    context = multiprocessing.get_context("fork")
    result = context.Queue()
    process = context.Process(target=_try_lock, args=(path, result))
    process.start()
    process.join(10)
    return result.get(timeout=5)


@sqlite_only
def test_the_file_lock_is_held_exactly_during_a_write_transaction(probe):
    path = writer_lock(db.obj).path
    assert _lock_state(path) == "free"
    with write_transaction():
        assert _lock_state(path) == "held"
    assert _lock_state(path) == "free"


def _hold_lock(path: str, acquired, released_at) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    acquired.set()
    time.sleep(0.2)
    released_at.value = time.monotonic()
    fcntl.flock(fd, fcntl.LOCK_UN)


@sqlite_only
def test_a_writer_waits_for_the_lock_another_process_holds(probe):
    context = multiprocessing.get_context("fork")
    acquired, released_at = context.Event(), context.Value("d", 0.0)
    holder = context.Process(
        target=_hold_lock, args=(writer_lock(db.obj).path, acquired, released_at)
    )
    holder.start()
    assert acquired.wait(10)
    with write_transaction():
        entered = time.monotonic()
    holder.join(10)
    assert entered >= released_at.value > 0


@sqlite_only
def test_a_nested_write_is_a_savepoint_under_the_same_lock(probe):
    with write_transaction():
        db.execute_sql("INSERT INTO lock_probe VALUES ('outer', 1, 2)")
        with pytest.raises(RuntimeError), write_transaction():
            db.execute_sql("INSERT INTO lock_probe VALUES ('inner', 3, 4)")
            raise RuntimeError("the inner block fails")
    assert [r[0] for r in _rows()] == ["outer"]


@sqlite_only
def test_a_failed_transaction_releases_the_lock(probe):
    with pytest.raises(RuntimeError), write_transaction():
        db.execute_sql("INSERT INTO lock_probe VALUES ('lost', 1, 2)")
        raise RuntimeError("rolled back")
    other = multiprocessing.get_context("fork").Process(
        target=_write_rounds, args=(probe, "after", 1)
    )
    other.start()
    other.join(10)
    assert other.exitcode == 0
    assert [r[0] for r in _rows()] == ["after"]


def test_postgres_and_memory_databases_need_no_lock(database):
    if ON_POSTGRES:
        assert writer_lock(db.obj) is None
    else:
        from casework.db import connect

        assert writer_lock(connect("sqlite:///:memory:")) is None
        assert writer_lock(db.obj).path.endswith(".db.writelock")
    with write_transaction():
        assert db.in_transaction()
