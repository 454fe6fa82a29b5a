"""Indexes for a province on one PostgreSQL (bench/province.py, docs/engineering.md "A
province on one PostgreSQL"): the place path's pattern index, so that every scope (`path LIKE
'/county/township/%'`, models.places.PathField) reads only its own subtree of places.

Built with CREATE INDEX CONCURRENTLY: the migration runs outside a transaction (`atomic =
False`), so writers of the tables are not locked out while a big table's index is built. A
runner that wraps it in a transaction anyway gets a plain CREATE INDEX. Nothing on SQLite: a
county's places are few, and SQLite's LIKE would not use such an index."""

from peewee import PostgresqlDatabase

atomic = False  # CREATE INDEX CONCURRENTLY refuses to run inside a transaction block

INDEXES = (("place_path_pattern", "place (path varchar_pattern_ops)"),)


def _is_postgres(db):
    return isinstance(getattr(db, "obj", db), PostgresqlDatabase)


def up(migrator, db):
    if not _is_postgres(db):
        return
    concurrently = "" if db.in_transaction() else "CONCURRENTLY "
    for name, definition in INDEXES:
        # an index left INVALID by an interrupted concurrent build is dropped and rebuilt
        db.execute_sql(f"DROP INDEX {concurrently}IF EXISTS {name}")
        db.execute_sql(f"CREATE INDEX {concurrently}{name} ON {definition}")


def down(migrator, db):
    if not _is_postgres(db):
        return
    concurrently = "" if db.in_transaction() else "CONCURRENTLY "
    for name, _ in reversed(INDEXES):
        db.execute_sql(f"DROP INDEX {concurrently}IF EXISTS {name}")
