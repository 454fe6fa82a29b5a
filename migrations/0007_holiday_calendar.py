"""The holiday calendar the admin keeps: per year, the days off and the adjusted
working days. Generated with pwmigrate from a database at 0006; only the tables of
casework/models/calendar.py. Nothing is seeded: a year not entered is read through from the
package chinesecalendar (casework/rules/calendar.py), so a newer package still counts."""

from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = "user"

    class CalendarDay(Model):
        day = DateField(unique=True)
        year = IntegerField(index=True)
        kind = CharField()

        class Meta:
            database = db
            table_name = "calendar_day"

    db.create_tables([CalendarDay])

    class CalendarYear(Model):
        year = IntegerField(unique=True)
        revision = IntegerField(index=True)
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete="RESTRICT")

        class Meta:
            database = db
            table_name = "calendar_year"

    db.create_tables([CalendarYear])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("calendar_year"))
    migrator.migrate(migrator.drop_table("calendar_day"))
