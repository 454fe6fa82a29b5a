"""The regular-visit rule dates each reminder in SQL (one statement for every anchor): the
database's due time must be the end of the day schedule.regular_due gives, for every anchor
day of four years (a leap year, every month's and quarter's first and last days). And the
routing of its reminders climbs each ladder once."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import Cast, Select, ValuesList

from casework.db import db, is_sqlite
from casework.models import Child
from casework.reminders.calendar_math import end_of_day
from casework.reminders.scope import routing
from casework.reminders.visits import REGULAR_VISIT_OVERDUE, _period_due_at
from casework.rules import visits as schedule
from casework.services.reminders import scan
from casework.vocabulary import Role
from tests.jobs.helpers import china, rows, world_at

START, DAYS = dt.date(2025, 1, 1), 4 * 366


@pytest.mark.parametrize("period", [schedule.Period.MONTH, schedule.Period.QUARTER])
def test_the_sql_due_time_is_the_schedules_for_every_anchor(database, period):
    days = [START + dt.timedelta(days=n) for n in range(DAYS)]
    anchors = ValuesList([(d.isoformat(),) for d in days]).cte("anchors", columns=("day",))
    # the rule's anchor is a date: text on SQLite, a date on PostgreSQL
    anchor = anchors.c.day if is_sqlite() else Cast(anchors.c.day, "date")
    query = Select([anchors], [anchors.c.day, _period_due_at(anchor, period)]).with_cte(anchors)
    found = {day: str(due_at) for day, due_at in db.execute(query).fetchall()}
    wrong = [
        (day, found[day.isoformat()], expected)
        for day in days
        if found[day.isoformat()] != (expected := str(end_of_day(
            schedule.regular_due(day, period, day).due_on
        )))
    ]  # fmt: skip
    assert len(found) == DAYS and wrong == []


def test_one_statement_dates_children_of_every_period_as_the_schedule_does(database):
    world = world_at(china("2026-03-02 10:00"))
    opened = [  # categories, the day the file was opened (no visit yet: the anchor)
        (["guardianship"], dt.date(2025, 11, 15)),  # monthly: due by the end of December
        (["guardianship"], dt.date(2026, 1, 31)),  # due by the end of February
        (["family"], dt.date(2025, 5, 10)),  # quarterly: due by the end of September
        (["family"], dt.date(2025, 8, 31)),  # due by the end of December
    ]
    ids = {}
    for categories, day in opened:
        child = world.child()
        Child.update(categories=categories, created_at=dt.datetime.combine(day, dt.time(4))).where(
            Child.id == child.id
        ).execute()
        ids[child.id] = (categories, day)
    now = china("2026-03-10 00:00")
    assert len(REGULAR_VISIT_OVERDUE.creates(now)) == 1  # one cadence: one INSERT
    scan(now)
    found = {r.entity_id: r for r in rows("visit.regular_overdue") if r.entity_id in ids}
    assert found.keys() == ids.keys()
    for child_id, (categories, day) in ids.items():
        period = (
            schedule.Period.MONTH if categories == ["guardianship"] else schedule.Period.QUARTER
        )
        due = schedule.regular_due(day, period, dt.date(2026, 3, 10))
        assert (found[child_id].instance, found[child_id].due_at) == (
            day.isoformat(),
            end_of_day(due.due_on),
        )


def test_the_routing_climbs_each_ladder_once_per_reminder(database):
    """Each level's holder appears once in the routing UPDATE (its own assignee kept, else
    the first): written inline, the ladder was in the SQL three times."""
    route, reroute = routing(REGULAR_VISIT_OVERDUE, dt.datetime(2026, 3, 10))
    route_params, reroute_params = route.sql()[1], reroute.sql()[1]
    assert route_params.count(Role.CHILD_DIRECTOR) == 2
    assert route_params.count(Role.CHILD_SUPERVISOR) == 2
    assert reroute_params.count(Role.CHILD_SUPERVISOR) == 2
