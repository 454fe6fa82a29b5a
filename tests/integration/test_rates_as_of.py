"""The rates as of a past moment, against hand-counted fixtures, before and after later
changes: a later approval, a withdrawal, a payment, a budget raised, a lesson entered late
must leave the figure given for the earlier moment as it was."""

from __future__ import annotations

import datetime as dt

from casework.rules.county_policy import Kind
from casework.rules.rates import Pace, Rate, roll_up
from casework.services import county_policy, rehab, visits
from casework.services import rates_as_of as rates
from casework.settings import Settings
from tests.conftest import NOW

D = dt.date
DAY = dt.timedelta(days=1)


def test_children_aided_as_of_a_moment_by_village(world):
    first = world.application(village=0)
    world.advance(first.id, "approved")  # approved at NOW
    waiting = world.application(village=1)  # submitted only: not aided
    world.now = NOW + 10 * DAY
    second = world.application(village=1)
    world.advance(second.id, "approved")
    world.now = NOW + 20 * DAY
    rehab.act(world.a.actor("intake_clerk"), first.id, "withdraw", now=world.now,
              reason="监护人撤回", expected_version=rehab.require(first.id).version)  # fmt: skip
    county = world.a.county.id
    v0, v1 = world.a.villages[0].id, world.a.villages[1].id

    assert rates.aided_as_of(county, 2026, NOW - DAY) == {}
    assert rates.aided_as_of(county, 2026, NOW + DAY) == {v0: {first.child_id}}
    assert rates.aided_as_of(county, 2026, NOW + 11 * DAY) == {
        v0: {first.child_id}, v1: {second.child_id}
    }  # fmt: skip
    assert rates.aided_as_of(county, 2026, NOW + 21 * DAY) == {v1: {second.child_id}}
    assert waiting.child_id not in set().union(
        *rates.aided_as_of(county, 2026, NOW + 21 * DAY).values()
    )
    assert rates.aided_as_of(world.b.county.id, 2026, NOW + 21 * DAY) == {}


def test_the_target_is_read_through_one_function_and_paced_over_the_year(world):
    settings = Settings(aid_target=365)
    target = rates.aid_target(world.a.county.id, D(2026, 3, 2), settings)
    assert target == 365
    assert Pace(target, 0, D(2026, 3, 2)).expected == 61  # 31 + 28 + 2 days


def test_money_paid_as_recorded_by_a_moment(world):
    application = world.application()
    world.advance(application.id, "settled")  # paid on 1 April 2026, 10:00 in China
    paid_at = world.now
    county = world.a.county.id
    paid = rates.paid_as_of(county, 2026, paid_at)
    # one month trained (March) of limb training, billed 3000.00 yuan: capped at the
    # standard of 1700 yuan a month
    assert paid == 170000
    assert rates.paid_as_of(county, 2026, paid_at - dt.timedelta(minutes=1)) == 0
    assert rates.paid_as_of(county, 2025, paid_at) == 0
    assert rates.paid_as_of(world.b.county.id, 2026, paid_at) == 0


def test_the_budget_as_the_policy_stood_at_a_moment(world):
    county, admin = world.a.county.id, world.a.actor("admin")
    county_policy.set_value(admin, county, Kind.AID_BUDGET, "yuan", 1_000_000, D(2026, 3, 2), NOW)
    later = NOW + 30 * DAY  # 1 April: a supplementary budget from that day
    county_policy.set_value(admin, county, Kind.AID_BUDGET, "yuan", 1_200_000, D(2026, 4, 1), later)
    assert rates.budget_as_of(county, NOW - DAY, D(2026, 3, 1)) is None
    assert rates.budget_as_of(county, NOW + DAY, D(2026, 3, 15)) == 1_000_000
    assert rates.budget_as_of(county, NOW + DAY, D(2026, 4, 15)) == 1_000_000  # not yet raised
    assert rates.budget_as_of(county, later, D(2026, 4, 15)) == 1_200_000
    assert rates.budget_as_of(county, later, D(2026, 3, 15)) == 1_000_000
    assert rates.budget_as_of(world.b.county.id, later, D(2026, 4, 15)) is None


def _lesson(world, child, day, hours):
    visits.record_visit(world.a.actor("teacher"), {
        "child_id": child.id, "kind": "home_education", "visited_on": day.isoformat(),
        "class_hours": hours, "subject": "语文", "findings": "认字"}, world.now)  # fmt: skip


def test_home_education_hours_against_forty_a_school_year(world):
    full, short, other_village = world.child(), world.child(), world.child(village=1)
    for child in (full, short, other_village):
        world.enrol_home_education(child, D(2025, 9, 1))
    for day in range(20):  # 20 lessons of 2 hours in the autumn: 40 hours
        _lesson(world, full, D(2025, 10, 1) + day * DAY, 2)
    _lesson(world, short, D(2025, 10, 1), 4)
    recorded = world.now
    world.now = NOW + 5 * DAY
    for day in range(18):  # entered later, dated in February: 36 more hours
        _lesson(world, short, D(2026, 2, 2) + day * DAY, 2)
    county, year = world.a.county.id, D(2025, 9, 1)
    v0, v1 = world.a.villages[0].id, world.a.villages[1].id

    before = rates.home_hours_as_of(county, year, recorded, D(2026, 3, 2))
    assert before == {v0: Rate(1, 2), v1: Rate(0, 1)}
    after = rates.home_hours_as_of(county, year, world.now, D(2026, 3, 7))
    assert after == {v0: Rate(2, 2), v1: Rate(0, 1)}
    townships = roll_up(after, rates.township_of(county))
    assert townships == {world.a.townships[0].id: Rate(2, 3), world.a.townships[1].id: Rate(0, 0)}
