"""casework.postgres: the hot statements are prepared once per connection and `?prepare=off`
runs them unprepared; BEGIN travels with a transaction's first statement and the transaction
is still one; a connection the server ended is replaced by the pool."""

from __future__ import annotations

import time

import pytest

from casework import postgres
from casework.db import connect, db, execute_many, execute_prepared, write_transaction
from casework.services import rehab
from tests.conftest import PG_URL
from tests.integration.rehab_cases import application_row, audit_rows, reach

postgres_only = pytest.mark.postgres(reason="PostgreSQL's connections")


def test_libpq_url_drops_casework_options():
    url = "postgres://u:p@host:5433/db?prepare=off&sslmode=require"
    assert postgres.libpq_url(url) == "postgresql://u:p@host:5433/db?sslmode=require"
    assert not postgres.prepares(url)
    assert postgres.prepares("postgresql://host/db")


def _prepared_here() -> set[str]:
    rows = db.execute_sql("SELECT name FROM pg_prepared_statements").fetchall()
    return {name for (name,) in rows}


@postgres_only
def test_an_action_prepares_its_statements_once_per_connection(world):
    first, second = reach(world, "submitted"), reach(world, "submitted")
    reviewer = world.a.actor("reviewer")
    rehab.act(reviewer, first, "start_review", now=world.now)
    prepared = _prepared_here()
    assert len([name for name in prepared if name.startswith("casework_")]) >= 2
    rehab.act(reviewer, second, "start_review", now=world.now)
    assert _prepared_here() == prepared  # the same statements, executed again
    assert [row["version"] for row in audit_rows(second)][-1] == application_row(second)["version"]


@postgres_only
def test_prepare_off_runs_the_statements_unprepared(world):
    application_id = reach(world, "submitted")
    original, unprepared = db.obj, connect(f"{PG_URL}?prepare=off")
    db.initialize(unprepared)
    try:
        with db.connection_context():
            rehab.act(world.a.actor("reviewer"), application_id, "start_review", now=world.now)
            assert execute_prepared("SELECT %s", (7,)).fetchone() == (7,)
            assert not any(name.startswith("casework_") for name in _prepared_here())
            assert application_row(application_id)["state"] == "under_review"
    finally:
        unprepared.close_all()
        db.initialize(original)


@postgres_only
def test_begin_goes_with_the_first_statement_and_the_transaction_is_one(database):
    db.execute_sql("CREATE TEMPORARY TABLE scratch (n integer)")
    with write_transaction():
        started = db.execute_sql("SELECT now()").fetchone()[0]
        time.sleep(0.02)
        assert db.execute_sql("SELECT now()").fetchone()[0] == started  # one transaction's clock
    with pytest.raises(RuntimeError):
        with write_transaction():
            execute_many("INSERT INTO scratch (n) VALUES (%s)", [(1,), (2,)])
            raise RuntimeError("undo")
    with pytest.raises(RuntimeError):
        with write_transaction():
            db.execute_sql("INSERT INTO scratch (n) VALUES (3)")
            raise RuntimeError("undo")
    with write_transaction():
        pass  # sends nothing, ends nothing
    assert db.execute_sql("SELECT count(*) FROM scratch").fetchone() == (0,)
    assert db.connection().info.transaction_status == postgres.IDLE


@postgres_only
def test_a_connection_the_server_ended_is_replaced(database_url):
    pool, other = connect(database_url), connect(database_url)
    try:
        with pool.connection_context():
            victim = pool.connection()
            pid = victim.info.backend_pid
        with other.connection_context():
            other.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        victim.returned_at -= postgres.FRESH_SECONDS  # handed back long enough ago to be checked
        time.sleep(0.1)
        with pool.connection_context():
            assert pool.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
    finally:
        pool.close_all()
        other.close_all()
