"""The token a token was issued with: revoking a token revokes the tokens it issued, so a
stolen token cannot leave behind a successor that outlives its revocation."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("api_token", "issued_by_token", IntegerField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("api_token", "issued_by_token"),
    )
