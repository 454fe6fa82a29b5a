"""The database: one proxy bound at start-up from a URL, SQLite by default, PostgreSQL to scale."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from peewee import Database, DatabaseProxy, SqliteDatabase
from playhouse.migrations import Runner
from playhouse.pool import PooledPostgresqlDatabase

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
        return PooledPostgresqlDatabase(
            parsed.path.lstrip("/"),
            user=parsed.username,
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
            max_connections=32,
            stale_timeout=300,
        )
    raise ValueError(f"unsupported DATABASE_URL scheme {parsed.scheme!r}")


def bind(url: str) -> Database:
    """Point the shared proxy at the database `url` names and return it."""
    database = connect(url)
    db.initialize(database)
    return database


def is_sqlite() -> bool:
    return isinstance(db.obj, SqliteDatabase)


def migrations() -> Runner:
    return Runner(db.obj, directory=str(MIGRATIONS))


def migrate() -> list[str]:
    """Apply pending migrations; returns the names applied."""
    with db.connection_context():
        return migrations().up()


def pending_migrations() -> list[str]:
    with db.connection_context():
        return [m.name for m in migrations().status() if not m.applied]
