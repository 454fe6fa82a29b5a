"""A ledger's rows stream from the database: on PostgreSQL through a server-side cursor
fetched in batches (db.stream), on SQLite straight from the driver; the spreadsheet is the same
on both, whatever the batch size."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from casework import db
from casework.models import Child
from casework.services import ledgers
from tests.conftest import ON_POSTGRES
from tests.web.test_ledgers import _in_difficulty

NAMES = ["一号", "七号", "三号", "九号", "二号", "五号", "八号"]  # more than two batches of 3


def _ledger(world) -> list[list]:
    leader = world.a.actor("leader")
    ledger, filters = ledgers.filters_for(
        leader, "register", None, dt.date(2026, 1, 1), dt.date(2026, 3, 31), False, world.now
    )
    out = io.BytesIO()
    assert ledgers.write(ledger, leader, filters, out) == len(NAMES)
    book = load_workbook(io.BytesIO(out.getvalue()))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_more_rows_than_a_batch_give_the_same_ledger_on_either_database(world, monkeypatch):
    for n, name in enumerate(NAMES):
        _in_difficulty(world, world.a, n % 2, name)
    fetches: list[int] = []
    fetch = db.fetch_batch

    def counted(name, size):
        cursor = fetch(name, size)
        fetches.append(cursor.rowcount)
        return cursor

    monkeypatch.setattr(db, "STREAM_BATCH", 3)
    monkeypatch.setattr(db, "fetch_batch", counted)
    rows = _ledger(world)
    body = rows[2:-1]
    assert [row[0] for row in body] == list(range(1, 8))
    # by township, village, then name (the database's collation of the names: the same set)
    assert sorted(row[1] for row in body) == sorted(NAMES)
    assert rows[-1][-1] == 7
    if ON_POSTGRES:  # three batches: 3, 3, then the last 1
        assert fetches == [3, 3, 1]
    else:
        assert fetches == []
    monkeypatch.setattr(db, "STREAM_BATCH", 500)
    assert _ledger(world) == rows  # one batch: the same spreadsheet


def test_a_stream_left_half_way_leaves_the_connection_usable(world, monkeypatch):
    for name in NAMES:
        _in_difficulty(world, world.a, 0, name)
    monkeypatch.setattr(db, "STREAM_BATCH", 2)
    rows = db.stream(Child.select(Child.name).order_by(Child.id).tuples())
    first = [next(rows), next(rows), next(rows)]  # into the second batch
    rows.close()  # the generator abandoned: its transaction (and cursor) end
    assert len(first) == 3
    assert Child.select().count() >= len(NAMES)  # the connection answers ordinary queries
    again = list(db.stream(Child.select(Child.name).order_by(Child.id).tuples()))
    assert again[:3] == first
