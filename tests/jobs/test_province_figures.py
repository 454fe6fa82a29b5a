"""The nightly figures of each county of a province: what the county leader's dashboard gives
for that county at that moment, taken once a day (a second run skips, a run after the
scheduler was down takes the day's then), on any day of the year, for counties in a province
only, logged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest

from casework.models import CountyFigures, Place
from casework.rules.deadlines import local_date
from casework.rules.rates import Pace
from casework.services import (
    county_policy,
    county_rates,
    province,
    register,
    reports,
)
from casework.services import county_statistics as statistics
from casework.services import settlement_statistics as settled
from casework.settings import Settings
from casework.workflows.report import REPORT
from jobs import tasks

SETTINGS = Settings(aid_target=12)


def china(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`hour`:`minute` in China on `day`, as the naive UTC the services take."""
    return dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(hours=8)


def _some_work(world) -> None:
    """Applications in several states in county a, one past its deadline; one in county b."""
    for state in ("submitted", "under_review", "approved", "referred", "in_rehabilitation"):
        world.advance(world.application().id, state)
    world.application(world.b)
    payload = {"reporter_name": "王老师", "child_description": "约八岁男孩", "urgent": False,
               "place_id": world.a.villages[0].id, "harm_type": "abuse",
               "facts": "无人照看"}  # fmt: skip
    reports.file_report(world.a.actor("child_director"), payload, world.now)


def test_the_figures_are_the_county_leader_s_dashboard_s(world):
    world.province()
    _some_work(world)
    now = world.now + dt.timedelta(days=40)  # the submitted ones are past their deadline
    assert sorted(province.take_figures(now, SETTINGS)) == sorted(
        [world.a.county.id, world.b.county.id]
    )
    row = CountyFigures.get(county=world.a.county.id)
    assert (row.as_of, row.taken_at) == (local_date(now), now)
    taken = province.Figures.from_json(row.figures)

    leader, today = world.a.actor("leader"), local_date(now)
    target = county_policy.aid_target(leader, today.year, today, SETTINGS.aid_target)
    aided = statistics.aided(leader, today.year, target)
    day = county_rates.last_whole_day(today.year, today)  # the dashboard's: the last day over
    rates = county_rates.as_of(leader, day, now, SETTINGS, first=dt.date(today.year, 1, 1))
    by_report_state = statistics.cases_per_state(REPORT, leader)
    overdue = sum(line.count for line in statistics.overdue(leader, now))
    assert overdue > 0 and aided.children > 0
    assert taken.on_register == register.counts(leader)["by_state"]["on_register"] > 0
    assert (taken.aided, taken.aid_target) == (aided.children, target) == (aided.children, 12)
    assert taken.applications == statistics.per_state(leader)
    assert taken.applications["approved"] == 1
    assert taken.applications_overdue == overdue
    assert taken.paid_fen == sum(settled.paid_per_month(leader, today.year).values())
    assert taken.visits == rates.visits and taken.registered_rate == rates.registered
    assert taken.handled == rates.handled.rate and taken.handled.due > 0
    assert taken.reports_open == sum(n for s, n in by_report_state.items()) == 1
    assert taken.reminders_unreachable == statistics.unreachable_reminders(leader)
    # county b's own, not a's
    b = province.Figures.from_json(CountyFigures.get(county=world.b.county.id).figures)
    assert b.applications["submitted"] == 1 and b.aided == 0


def test_once_a_day_a_second_run_skips_and_the_next_day_takes_again(world, caplog):
    world.province()
    morning = china(dt.date(2026, 3, 3), 0, 5)
    with caplog.at_level(logging.INFO, logger="jobs"):
        assert len(tasks.take_county_figures(SETTINGS, morning)) == 2
    assert f"county {world.a.county.id}: figures taken" in caplog.text
    assert "county figures: 2 in" in caplog.text
    world.application()  # the day's later work changes nothing taken today
    assert tasks.take_county_figures(SETTINGS, morning + dt.timedelta(hours=12)) == []
    rows = CountyFigures.select().where(CountyFigures.county == world.a.county.id)
    assert [(r.as_of, r.taken_at) for r in rows] == [(dt.date(2026, 3, 3), morning)]
    assert len(tasks.take_county_figures(SETTINGS, morning + dt.timedelta(days=1))) == 2
    assert rows.count() == 2


def test_a_county_that_fails_does_not_keep_the_others_from_theirs(world, monkeypatch, caplog):
    world.province()
    first, second = sorted([world.a.county.id, world.b.county.id])
    counted = province.county_figures

    def failing(county_id, now, settings):
        if county_id == first:
            raise RuntimeError("a broken row")
        return counted(county_id, now, settings)

    monkeypatch.setattr(province, "county_figures", failing)
    morning = china(dt.date(2026, 3, 3), 0, 5)
    with caplog.at_level(logging.ERROR), pytest.raises(province.FiguresFailed, match=str(first)):
        tasks.take_county_figures(SETTINGS, morning)
    assert f"county {first}: figures of 2026-03-03 failed" in caplog.text
    assert [r.county_id for r in CountyFigures.select()] == [second]
    monkeypatch.setattr(province, "county_figures", counted)  # mended: the next run takes it
    assert tasks.take_county_figures(SETTINGS, morning + dt.timedelta(minutes=5)) == [first]


def test_after_the_scheduler_was_down_the_first_run_takes_the_day_s(world):
    world.province()
    province.take_figures(china(dt.date(2026, 3, 3), 0, 5), SETTINGS)
    # down from then until 15:20 on 5 March: 4 March is missing, 5 March is taken at 15:20
    late = china(dt.date(2026, 3, 5), 15, 20)
    assert len(province.take_figures(late, SETTINGS)) == 2
    days = [r.as_of for r in CountyFigures.select().where(
        CountyFigures.county == world.a.county.id).order_by(CountyFigures.as_of)]  # fmt: skip
    assert days == [dt.date(2026, 3, 3), dt.date(2026, 3, 5)]
    assert CountyFigures.get(county=world.a.county.id, as_of=dt.date(2026, 3, 5)).taken_at == late


@pytest.mark.parametrize(
    "moments",
    [
        # 31 December late at night, then 1 January just after midnight: two days, two years
        (china(dt.date(2026, 12, 31), 23, 50), china(dt.date(2027, 1, 1), 0, 10)),
        # 28 February, 29 February, 1 March of a leap year
        tuple(china(dt.date(2028, 2, 28) + dt.timedelta(days=d), 0, 5) for d in range(3)),
    ],
    ids=["new-year", "leap-day"],
)
def test_the_turn_of_the_year_and_a_leap_day(world, moments):
    world.province()
    world.advance(world.application().id, "approved")
    for moment in moments:
        assert len(province.take_figures(moment, SETTINGS)) == 2
    rows = list(CountyFigures.select().where(CountyFigures.county == world.a.county.id)
                .order_by(CountyFigures.as_of))  # fmt: skip
    assert [r.as_of for r in rows] == [local_date(m) for m in moments]
    for row, moment in zip(rows, moments, strict=True):
        figures = province.Figures.from_json(row.figures)
        assert figures.aid_expected == Pace(12, 0, local_date(moment)).expected
        assert figures.applications["approved"] == 1


def test_only_the_counties_of_a_province_are_taken(world):
    assert province.take_figures(world.now, SETTINGS) == []  # no province yet
    world.province()
    province.place_counties("330000", [world.b.county.code], world.now, remove=True)
    assert province.take_figures(world.now, SETTINGS) == [world.a.county.id]
    assert Place.get_by_id(world.b.county.id).province_id is None


def test_stored_figures_read_back_whole_and_sum():
    one = province.Figures(on_register=3, applications={"submitted": 2}, visits_due=4)
    other = province.Figures(on_register=1, applications={"approved": 1}, visits_on_time=2)
    assert province.Figures.from_json(dataclasses.asdict(one)) == one
    assert province.Figures.from_json({"on_register": 5, "retired_figure": 1}).on_register == 5
    total = one + other
    assert total.on_register == 4 and total.applications == {"submitted": 2, "approved": 1}
    assert total.visits.percent == 50.0
