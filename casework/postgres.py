"""What casework's PostgreSQL connections do beyond peewee's pool, to spare round trips and
server work on every request (docs/deployment.md, "What changed along the way"):

- the hot path's statements are prepared once per connection (db.execute_prepared);
- BEGIN is not sent alone but with the transaction's first statement ("BEGIN; SELECT ...",
  one round trip: psycopg2 sends the text as one simple query, and answers the last result);
- a connection handed back to the pool moments ago is taken again without the pool's
  `SELECT 1`: the server ending it within that second is as rare as a restart, and a
  request in flight during a restart fails either way.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlparse

import psycopg2.extensions
from playhouse.pool import PooledPostgresqlDatabase

IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE
FRESH_SECONDS = 1.0  # a connection returned this recently is taken without a round trip


def prepares(url: str) -> bool:
    """False when DATABASE_URL says ?prepare=off (for PgBouncer's transaction pooling)."""
    return dict(parse_qsl(urlparse(url).query)).get("prepare") != "off"


def session_options(url: str) -> dict[str, str]:
    """Settings each connection starts with (bench/province.py measured both on a province):

    - JIT compilation off: the reminder scans' plans (a correlated subquery per row) cost
      enough to be compiled, and compiling took 1.4 s of a 1.6 s scan of a province's
      children; the pages' short statements never gain from it;
    - random_page_cost 1.1, as for the solid-state disks databases run on now (the default 4
      prices a spinning disk's seek): a county's count of its children read the province's
      million rows (0.34 s) rather than its own ten thousand through the place index (0.04 s).

    PgBouncer refuses start-up options: behind it (`?prepare=off`) set them on the role
    instead, `ALTER ROLE casework SET jit = off` and `SET random_page_cost = 1.1`
    (docs/deployment.md)."""
    return {"options": "-c jit=off -c random_page_cost=1.1"} if prepares(url) else {}


def libpq_url(url: str) -> str:
    """The URL as libpq (psql, pg_dump, psycopg2.connect) reads it: without casework's own
    `prepare` option, which libpq would refuse."""
    parsed = urlparse(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parsed.query) if k != "prepare"])
    return parsed._replace(scheme="postgresql", query=query).geturl()


class Connection(psycopg2.extensions.connection):
    """Remembers the statements prepared on it, a BEGIN still to send, and when it was last
    handed back to the pool."""

    prepares = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared: set[str] | None = set() if self.prepares else None
        self.begin_pending = False
        self.returned_at = float("-inf")
        self.cursor_factory = Cursor


class UnpreparedConnection(Connection):
    """For PgBouncer's transaction pooling, whose server connections do not keep a client's
    prepared statements: `?prepare=off` in DATABASE_URL."""

    prepares = False


class Cursor(psycopg2.extensions.cursor):
    def execute(self, query, vars=None):
        connection = self.connection
        if connection.begin_pending:
            connection.begin_pending = False
            query = ("BEGIN; " if isinstance(query, str) else b"BEGIN; ") + query
        return super().execute(query, vars)

    def executemany(self, query, vars_list):
        connection = self.connection
        if connection.begin_pending:  # executemany does not pass through execute
            connection.begin_pending = False
            super().execute("BEGIN")
        return super().executemany(query, vars_list)


class Database(PooledPostgresqlDatabase):
    def begin(self, isolation_level=None):
        if isolation_level is not None or self._isolation_level:
            return super().begin(isolation_level)
        self.connection().begin_pending = True

    def commit(self):
        if not self._drop_pending_begin():
            super().commit()

    def rollback(self):
        if not self._drop_pending_begin():
            super().rollback()

    def _drop_pending_begin(self) -> bool:
        """True when the transaction sent nothing: then there is nothing to end either."""
        connection = self.connection()
        pending, connection.begin_pending = connection.begin_pending, False
        return pending

    def _is_closed(self, conn) -> bool:
        fresh = time.monotonic() - conn.returned_at < FRESH_SECONDS
        if fresh and not conn.closed and conn.info.transaction_status == IDLE:
            return False
        return super()._is_closed(conn)

    def _can_reuse(self, conn) -> bool:
        conn.begin_pending = False
        conn.returned_at = time.monotonic()
        return super()._can_reuse(conn)
