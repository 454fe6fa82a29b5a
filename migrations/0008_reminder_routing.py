"""Reminders routed on every scan to whoever holds the responsibility now: when the
reminder reached its current person, and whether it reached only the county admin; e-mail
claimed before it is sent outside any transaction."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("reminder", "reached_at", DateTimeField(null=True)),
        migrator.add_column("reminder", "unreachable", BooleanField(default=False)),
        migrator.add_column("reminder", "email_claimed_at", DateTimeField(null=True)),
        migrator.add_column("reminder", "escalation_email_claimed_at", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("reminder", "escalation_email_claimed_at"),
        migrator.drop_column("reminder", "email_claimed_at"),
        migrator.drop_column("reminder", "unreachable"),
        migrator.drop_column("reminder", "reached_at"),
    )
