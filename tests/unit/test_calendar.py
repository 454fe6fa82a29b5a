"""Working days on China's official calendar, and deadlines counted in them."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from casework.rules import calendar
from casework.rules.calendar import add_workdays, is_workday
from casework.rules.deadlines import Deadline, Unit, local_date

D = dt.date


@pytest.fixture
def fresh_calendar_caches():
    """The fallback warning is logged once per year per process: start from empty caches."""
    calendar.clear_caches()
    yield
    calendar.clear_caches()


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 2, 13), True),  # Friday before the Spring Festival
        (D(2026, 2, 14), True),  # Saturday worked in exchange
        (D(2026, 2, 16), False),  # Monday, Spring Festival
        (D(2026, 2, 23), False),  # Monday, last day of the holiday
        (D(2026, 2, 28), True),  # Saturday worked in exchange
        (D(2025, 9, 28), True),  # Sunday worked before National Day
        (D(2025, 10, 1), False),  # Wednesday, National Day
        (D(2025, 10, 11), True),  # Saturday worked after National Day
        (D(2026, 3, 7), False),  # an ordinary Saturday
        (D(2026, 3, 9), True),  # an ordinary Monday
    ],
)
def test_official_calendar(day, working):
    assert is_workday(day) is working


@pytest.mark.parametrize(
    "start, days, due",
    [
        (D(2026, 3, 2), 1, D(2026, 3, 3)),
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # over an ordinary weekend
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # onto the swapped working Saturday
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # over the whole Spring Festival
        (D(2026, 2, 12), 5, D(2026, 2, 26)),  # 13, 14, 24, 25, 26 Feb
        (D(2026, 2, 27), 1, D(2026, 2, 28)),  # onto the second swapped Saturday
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # onto the swapped working Sunday
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # over National Day and Mid-autumn
        (D(2025, 9, 30), 2, D(2025, 10, 10)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # the swapped Saturday after it counts
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
    ],
)
def test_add_workdays(start, days, due):
    assert add_workdays(start, days) == due


def test_a_year_outside_the_calendar_falls_back_to_monday_to_friday(fresh_calendar_caches, caplog):
    caplog.set_level(logging.WARNING, logger="casework.rules.calendar")
    # 2003 predates chinese_calendar's data: National Day (Wednesday 1 October) is counted
    # as a working day, weekends are not.
    assert is_workday(D(2003, 10, 1)) is True
    assert is_workday(D(2003, 10, 4)) is False  # Saturday
    assert add_workdays(D(2003, 10, 3), 1) == D(2003, 10, 6)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, "warn once per year, not once per day"
    assert "2003" in warnings[0].getMessage()
    assert "Monday-Friday" in warnings[0].getMessage()


def test_a_covered_year_logs_nothing(fresh_calendar_caches, caplog):
    caplog.set_level(logging.DEBUG, logger="casework.rules.calendar")
    add_workdays(D(2026, 2, 13), 10)
    assert caplog.records == []


# 10:00 on Monday 2 March 2026 in China, stored as naive UTC.
ENTERED = dt.datetime(2026, 3, 2, 2, 0)


def test_due_at_in_working_days_ends_at_local_midnight():
    review = Deadline("review", 15)
    assert review.due_date(D(2026, 3, 2)) == D(2026, 3, 23)
    # The end of 23 March in China is 16:00 UTC that day.
    assert review.due_at(ENTERED) == dt.datetime(2026, 3, 23, 16, 0)


def test_due_at_across_the_spring_festival():
    answer = Deadline("referral_answer", 5)
    # Entered on Friday 13 Feb 2026 at 09:00 local: 14, 24, 25, 26, 27 Feb.
    assert answer.due_at(dt.datetime(2026, 2, 13, 1, 0)) == dt.datetime(2026, 2, 27, 16, 0)


def test_due_at_in_calendar_days():
    plan = Deadline("rehab_plan", 30, Unit.DAYS)
    assert plan.due_date(D(2026, 3, 2)) == D(2026, 4, 1)
    assert plan.due_at(ENTERED) == dt.datetime(2026, 4, 1, 16, 0)
    # Calendar days do not skip the holiday.
    assert Deadline("x", 3, Unit.DAYS).due_date(D(2026, 2, 15)) == D(2026, 2, 18)


def test_due_at_counts_from_the_local_day_not_the_utc_day():
    # 17:30 UTC on 1 March is 01:30 on 2 March in China: the clock starts on 2 March.
    late_evening_utc = dt.datetime(2026, 3, 1, 17, 30)
    assert local_date(late_evening_utc) == D(2026, 3, 2)
    assert Deadline("review", 1).due_at(late_evening_utc) == dt.datetime(2026, 3, 3, 16, 0)
    assert Deadline("x", 1, Unit.DAYS).due_at(late_evening_utc) == dt.datetime(2026, 3, 3, 16, 0)


def test_unit_defaults_to_working_days():
    assert Deadline("review", 15).unit is Unit.WORKDAYS


@pytest.mark.parametrize("today, last", [(D(2026, 3, 2), 2026), (D(2027, 1, 4), 2026)])
def test_the_last_year_the_official_calendar_knows(published_through_2026, today, last):
    assert calendar.last_official_year(today) == last
