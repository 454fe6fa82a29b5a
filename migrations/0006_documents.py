"""Documents and their versions, the access log and sign-in failures. Generated with
pwmigrate from a database at 0005; only the tables of casework/models/documents.py. The access
log is append-only like audit_log: the database refuses UPDATE and DELETE on it."""
from peewee import *
from peewee import PostgresqlDatabase, SqliteDatabase


def _is(db, kind):
    return isinstance(getattr(db, "obj", db), kind)


def _append_only(db):
    if _is(db, SqliteDatabase):
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER access_log_no_{op.lower()} BEFORE {op} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
            )
    elif _is(db, PostgresqlDatabase):
        db.execute_sql(
            "CREATE FUNCTION access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$"
        )
        db.execute_sql(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_refuse()"
        )

def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class AccessEntry(Model):
        at = DateTimeField()
        user = ForeignKeyField(User, null=True, on_delete='RESTRICT')
        role = CharField()
        action = CharField()
        entity = CharField()
        entity_id = IntegerField(null=True)
        county = ForeignKeyField(Place, null=True, on_delete='RESTRICT')
        actor_county = ForeignKeyField(Place, null=True, on_delete='RESTRICT')
        client_address = CharField(default='')
        detail = TextField(default='')
        class Meta:
            database = db
            table_name = 'access_log'
            indexes = ((('county', 'at'), False), (('actor_county', 'at'), False))
    db.create_tables([AccessEntry])
    _append_only(db)

    class Document(Model):
        target = CharField()
        target_id = IntegerField()
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        kind = CharField()
        title = CharField()
        version = IntegerField(default=1)
        created_by = ForeignKeyField(User, on_delete='RESTRICT')
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'document'
            indexes = ((('target', 'target_id'), False),)
    db.create_tables([Document])

    class DocumentVersion(Model):
        document = ForeignKeyField(Document, on_delete='RESTRICT')
        number = IntegerField()
        storage_name = CharField(unique=True)
        sha256 = CharField()
        size = IntegerField()
        content_type = CharField()
        original_name = CharField()
        uploaded_by = ForeignKeyField(User, on_delete='RESTRICT')
        uploaded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'document_version'
            indexes = ((('document', 'number'), True),)
    db.create_tables([DocumentVersion])

    class SignInFailure(Model):
        username = CharField(index=True)
        at = DateTimeField()
        client_address = CharField(default='')
        class Meta:
            database = db
            table_name = 'sign_in_failure'
    db.create_tables([SignInFailure])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('sign_in_failure'))
    migrator.migrate(migrator.drop_table('document_version'))
    migrator.migrate(migrator.drop_table('document'))
    if _is(db, SqliteDatabase):
        for op in ("update", "delete"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS access_log_no_{op}")
    elif _is(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS access_log_append_only ON access_log")
        db.execute_sql("DROP FUNCTION IF EXISTS access_log_refuse()")
    migrator.migrate(migrator.drop_table('access_log'))
