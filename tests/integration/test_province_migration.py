"""Migration 0027 adds the province (the province table, place.province_id, user.province_id)
and the county_figures table, and takes them away again; a county's province and the figures
taken come back empty after a round trip."""

from __future__ import annotations

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
