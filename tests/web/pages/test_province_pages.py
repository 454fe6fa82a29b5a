"""A county's pages read their county's rows, not the province's (bench/province.py): on
PostgreSQL, with another county's rows beside them, no statement a page runs reads one of
them, each statement run with sequential scans priced out (what is read then is what no
index could spare) and the statistics autovacuum keeps. Where a plan turns on the province's
proportions, which two counties cannot show, the statement's shape is checked instead."""

from __future__ import annotations

import json

import pytest

from casework.db import db
from tests.statements import selects

postgres_only = pytest.mark.postgres(reason="reads PostgreSQL's plans")
OTHERS = 60  # county b's applications


def _statements_of(browser, url: str) -> list[tuple[str, tuple]]:
    with selects() as seen:
        assert browser.get(url).status_code == 200
    assert seen
    return seen


def _most_rows_read(statements, table: str) -> int:
    most = 0
    for sql, params in statements:
        with db.atomic() as tx:
            db.execute_sql("SET LOCAL enable_seqscan = off")
            row = db.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()
            tx.rollback()
        plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
        nodes, read = [plan[0]["Plan"]], 0
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node.get("Relation Name") == table:
                loops = node.get("Actual Loops", 1)
                read += loops * (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0))
        most = max(most, read)
    return most


@pytest.fixture
def beside_another_county(world):
    """County a's two submitted applications, then county b's many (newer ids)."""
    mine = [world.application() for _ in range(2)]
    for _ in range(OTHERS):
        world.application(county=world.b)
    db.execute_sql("ANALYZE")
    return mine


def test_the_children_page_is_ordered_by_an_expression_not_the_primary_key(as_role, world):
    # ordered by the bare id, PostgreSQL walked a province's primary key backwards, reading
    # every county's children until it had a page of this one's; by `id + 0` it reads the
    # county's own through the place index and sorts them
    world.child()
    seen = _statements_of(as_role("reviewer"), "/children")
    pages = [sql for sql, _ in seen if 'FROM "child"' in sql and "ORDER BY" in sql]
    assert pages and all('ORDER BY ("t1"."id" + ' in sql for sql in pages)


@postgres_only
def test_the_applications_queue_reads_only_the_countys_applications(as_role, beside_another_county):
    seen = _statements_of(as_role("reviewer"), "/applications?state=submitted")
    assert _most_rows_read(seen, "rehab_application") < OTHERS
