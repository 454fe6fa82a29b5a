"""Migration 0027 adds the province (the province table, place.province_id, user.province_id)
and the county_figures table, and takes them away again; a county's province and the figures
taken come back empty after a round trip."""

from __future__ import annotations

import pytest
from peewee import OperationalError

from casework.db import db, migrations
from casework.models import CountyFigures, Place, Province, User

MIGRATION = "0027_province"


def _columns(table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def test_the_province_comes_and_goes_with_its_migration(world):
    world.province()
    assert "province_id" in _columns("place") and "province_id" in _columns("user")
    assert {"province", "county_figures"} <= set(db.get_tables())
    runner = migrations()
    assert runner.down(MIGRATION)[-1] == MIGRATION  # after any later ones it rolled back
    assert "province_id" not in _columns("place") | _columns("user")
    assert not {"province", "county_figures"} & set(db.get_tables())
    assert Place.select().count() > 0 and User.select().count() > 0  # nothing else lost
    applied = runner.up()
    assert applied[0] == MIGRATION  # then the later ones again
    assert Province.select().count() == 0 and CountyFigures.select().count() == 0
    assert not Place.select().where(Place.province.is_null(False)).exists()
    # the unique day of a county's figures holds again
    indexes = {tuple(i.columns): i.unique for i in db.get_indexes("county_figures")}
    assert indexes[("county_id", "as_of")] is True


@pytest.mark.postgres(reason="lock_timeout is PostgreSQL's")
def test_the_migration_gives_up_rather_than_queue_requests_behind_a_long_reader(
    world, database_url
):
    import time

    import psycopg2

    from casework.postgres import libpq_url

    runner = migrations()
    later = [m.name for m in runner.status() if m.applied and m.name > MIGRATION]
    if later:  # undone first, with nobody reading (a concurrent index waits for every reader)
        runner.down(later[0])
    reader = psycopg2.connect(libpq_url(database_url))
    with reader.cursor() as cursor:  # a long report holding place open
        cursor.execute("BEGIN; SELECT count(*) FROM place")
    db.execute_sql("SET statement_timeout = '20s'")  # without the migration's own: fails
    started = time.perf_counter()
    try:
        with pytest.raises(OperationalError, match="lock timeout"):
            runner.down(MIGRATION)
    finally:
        reader.rollback()
        reader.close()
        db.execute_sql("SET statement_timeout = 0")
    assert time.perf_counter() - started < 30
    assert "province_id" in _columns("place")  # nothing changed
    runner.up()
