"""Offline capture on the village phone: the answers kept for idempotency keys (a replay of a
visit or a report sent twice gets the first answer again), and the flag a visit captured
offline carries when its child had meanwhile moved village or left the register."""

from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class IdempotencyKey(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        key = CharField(max_length=100)
        endpoint = CharField()
        fingerprint = CharField(max_length=64)
        status = IntegerField()
        body = TextField()
        headers = TextField()
        created_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "idempotency_key"
            indexes = ((("user", "key"), True),)

    db.create_tables([IdempotencyKey])
    migrator.migrate(migrator.add_column("visit", "flag", CharField(default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("visit", "flag"))
    migrator.migrate(migrator.drop_table("idempotency_key"))
