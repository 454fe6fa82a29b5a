"""A county's period rates kept once counted for a moment already past (period_rates_snapshot,
services/county_rates.py): a new table, so nothing of the service waits while it is made."""

from peewee import *


def up(migrator, db):
    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class PeriodRatesSnapshot(Model):
        county = ForeignKeyField(Place, on_delete='CASCADE')
        first = DateField()
        last = DateField()
        moment = DateTimeField()
        counting = IntegerField()
        rates = TextField(default='{}')
        class Meta:
            database = db
            table_name = 'period_rates_snapshot'
            indexes = ((('county', 'first', 'last', 'moment', 'counting'), True),)

    db.create_tables([PeriodRatesSnapshot])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('period_rates_snapshot'))
