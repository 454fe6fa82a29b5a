"""A county's figures read its own history, not the province's (bench/province.py): the files
another county took over are found among the province's takeovers alone (migration 0028),
and the county's payments among its own claims'."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casework.db import db, migrations
from casework.models import AuditEntry
from casework.reminders.calendar_math import end_of_day
from casework.services import rates_as_of as rates
from casework.services import register, visits
from casework.workflows.register import RegisterState
from tests.conftest import NOW
from tests.statements import selects

D = dt.date
DAY = dt.timedelta(days=1)
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
END_OF_MARCH = end_of_day(D(2026, 3, 31))
MIGRATION = "0028_audit_history_indexes"
postgres_only = pytest.mark.postgres(reason="reads PostgreSQL's plans and indexes")


def _child(world, categories):
    return world.categorise(world.child(village=0, disabilities=()), *categories)


def test_a_file_taken_over_after_the_moment_still_owes_its_visits_where_it_was(world):
    world.now = dt.datetime(2025, 12, 10, 2)
    child = _child(world, ["guardianship"])  # monthly, village 0 of county a
    world.now = dt.datetime(2026, 2, 10, 2)
    visits.record_visit(world.a.actor("case_worker"), {
        "child_id": child.id, "kind": "regular", "visited_on": "2026-02-10",
        "findings": "生活正常"}, world.now)  # fmt: skip
    owed = {world.a.villages[0].id: rates.Rate(1, 3)}  # January, February, March
    assert rates.visits_as_of(world.a.county.id, *Q1, END_OF_MARCH) == owed
    # in April the family moves to county b, which takes the file over
    world.now = dt.datetime(2026, 4, 10, 2)
    register.act(world.a.actor("child_director"), child.id, "leave_moved_out", now=world.now,
                 payload={"left_on": "2026-04-08", "moved_to": "另一县",
                          "to_county_id": world.b.county.id})  # fmt: skip
    register.act(world.b.actor("case_worker"), child.id, "take_over", now=world.now,
                 payload={"place_id": world.b.villages[0].id})  # fmt: skip
    moved = AuditEntry.get(AuditEntry.entity == "child", AuditEntry.entity_id == child.id,
                           AuditEntry.to_state == RegisterState.ON_REGISTER)  # fmt: skip
    assert moved.action == rates.MOVES_COUNTY and "place" in moved.changes
    # the quarter as it stood: still county a's, and none of county b's
    assert rates.visits_as_of(world.a.county.id, *Q1, END_OF_MARCH) == owed
    assert rates.visits_as_of(world.b.county.id, *Q1, END_OF_MARCH) == {}


def _most_rows_read(statements, tables: set[str]) -> int:
    """The most rows one of the statements' plans read from `tables` (returned or filtered
    out), each run with sequential scans priced out: what is read then is what no index
    could spare."""
    most = 0
    for sql, params in statements:
        read = 0
        with db.atomic() as tx:
            db.execute_sql("SET LOCAL enable_seqscan = off")
            row = db.execute_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()
            tx.rollback()
        plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
        nodes = [plan[0]["Plan"]]
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node.get("Relation Name") in tables:
                loops = node.get("Actual Loops", 1)
                read += loops * (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0))
        most = max(most, read)
    return most


@postgres_only
def test_a_countys_rates_read_none_of_another_countys_history(world):
    world.now = dt.datetime(2025, 12, 10, 2)
    _child(world, ["guardianship"])
    theirs = [world.child(county=world.b) for _ in range(3)]  # files of county b
    mine = AuditEntry.select().count()  # the world's history: its users, places, children
    # county b's: a year of edits to its files after the quarter, and payments of its claims
    # (rows as the engine writes them; the figures of county a must not read them)
    others = 2 * mine + 50
    for n in range(others):
        AuditEntry.create(entity="child", entity_id=10_000 + n, action="update", version=2,
                          actor_role="intake_clerk", at=dt.datetime(2026, 4, 1) + n * DAY,
                          changes={"address": ["", "新址"]})  # fmt: skip
        AuditEntry.create(entity="claim", entity_id=20_000 + n, action="record_payment",
                          from_state="sent_to_finance", to_state="paid", version=5,
                          actor_role="finance_officer", at=dt.datetime(2025, 5, 1) + n * DAY,
                          changes={})  # fmt: skip
    with selects() as seen:
        rates.regular_visits_as_of(world.a.county.id, *Q1, END_OF_MARCH)
        rates.paid_as_of(world.a.county.id, 2025, END_OF_MARCH)
    assert seen
    db.execute_sql("ANALYZE")  # the statistics autovacuum keeps, which the planner prices by
    # no statement read county b's rows: each read fewer than there are
    assert theirs and mine < others
    assert _most_rows_read(seen, {"audit_log"}) <= mine
    assert _most_rows_read(seen, {"child"}) < others


@postgres_only
def test_the_history_indexes_come_and_go_with_their_migration(world):
    def indexes():
        rows = db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'audit_log'")
        return {name for (name,) in rows.fetchall()}

    ours = {"audit_log_entity_action_at", "audit_log_entity_entity_id_at"}
    assert ours <= indexes()
    runner = migrations()
    assert runner.down(MIGRATION)[-1] == MIGRATION  # after any later ones it rolled back
    assert not ours & indexes()
    assert MIGRATION in runner.up()  # then the later ones again
    assert ours <= indexes()


def test_a_countys_changes_are_read_once_for_every_period_of_the_rates(world):
    world.now = dt.datetime(2025, 12, 10, 2)
    _child(world, ["guardianship"])
    # a year: twelve months' ends and four quarters' (the same four moments among them)
    with selects() as seen:
        rates.regular_visits_as_of(world.a.county.id, D(2025, 1, 1), D(2025, 12, 31),
                                   end_of_day(D(2025, 12, 31)))  # fmt: skip
    changes = [sql for sql, _ in seen if '"changes"' in sql and "audit_log" in sql]
    assert len(changes) == 1


def test_only_the_periods_moves_and_each_cases_last_row_leave_the_database(world):
    old, new = world.application(), world.application()  # submitted now, before the period
    world.now = NOW + 30 * DAY
    world.advance(new.id, "approved")
    window = (NOW + 20 * DAY, NOW + 40 * DAY)
    rows = list(rates._moves("rehab", [old.id, new.id], world.now + DAY, window))
    # (case, from, to, at, deadline after, the row before's id and deadline, from the end)
    assert [(r[0], r[2], r[7]) for r in rows if r[0] == old.id] == [(old.id, "submitted", 1)]
    moves = [(r[2], r[5] is not None, r[7]) for r in rows if r[0] == new.id]
    assert moves[0][:2] == ("under_review", True)  # its submission stayed in the database
    assert moves[-1] == ("approved", True, 1)
    assert all(to != "submitted" for to, _, _ in moves)
