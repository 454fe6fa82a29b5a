"""An urgent mandatory report is accepted or screened out within hours of its filing, weekends
and holidays included (the county's policy, 24 hours by default); an ordinary one in a
working day."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import ReportCase
from casework.reminders.catalogue import catalogue
from casework.rules.deadlines import Deadline, Unit
from casework.services import deadline_policy, reports
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows, world_at

SECOND = dt.timedelta(seconds=1)
SATURDAY_NIGHT = "2026-03-07 21:42"  # a Saturday


def _report(world, urgent: bool):
    payload = {
        "reporter_name": "王老师",
        "child_description": "约八岁男孩",
        "place_id": world.a.villages[0].id,
        "harm_type": "abuse",
        "urgent": urgent,
        "facts": "孩子被锁在屋里，两天没吃饭",
    }
    return reports.file_report(world.a.actor("child_director"), payload, world.now)


def test_an_hours_deadline_runs_from_the_moment_itself():
    filed = china(SATURDAY_NIGHT)
    assert Deadline("x", 24, Unit.HOURS).due_at(filed) == china("2026-03-08 21:42")
    assert Deadline("x", 30, Unit.HOURS).due_date(dt.date(2026, 3, 7)) == dt.date(2026, 3, 9)


def test_an_urgent_report_filed_on_saturday_night_is_due_on_sunday_night(database):
    world = world_at(china(SATURDAY_NIGHT))
    case = _report(world, urgent=True)
    assert case.due_at == china("2026-03-08 21:42")
    # the ordinary report filed at the same moment waits for the end of Monday
    assert _report(world, urgent=False).due_at == china("2026-03-10 00:00")


def test_a_missed_urgent_acceptance_is_reminded_at_once_and_only_as_itself(database):
    world = world_at(china(SATURDAY_NIGHT))
    case = _report(world, urgent=True)
    assert "report.urgent_acceptance" in {r.name for r in catalogue()}
    assert scan(china("2026-03-08 21:41:59")).created == 0
    assert scan(china("2026-03-08 21:42")).created == 1
    [reminder] = rows()
    assert reminder.rule == "report.urgent_acceptance"
    assert reminder.entity_id == case.id and reminder.severity == "urgent"
    now = china("2026-03-08 22:00")
    reports.act(world.a.actor("case_worker"), case.id, "accept", now=now, payload={})
    assert scan(now + SECOND).resolved == 1
    assert ReportCase.get_by_id(case.id).due_at == china("2026-03-10 00:00")  # emergency: 1 day


def test_the_county_sets_its_own_hours(database):
    world = world_at(china(SATURDAY_NIGHT))
    admin = world.a.actor("admin")
    deadline_policy.set_deadline(admin, "urgent_acceptance", 12, "hours", world.now)
    assert _report(world, urgent=True).due_at == china("2026-03-08 09:42")
    assert reports.urgent_hours(admin) == 12
    assert reports.urgent_hours(world.b.actor("admin")) == 24
    entries = {e.name: e for e in deadline_policy.county_policy(world.a.county.id)}
    assert (entries["urgent_acceptance"].amount, entries["urgent_acceptance"].unit) == (12, "hours")


@pytest.mark.parametrize(
    "name, unit", [("urgent_acceptance", "days"), ("urgent_acceptance", "workdays"),
                   ("report_acceptance", "hours")],
)  # fmt: skip
def test_an_hours_deadline_stays_in_hours_and_a_days_one_in_days(database, name, unit):
    world = world_at(china(SATURDAY_NIGHT))
    with pytest.raises(Invalid) as refused:
        deadline_policy.set_deadline(world.a.actor("admin"), name, 2, unit, world.now)
    assert refused.value.code == "invalid_deadline" and "unit" in refused.value.fields
    assert not any(e.overridden for e in deadline_policy.county_policy(world.a.county.id))
