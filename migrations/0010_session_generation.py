"""A per-user session generation: signing out raises it, and a session cookie
carrying an older one is no longer signed in, so a cookie copied before sign-out stops working."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("user", "session_generation", IntegerField(default=0)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("user", "session_generation"),
    )
