"""The clock: dates as the database drivers give them back, and the day a trainer rehearses."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import clock
from casework.clock import stored_date
from casework.rules.deadlines import local_date
from casework.settings import Settings
from web import create_app


def test_a_stored_date_reads_the_same_from_either_driver():
    day = dt.date(2026, 3, 2)
    assert stored_date("2026-03-02") == day  # SQLite: ISO text
    assert stored_date("2026-03-02 00:00:00") == day  # SQLite: a DATE() of a timestamp
    assert stored_date(day) is day  # PostgreSQL: already a date
    assert stored_date(None) is None  # an aggregate over no rows


def test_the_clock_shows_a_chosen_day_at_the_real_time_of_day():
    try:
        clock.show_day(dt.date(2028, 2, 29))
        shown = clock.utcnow()
        assert local_date(shown) == dt.date(2028, 2, 29)
        real = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        apart = (real - shown).total_seconds() % 86400
        assert min(apart, 86400 - apart) < 5  # whole days apart
    finally:
        clock.show_day(None)
    real = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(clock.utcnow() - real) < dt.timedelta(seconds=5)


def test_the_day_comes_from_the_settings_and_every_process_start_applies_it():
    assert Settings.from_env({"CASEWORK_TODAY": "2027-02-06"}).today == dt.date(2027, 2, 6)
    assert Settings.from_env({}).today is None
    with pytest.raises(ValueError, match="CASEWORK_TODAY"):
        Settings.from_env({"CASEWORK_TODAY": "6 February"})
    try:
        create_app(Settings(today=dt.date(2027, 2, 6)), bind_database=False)
        assert local_date(clock.utcnow()) == dt.date(2027, 2, 6)
    finally:
        clock.show_day(None)
