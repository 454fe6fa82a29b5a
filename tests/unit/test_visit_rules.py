"""Visit schedules at month, quarter and school-year boundaries (casework.rules.visits)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.rules.visits import (
    Period,
    Status,
    home_education_due,
    monitoring_due,
    period_end,
    period_start,
    regular_due,
    regular_period,
    school_year,
)

D = dt.date


def test_monthly_for_guardianship_difficulty_and_open_reports():
    assert regular_period(["guardianship"], False) is Period.MONTH
    assert regular_period(["family"], True) is Period.MONTH
    assert regular_period(["family", "self"], False) is Period.QUARTER


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 12, 31), D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_quarters(day, start, end):
    assert (period_start(day, Period.QUARTER), period_end(day, Period.QUARTER)) == (start, end)


def test_month_ends_including_february():
    assert period_end(D(2028, 2, 10), Period.MONTH) == D(2028, 2, 29)
    assert period_end(D(2026, 12, 5), Period.MONTH) == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 1, 31), Status.SCHEDULED),  # visited this month: next month's visit not due
        (D(2026, 2, 1), Status.DUE),  # a new month without a visit
        (D(2026, 2, 28), Status.DUE),  # its last day
        (D(2026, 3, 1), Status.OVERDUE),  # February ended without one
    ],
)
def test_monthly_visit_at_the_month_boundary(today, status):
    due = regular_due(D(2026, 1, 15), Period.MONTH, today)
    assert (due.due_on, due.status) == (D(2026, 2, 28), status)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 3, 31), Status.SCHEDULED),
        (D(2026, 4, 1), Status.DUE),
        (D(2026, 6, 30), Status.DUE),
        (D(2026, 7, 1), Status.OVERDUE),
    ],
)
def test_quarterly_visit_at_the_quarter_boundary(today, status):
    due = regular_due(D(2026, 3, 31), Period.QUARTER, today)  # visited on the quarter's last day
    assert (due.due_on, due.status) == (D(2026, 6, 30), status)


def test_a_visit_across_the_year_boundary():
    due = regular_due(D(2026, 12, 31), Period.MONTH, D(2027, 1, 1))
    assert (due.due_on, due.status) == (D(2027, 1, 31), Status.DUE)
    due = regular_due(D(2026, 11, 2), Period.QUARTER, D(2027, 1, 1))
    assert (due.due_on, due.status) == (D(2027, 3, 31), Status.DUE)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 3, 7), Status.SCHEDULED),
        (D(2026, 3, 8), Status.DUE),  # seven days before
        (D(2026, 3, 15), Status.DUE),  # fourteen days after the last visit
        (D(2026, 3, 16), Status.OVERDUE),
    ],
)
def test_monitoring_every_fourteen_days(today, status):
    due = monitoring_due(D(2026, 3, 1), today)
    assert (due.due_on, due.status) == (D(2026, 3, 15), status)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2026, 8, 31), (D(2025, 9, 1), D(2026, 8, 31))),
        (D(2026, 9, 1), (D(2026, 9, 1), D(2027, 8, 31))),
        (D(2027, 1, 1), (D(2026, 9, 1), D(2027, 8, 31))),
    ],
)
def test_school_year_runs_september_to_august(day, year):
    assert school_year(day) == year


SCHOOL_STARTED = D(2025, 9, 1)


def standing(today, this=2, last=2, hours=40, started=SCHOOL_STARTED):
    return home_education_due(started_on=started, today=today, visits_this_month=this,
                              visits_last_month=last, hours_this_year=hours)  # fmt: skip


def test_home_education_two_visits_a_month():
    assert standing(D(2026, 3, 10), this=2).status is Status.SCHEDULED
    due = standing(D(2026, 3, 10), this=1)
    assert (due.status, due.visits_needed, due.due_on) == (Status.DUE, 1, D(2026, 3, 31))
    late = standing(D(2026, 3, 1), this=0, last=1)
    assert (late.status, late.last_month_short) == (Status.OVERDUE, True)
    # a child enrolled during last month owed no full month yet
    assert standing(D(2026, 3, 1), this=0, last=0, started=D(2026, 2, 15)).status is Status.DUE


def test_home_education_forty_class_hours_a_school_year():
    # September: 12 months of 2 visits x 2 hours are 48 hours, enough for 40
    assert standing(D(2025, 9, 2), this=2, last=2, hours=4).status is Status.SCHEDULED
    # June with 20 hours: the minimum for June-August brings 12 more, short of 40
    behind = standing(D(2026, 6, 10), this=2, hours=20)
    assert (behind.status, behind.hours_needed) == (Status.DUE, 20)
    # August, visits done, 38 hours: still short at the school year's end
    assert standing(D(2026, 8, 20), hours=38).status is Status.DUE
    # 1 September: a new school year starts from nothing and is on track
    assert standing(D(2026, 9, 1), this=0, last=2, hours=0).status is Status.DUE
    assert standing(D(2026, 9, 1), this=0, last=2, hours=0).hours_needed == 40
    assert standing(D(2026, 9, 20), this=2, last=2, hours=4).status is Status.SCHEDULED


def test_a_countys_cadence_is_built_from_both_cadence_kinds():
    from casework.rules.county_policy import (
        REGULAR_KEYS,
        Kind,
        Version,
        county_visit_policy,
        reads_cadence,
    )

    versions = {
        Kind.VISIT_CADENCE: [Version("regular.family", 1, D(2026, 3, 1))],
        Kind.CHILD_CATEGORY: [Version("migrant", 1, D(2026, 3, 1), label="流动儿童"),
                              Version("returned", 3, D(2026, 3, 1), label="返乡儿童"),
                              Version("migrant", 3, D(2026, 4, 1))],
    }  # fmt: skip
    assert county_visit_policy(versions, D(2026, 3, 2)).monthly_categories == {
        "guardianship", "family", "migrant"}  # fmt: skip
    assert county_visit_policy(versions, D(2026, 4, 1)).monthly_categories == {
        "guardianship", "family"}  # fmt: skip
    assert county_visit_policy({}, D(2026, 4, 1)).monthly_categories == {"guardianship"}
    # the regular visits read the county's own categories; the follow-ups do not
    assert reads_cadence(REGULAR_KEYS, Kind.CHILD_CATEGORY, "migrant")
    assert reads_cadence(REGULAR_KEYS, Kind.VISIT_CADENCE, "regular.family")
    assert not reads_cadence(("monitoring_days",), Kind.CHILD_CATEGORY, "migrant")
    assert not reads_cadence(("monitoring_days",), Kind.VISIT_CADENCE, "regular.family")
