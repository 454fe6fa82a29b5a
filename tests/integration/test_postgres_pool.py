"""The PostgreSQL pool hands a connection back out without asking the server whether it lives
when it came back moments ago, and asks (discarding dead ones) when it sat longer."""

from __future__ import annotations

import pytest

from casework.db import PostgresPool, connect
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="the pool exists only on PostgreSQL")


@pytest.fixture
def pool(database_url, monkeypatch):
    database = connect(database_url)
    assert isinstance(database, PostgresPool)
    asked = []
    adapter = database._adapter
    ask = adapter.is_connection_closed
    monkeypatch.setattr(adapter, "is_connection_closed", lambda conn: asked.append(1) or ask(conn))
    database.asked = asked
    yield database
    database.close_all()


def _backend(database) -> int:
    return database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]


@pytest.fixture
def ender(database_url):
    def end(pid: int) -> None:
        other = connect(database_url)
        with other.connection_context():
            other.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        other.close_all()

    return end


def test_a_connection_just_handed_back_is_reused_unasked(pool):
    with pool.connection_context():
        first = _backend(pool)
    with pool.connection_context():
        assert _backend(pool) == first
    assert pool.asked == []


def test_a_connection_back_for_longer_is_asked_about_first(pool, monkeypatch):
    monkeypatch.setattr(pool, "PING_AFTER", 0.0)
    with pool.connection_context():
        first = _backend(pool)
    with pool.connection_context():
        assert _backend(pool) == first
    assert pool.asked == [1]


def test_a_connection_the_server_ended_meanwhile_is_replaced(pool, monkeypatch, ender):
    monkeypatch.setattr(pool, "PING_AFTER", 0.0)
    with pool.connection_context():
        first = _backend(pool)
    ender(first)
    with pool.connection_context():
        assert _backend(pool) != first


def test_one_ended_moments_ago_fails_once_and_is_then_discarded(pool, ender):
    with pool.connection_context():
        first = _backend(pool)
    ender(first)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whichever error the driver raises
        with pool.connection_context():
            _backend(pool)
    with pool.connection_context():
        assert _backend(pool) != first
