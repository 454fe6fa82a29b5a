"""The months open for attendance: one rule for the rehab step and the attendance grid."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.rules.attendance import AFTER_DROPOUT, OUTSIDE, month_over, most_days, refusal

STARTS, TODAY = dt.date(2025, 11, 17), dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "month, last_attended, expected",
    [
        (dt.date(2025, 11, 1), None, None),  # the plan's first month, though it began mid-month
        (dt.date(2026, 3, 1), None, None),  # this month
        (dt.date(2025, 10, 1), None, OUTSIDE),
        (dt.date(2026, 4, 1), None, OUTSIDE),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), None),  # the last month attended
        (dt.date(2026, 2, 1), dt.date(2026, 1, 1), AFTER_DROPOUT),
        (dt.date(2026, 4, 1), dt.date(2026, 1, 1), OUTSIDE),
    ],
)
def test_a_month_is_open_from_the_plan_to_this_month_and_not_after_a_dropout(
    month, last_attended, expected
):
    assert refusal(month, STARTS, TODAY, last_attended) == expected


@pytest.mark.parametrize(
    "month, today, most, over",
    [
        (dt.date(2026, 2, 1), dt.date(2026, 3, 2), 28, True),  # February, over
        (dt.date(2028, 2, 1), dt.date(2028, 3, 1), 29, True),  # a leap February
        (dt.date(2026, 3, 1), dt.date(2026, 3, 2), 2, False),  # this month: today counts
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), 31, False),  # its last day: not yet over
        (dt.date(2026, 3, 1), dt.date(2026, 4, 1), 31, True),
        (dt.date(2025, 12, 1), dt.date(2026, 1, 1), 31, True),  # over the turn of the year
        (dt.date(2026, 4, 1), dt.date(2026, 3, 2), 0, False),  # a month to come
    ],
)
def test_a_month_holds_the_days_passed_and_is_billed_once_over(month, today, most, over):
    assert most_days(month, today) == most
    assert month_over(month, today) is over
