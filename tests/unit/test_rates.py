"""The arithmetic of the rates: percent of due, the target's even pace over the year, the
roll-up of villages into townships."""

from __future__ import annotations

import datetime as dt

from casework.rules.rates import Pace, Rate, roll_up, total


def test_a_rate_is_done_against_due_and_none_where_nothing_was_due():
    assert Rate(3, 4).percent == 75.0
    assert Rate(1, 3).percent == 33.3
    assert Rate(0, 0).percent is None
    assert Rate(1, 2) + Rate(2, 3) == Rate(3, 5)


def test_the_pace_spreads_the_target_over_the_days_of_the_year():
    # 365 days in 2026: 1 January is 1/365 of the year, 30 June 181/365, 31 December all
    assert Pace(365, 0, dt.date(2026, 1, 1)).expected == 1
    assert Pace(270, 100, dt.date(2026, 6, 30)).expected == 270 * 181 // 365 == 133
    assert Pace(270, 100, dt.date(2026, 6, 30)).behind == 33
    assert Pace(270, 140, dt.date(2026, 6, 30)).behind == 0
    assert Pace(270, 0, dt.date(2026, 12, 31)).expected == 270
    # 2028 is a leap year: 29 February is its 60th of 366 days
    assert Pace(366, 0, dt.date(2028, 2, 29)).expected == 60


def test_villages_roll_up_into_their_townships_and_the_county():
    township_of = {11: 1, 12: 1, 21: 2, 22: 2}
    by_village = {11: Rate(2, 3), 12: Rate(1, 1), 21: Rate(0, 2)}
    assert roll_up(by_village, township_of) == {1: Rate(3, 4), 2: Rate(0, 2)}
    assert total(by_village.values()) == Rate(3, 6)
