"""One window, many departments: a department's staff sign in with their department
(user.department)."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("user", "department", CharField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("user", "department"),
    )
