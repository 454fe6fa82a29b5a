"""A county's period rates as of a day already over are counted once and kept: the figures
recorded by a past moment cannot change, and counting them reads each child's history."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import PeriodRatesSnapshot
from casework.rules.deadlines import local_date
from casework.rules.rates import Handled, Rate
from casework.services import county_rates
from casework.services import rates_as_of as rates
from casework.settings import Settings

SETTINGS = Settings()


def _rates(world, day: dt.date, first: dt.date | None = None):
    leader = world.a.actor("leader")
    return county_rates.as_of(leader, day, world.now, SETTINGS,
                              first=first or dt.date(day.year, 1, 1))  # fmt: skip


def _no_counting(*_):
    raise AssertionError("counted again")


def test_a_day_over_is_counted_once_then_read_back(world, monkeypatch):
    world.advance(world.application(village=0).id, "approved")
    world.now += dt.timedelta(days=1)
    yesterday = local_date(world.now) - dt.timedelta(days=1)
    counted = _rates(world, yesterday)
    assert counted.handled.on_time == 1
    kept = PeriodRatesSnapshot.get(county=world.a.county.id)
    assert (kept.first, kept.last) == (dt.date(yesterday.year, 1, 1), yesterday)
    for reader in ("visits_as_of", "handled_as_of", "registered_as_of"):
        monkeypatch.setattr(rates, reader, _no_counting)
    assert _rates(world, yesterday) == counted  # every village's figures, read back
    # another period's is not this one's
    with pytest.raises(AssertionError, match="counted again"):
        _rates(world, yesterday - dt.timedelta(days=1))


def test_kept_only_for_the_year_so_far_an_hour_past_and_by_the_same_counting(world, monkeypatch):
    yesterday = local_date(world.now) - dt.timedelta(days=1)
    _rates(world, yesterday, first=dt.date(yesterday.year, 2, 1))  # the API's own period
    world.now = dt.datetime.combine(local_date(world.now), dt.time()) - dt.timedelta(hours=8)
    world.now += county_rates.SETTLED - dt.timedelta(seconds=1)  # just after midnight in China
    _rates(world, yesterday)  # a transaction begun yesterday may still be committing
    assert PeriodRatesSnapshot.select().count() == 0
    world.now += dt.timedelta(seconds=1)
    counted = _rates(world, yesterday)
    assert PeriodRatesSnapshot.get().counting == rates.COUNTING
    monkeypatch.setattr(rates, "COUNTING", rates.COUNTING + 1)  # counted another way since
    assert _rates(world, yesterday) == counted
    assert PeriodRatesSnapshot.select().count() == 2


def test_today_is_counted_afresh_and_not_kept(world, monkeypatch):
    today = local_date(world.now)
    assert _rates(world, today).handled.rate.due == 0
    assert PeriodRatesSnapshot.select().count() == 0
    world.advance(world.application(village=0).id, "approved")
    assert _rates(world, today).handled.on_time == 1  # what was done today is in at once


def test_what_is_kept_reads_back_the_same():
    period = county_rates.PeriodRates(
        {11: Rate(2, 3)},
        {11: Handled(1, 2, 3, 4), 12: Handled()},
        {12: Rate(0, 1)},
    )
    assert county_rates.PeriodRates.from_json(period.to_json()) == period


@pytest.mark.parametrize(("today", "year", "day"), [
    (dt.date(2026, 3, 2), 2026, dt.date(2026, 3, 1)),
    (dt.date(2027, 1, 1), 2027, dt.date(2027, 1, 1)),  # no day of the year over yet: today
    (dt.date(2027, 1, 1), 2026, dt.date(2026, 12, 31)),
    (dt.date(2028, 3, 1), 2028, dt.date(2028, 2, 29)),
    (dt.date(2028, 3, 1), 2025, dt.date(2025, 12, 31)),
])  # fmt: skip
def test_the_dashboard_s_rates_run_to_the_last_day_over(today, year, day):
    assert county_rates.last_whole_day(year, today) == day


def test_the_kept_rates_come_and_go_with_their_migration(world):
    from casework.db import db, migrations

    migration = "0029_period_rates_snapshot"
    runner = migrations()
    assert runner.down(migration)[-1] == migration
    assert "period_rates_snapshot" not in db.get_tables()
    assert runner.up()[0] == migration
    indexes = {tuple(i.columns): i.unique for i in db.get_indexes("period_rates_snapshot")}
    assert indexes[("county_id", "first", "last", "moment", "counting")] is True


def test_a_child_linked_to_a_report_later_does_not_count_back(world):
    """A report case makes its child owed monthly visits while it is open: as of a moment
    before the child was linked to it, the case was no child's, and counting again after the
    link gives the figures counted before it (which is what keeping them relies on)."""
    from casework.services import reports
    from tests.integration.report_cases import file_report

    world.now = dt.datetime(2026, 1, 5, 2)
    child = world.child(disabilities=())  # no category: owes visits only with an open report
    world.now = dt.datetime(2026, 2, 10, 2)
    case = file_report(world, with_child=False)
    reports.act(world.a.actor("case_worker"), case.id, "accept", now=world.now,
                payload={"urgent": False})  # fmt: skip
    world.now = dt.datetime(2026, 3, 2, 2)
    moment = dt.datetime(2026, 2, 28, 16)  # the end of 28 February in China
    county, first, last = world.a.county.id, dt.date(2026, 1, 1), dt.date(2026, 2, 28)
    before = rates.visits_as_of(county, first, last, moment)
    assert before == {}
    reports.act(world.a.actor("case_worker"), case.id, "link_child", now=world.now,
                payload={"child_id": child.id})  # fmt: skip
    assert rates.visits_as_of(county, first, last, moment) == before
    # from the link on, the child is owed its visits: March's, as of its end
    later = rates.visits_as_of(county, first, dt.date(2026, 3, 31), dt.datetime(2026, 3, 31, 16))
    assert sum(r.due for r in later.values()) == 1
