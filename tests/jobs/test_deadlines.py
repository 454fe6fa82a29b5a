"""Deadlines stored on entering a state: working days on China's calendar (holidays, swapped
working weekends), calendar days where docs/domain.md says days, and the county's overrides."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from casework.errors import Invalid, NotPermitted
from casework.rules.deadlines import Deadline
from casework.services import deadline_policy as policy_service
from casework.services import rehab
from casework.workflows import policy
from casework.workflows.engine import next_due
from casework.workflows.rehab import REHAB
from tests.jobs.helpers import application_in, china, world_at


def test_review_deadline_skips_the_spring_festival_and_counts_the_swapped_saturday(database):
    # Friday 13 Feb 2026; Sat 14 Feb is a working day, 16-20 and 23 Feb are holidays,
    # Sat 28 Feb works: the 15th working day is Thu 12 Mar (Mon-Fri counting says 6 Mar).
    world = world_at(china("2026-02-13 10:00"))
    application = world.application()
    assert application.due_at == china("2026-03-13 00:00")


def test_referral_answer_counts_the_swapped_saturday_after_labour_day(database):
    # Referred Wed 6 May 2026: Thu 7, Fri 8, Sat 9 (swapped working day), Mon 11, Tue 12.
    world = world_at(china("2026-05-06 10:00"))
    application = application_in(world, "referred")
    assert application.due_at == china("2026-05-13 00:00")


def test_rehab_plan_deadline_is_in_calendar_days(database):
    world = world_at(china("2026-02-13 10:00"))
    application = application_in(world, "agreed")
    assert application.due_at == china("2026-03-16 00:00")  # 13 Feb + 30 days = 15 Mar


def test_a_county_override_applies_to_cases_entering_the_state_afterwards(database):
    world = world_at(china("2026-03-02 10:00"))
    before = world.application()
    assert before.due_at == china("2026-03-24 00:00")  # 15 working days: Mon 23 Mar
    policy_service.set_deadline(world.a.actor("admin"), "review", 3, "workdays", world.now)
    after = world.application()
    other_county = world.application(world.b)
    assert after.due_at == china("2026-03-06 00:00")  # Thu 5 Mar
    assert other_county.due_at == before.due_at
    assert rehab.require(before.id).due_at == before.due_at  # running deadlines stay
    # the engine reads the same override when a case enters a state
    rehab.act(world.a.actor("reviewer"), after.id, "start_review", now=world.now)
    assert rehab.require(after.id).due_at == after.due_at  # one review clock
    entries = {e.name: e for e in policy_service.county_policy(world.a.county.id)}
    assert entries["review"].amount == 3 and entries["review"].overridden
    assert not entries["referral_answer"].overridden


def test_setting_the_default_back_removes_the_override(database):
    world = world_at(china("2026-03-02 10:00"))
    admin = world.a.actor("admin")
    policy_service.set_deadline(admin, "agreement", 20, "days", world.now)
    assert policy.deadline_for(world.a.county.id, REHAB.deadlines["accepted"]).amount == 20
    policy_service.set_deadline(admin, "agreement", 10, "workdays", world.now)
    entries = {e.name: e for e in policy_service.county_policy(world.a.county.id)}
    assert not entries["agreement"].overridden


@pytest.mark.parametrize(
    "name, amount, unit, field",
    [("nonsense", 3, "workdays", "name"), ("review", -1, "workdays", "amount"),
     ("review", 3, "weeks", "unit"), ("review", 400, "days", "amount")],
)  # fmt: skip
def test_bad_policy_values_are_refused_and_change_nothing(database, name, amount, unit, field):
    world = world_at(china("2026-03-02 10:00"))
    with pytest.raises(Invalid) as refused:
        policy_service.set_deadline(world.a.actor("admin"), name, amount, unit, world.now)
    assert field in refused.value.fields
    assert not any(e.overridden for e in policy_service.county_policy(world.a.county.id))


def test_only_the_county_admin_changes_the_policy(database):
    world = world_at(china("2026-03-02 10:00"))
    with pytest.raises(NotPermitted):
        policy_service.set_deadline(world.a.actor("reviewer"), "review", 3, "workdays", world.now)


def test_other_processes_see_a_change_after_the_cache_expires(database, monkeypatch):
    world = world_at(china("2026-03-02 10:00"))
    county = world.a.county.id
    review = REHAB.deadlines["submitted"]
    assert policy.deadline_for(county, review) is review  # cached: no override
    from casework.models import DeadlinePolicy

    DeadlinePolicy.create(county=county, name="review", amount=2, unit="days", updated_at=world.now)
    assert policy.deadline_for(county, review) is review  # another process wrote it
    monkeypatch.setattr(policy, "TTL_SECONDS", 0.0)
    policy.invalidate()
    assert policy.deadline_for(county, review) == Deadline("review", 2, "days")


def test_next_due_keeps_a_shared_deadline_running(database):
    due = dt.datetime(2026, 3, 23, 16)
    assert next_due(REHAB, "submitted", "under_review", due, dt.datetime(2026, 3, 20)) == due
    assert next_due(REHAB, "under_review", "approved", due, dt.datetime(2026, 3, 20)) is None


def test_years_outside_the_official_calendar_fall_back_to_monday_to_friday(caplog):
    with caplog.at_level(logging.WARNING, logger="casework.rules.calendar"):
        due = Deadline("review", 5).due_date(dt.date(2031, 3, 6))  # a Thursday
    assert due == dt.date(2031, 3, 13)
    assert "no data for 2031" in caplog.text
