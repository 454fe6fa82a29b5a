"""Reminders routed on every scan to whoever holds the responsibility now (issue 17): when the
reminder reached its current person, and whether it reached only the county admin."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("reminder", "reached_at", DateTimeField(null=True)),
        migrator.add_column("reminder", "unreachable", BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("reminder", "unreachable"),
        migrator.drop_column("reminder", "reached_at"),
    )
