"""A province above the counties: the province table, each county's province
(place.province_id), a province officer's province (user.province_id), and the county_figures
table the nightly job fills for the province's dashboard (services/province.py)."""

from peewee import *

# ALTER TABLE takes ACCESS EXCLUSIVE on place and user, and while it waits for a long reader
# every request queues behind it: on PostgreSQL give up after this long (run it again later)
LOCK_TIMEOUT = "5s"


def _wait_briefly(db):
    if isinstance(getattr(db, "obj", db), PostgresqlDatabase):
        db.execute_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def up(migrator, db):
    _wait_briefly(db)
    class Place(Model):
        class Meta:
            database = db
            table_name = 'place'

    class Province(Model):
        name = CharField()
        code = CharField(unique=True)
        class Meta:
            database = db
            table_name = 'province'

    class CountyFigures(Model):
        county = ForeignKeyField(Place, on_delete='CASCADE')
        as_of = DateField()
        figures = TextField(default='{}')
        taken_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'county_figures'
            indexes = ((('county', 'as_of'), True),)

    db.create_tables([Province, CountyFigures])
    migrator.migrate(
        migrator.add_column("place", "province_id", ForeignKeyField(
            Province, null=True, field=Province.id, on_delete='RESTRICT')),
        migrator.add_column("user", "province_id", ForeignKeyField(
            Province, null=True, field=Province.id, on_delete='RESTRICT')),
    )


def down(migrator, db):
    _wait_briefly(db)
    migrator.migrate(
        migrator.drop_index("user", "user_province_id"),
        migrator.drop_index("place", "place_province_id"),
        migrator.drop_column("user", "province_id"),
        migrator.drop_column("place", "province_id"),
        migrator.drop_table('county_figures'),
        migrator.drop_table('province'),
    )
