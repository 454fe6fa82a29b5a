"""County policy values by effective date: versions of an aid item's age limit and
the like, each in force from its day (casework/models/county_policy.py). Written in
pwmigrate's form, only the table of that module. Nothing is seeded: a value without a version
is the default in the code (casework/rules/county_policy.py)."""

from peewee import *


def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = "place"

    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class PolicyVersion(Model):
        county = ForeignKeyField(Place, on_delete="RESTRICT")
        kind = CharField()
        key = CharField()
        value = IntegerField()
        effective_from = DateField()
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "policy_version"
            indexes = ((("county", "kind", "key", "effective_from"), True),)

    db.create_tables([PolicyVersion])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("policy_version"))
