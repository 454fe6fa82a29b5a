"""Dates as the database drivers give them back where peewee does not convert them."""

from __future__ import annotations

import datetime as dt

from casework.clock import stored_date


def test_a_stored_date_reads_the_same_from_either_driver():
    day = dt.date(2026, 3, 2)
    assert stored_date("2026-03-02") == day  # SQLite: ISO text
    assert stored_date("2026-03-02 00:00:00") == day  # SQLite: a DATE() of a timestamp
    assert stored_date(day) is day  # PostgreSQL: already a date
    assert stored_date(None) is None  # an aggregate over no rows
