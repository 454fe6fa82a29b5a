"""The returns a county submitted upward (their figures kept as sent), and each rehab
application's entry in the national rehab-aid system: the return_submission and
national_entry tables."""

from peewee import *


def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class RehabApplication(Model):
        class Meta:
            database = db
            table_name = 'rehab_application'

    class ReturnSubmission(Model):
        county = ForeignKeyField(Place, on_delete='RESTRICT')
        kind = CharField()
        period = CharField()
        as_of = DateTimeField()
        figures = TextField(default='[]')
        submitted_by = ForeignKeyField(User, on_delete='RESTRICT')
        submitted_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'return_submission'
            indexes = ((('county', 'kind', 'period'), False),)

    class NationalEntry(Model):
        application = ForeignKeyField(RehabApplication, unique=True, on_delete='RESTRICT')
        entered_on = DateField()
        reference = CharField()
        entered_by = ForeignKeyField(User, on_delete='RESTRICT')
        recorded_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'national_entry'
    db.create_tables([ReturnSubmission, NationalEntry])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('national_entry'))
    migrator.migrate(migrator.drop_table('return_submission'))
