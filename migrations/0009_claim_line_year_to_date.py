"""A claim line's year to date: the subsidy of a line is the increase of the year's
capped figure over what earlier lines were approved, and these columns keep the figures it was
computed from, for the auditor. Existing lines keep 0 until they are next computed."""
from peewee import *

COLUMNS = (
    ("ytd_remainder_fen", BigIntegerField(default=0)),
    ("ytd_months", IntegerField(default=0)),
    ("ytd_cap_fen", BigIntegerField(default=0)),
    ("ytd_approved_fen", BigIntegerField(default=0)),
)


def up(migrator, db):
    migrator.migrate(*(migrator.add_column("claim_line", name, field) for name, field in COLUMNS))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column("claim_line", name) for name, _ in COLUMNS))
