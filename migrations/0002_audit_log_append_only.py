"""The audit log is append-only: the database itself refuses UPDATE and DELETE on it."""

from peewee import PostgresqlDatabase, SqliteDatabase


def _is(db, kind):
    return isinstance(getattr(db, "obj", db), kind)


def up(migrator, db):
    if _is(db, SqliteDatabase):
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif _is(db, PostgresqlDatabase):
        db.execute_sql(
            "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        db.execute_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )


def down(migrator, db):
    if _is(db, SqliteDatabase):
        for op in ("update", "delete"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS audit_log_no_{op}")
    elif _is(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        db.execute_sql("DROP FUNCTION IF EXISTS audit_log_refuse()")
