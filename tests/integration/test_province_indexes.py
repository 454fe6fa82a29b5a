"""What a province on one PostgreSQL needs (bench/province.py): a scope is a plain LIKE on
the place's path, which PostgreSQL answers from migration 0025's pattern index, built and
dropped concurrently; casework's connections start with JIT compilation off and SSD page costs."""

from __future__ import annotations

import pytest

from casework import postgres
from casework.db import db, migrations
from casework.models import Place
from casework.queries.child_scope import scoped

postgres_only = pytest.mark.postgres(reason="the index and the setting are PostgreSQL's")
MIGRATION = "0025_province_indexes"


def test_a_scope_is_a_case_sensitive_prefix_match_with_its_wildcards_escaped(world):
    sql, params = Place.select(Place.id).where(Place.path.startswith("/1_2/")).sql()
    assert " LIKE " in sql and "ILIKE" not in sql
    assert params[0] == "/1\\_2/%"  # an underscore is a character of the path, not any one
    county = world.a.county
    here = {p.id for p in Place.select().where(Place.path.startswith(county.path))}
    assert county.id in here and world.b.county.id not in here
    assert not Place.select().where(Place.path.startswith(county.path.replace("/", "_"))).exists()


def test_the_children_a_county_user_sees_are_their_county_s(world):
    mine, theirs = world.child(), world.child(county=world.b)
    seen = {c.id for c in scoped(world.a.actor("reviewer"))}
    assert mine.id in seen and theirs.id not in seen


@postgres_only
def test_the_path_pattern_index_comes_and_goes_with_its_migration(world):
    def indexes():
        rows = db.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'place'"
        ).fetchall()
        return dict(rows)

    assert "varchar_pattern_ops" in indexes()["place_path_pattern"]
    runner = migrations()
    assert runner.down(MIGRATION)[-1] == MIGRATION  # after any later ones it rolled back
    assert "place_path_pattern" not in indexes()
    assert runner.up()[0] == MIGRATION  # then the later ones again
    assert "place_path_pattern" in indexes()


@postgres_only
def test_connections_start_with_jit_off(world):
    options = postgres.session_options("postgresql://h/db")
    assert options == {"options": "-c jit=off -c random_page_cost=1.1"}
    assert postgres.session_options("postgresql://h/db?prepare=off") == {}  # PgBouncer
    assert db.execute_sql("SHOW jit").fetchone()[0] == "off"
    assert db.execute_sql("SHOW random_page_cost").fetchone()[0] == "1.1"
