"""Indexes for reading a county's history out of a province's audit log (bench/province.py,
docs/engineering.md "A province on one PostgreSQL"):

- `audit_log (entity, action, at)`: the files another county took over after a moment (the
  rates of regular visits, services/rates_as_of.py) are read from the province's takeovers
  alone, not from its every edit of a file since then;
- `audit_log (entity, entity_id, at)`: a county's records' changes after a moment (a file's
  village or categories as they stood then) are found in the index, without fetching the
  years of rows before it, each on a page of its own among the other counties' rows.

On PostgreSQL built with CREATE INDEX CONCURRENTLY outside a transaction (`atomic = False`),
so that the actions writing audit rows are not held up while the index of a big log is built
(a runner that wraps it in a transaction anyway gets a plain CREATE INDEX); on SQLite, a
county's own log, plainly."""

from peewee import PostgresqlDatabase

atomic = False  # CREATE INDEX CONCURRENTLY refuses to run inside a transaction block

INDEXES = (
    ("audit_log_entity_action_at", "audit_log (entity, action, at)"),
    ("audit_log_entity_entity_id_at", "audit_log (entity, entity_id, at)"),
)


def _concurrently(db) -> str:
    postgres = isinstance(getattr(db, "obj", db), PostgresqlDatabase)
    return "CONCURRENTLY " if postgres and not db.in_transaction() else ""


def up(migrator, db):
    concurrently = _concurrently(db)
    for name, definition in INDEXES:
        # an index left INVALID by an interrupted concurrent build is dropped and rebuilt
        db.execute_sql(f"DROP INDEX {concurrently}IF EXISTS {name}")
        db.execute_sql(f"CREATE INDEX {concurrently}{name} ON {definition}")


def down(migrator, db):
    concurrently = _concurrently(db)
    for name, _ in reversed(INDEXES):
        db.execute_sql(f"DROP INDEX {concurrently}IF EXISTS {name}")
