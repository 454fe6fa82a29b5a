"""An urgent mandatory report is accepted or screened out within hours of its filing, weekends
and holidays included (the county's policy by effective date, 24 hours by default; each report
keeps the version that set its deadline); an ordinary one in a working day."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import AuditEntry, PolicyVersion, ReportCase
from casework.reminders.catalogue import catalogue
from casework.rules.deadlines import Deadline, Unit
from casework.services import county_policy, deadline_policy, reports
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


def _set_hours(world, hours: int, day: dt.date, county=None):
    admin = (county or world.a).actor("admin")
    return county_policy.set_value(admin, None, "urgent_hours", "hours", hours, day, world.now)


def test_the_county_sets_its_hours_by_effective_date_and_each_report_keeps_its_own(database):
    world = world_at(china(SATURDAY_NIGHT))
    saturday, sunday = dt.date(2026, 3, 7), dt.date(2026, 3, 8)
    first = _report(world, urgent=True)
    assert first.due_at == china("2026-03-08 21:42")  # 24 calendar hours: Sunday night
    assert ReportCase.get_by_id(first.id).urgent_policy_id is None  # the default set it
    before = (PolicyVersion.select().count(), AuditEntry.select().count())
    with pytest.raises(Invalid) as refused:  # from today: the report filed today would change
        _set_hours(world, 12, saturday)
    assert refused.value.code == "policy_changes_decisions"
    assert refused.value.params == {"day": "2026-03-07", "count": 1}
    assert (PolicyVersion.select().count(), AuditEntry.select().count()) == before
    version = _set_hours(world, 12, sunday)
    assert (version.value, version.effective_from) == (12, sunday)
    [entry] = AuditEntry.select().where(AuditEntry.action == "set_policy")
    assert entry.changes["value"] == [24, 12] and entry.changes["kind"] == [None, "urgent_hours"]
    assert reports.urgent_hours(world.a.actor("admin"), saturday) == 24
    assert reports.urgent_hours(world.a.actor("admin"), sunday) == 12
    assert reports.urgent_hours(world.b.actor("admin"), sunday) == 24  # its own county's
    # still Saturday: a report filed now is due in 24 hours, as the first
    second = _report(world, urgent=True)
    assert second.due_at == china("2026-03-08 21:42")
    world.now = china("2026-03-08 10:00")  # Sunday morning: the new version
    third = _report(world, urgent=True)
    assert third.due_at == china("2026-03-08 22:00")
    assert ReportCase.get_by_id(third.id).urgent_policy_id == version.id
    assert _report(world, urgent=False).urgent_policy_id is None  # not urgent: no hours
    # the reports filed before keep the deadline their version set
    kept = {r.id: (r.due_at, r.urgent_policy_id) for r in ReportCase.select()}
    assert kept[first.id] == kept[second.id] == (china("2026-03-08 21:42"), None)
    # a later version does not reach the reports already filed either
    world.now = china("2026-03-08 12:00")
    later = _set_hours(world, 6, dt.date(2026, 3, 9))
    assert ReportCase.get_by_id(third.id).due_at == china("2026-03-08 22:00")
    assert ReportCase.get_by_id(third.id).urgent_policy_id == version.id
    world.now = china("2026-03-09 08:00")
    assert _report(world, urgent=True).due_at == china("2026-03-09 14:00")
    assert ReportCase.select().order_by(ReportCase.id.desc()).get().urgent_policy_id == later.id


def test_the_hours_are_no_longer_a_deadline_override(database):
    world = world_at(china(SATURDAY_NIGHT))
    with pytest.raises(Invalid) as refused:
        deadline_policy.set_deadline(world.a.actor("admin"), "urgent_acceptance", 12, "hours",
                                     world.now)  # fmt: skip
    assert refused.value.code == "invalid_deadline" and "name" in refused.value.fields
    names = {e.name for e in deadline_policy.county_policy(world.a.county.id)}
    assert "urgent_acceptance" not in names and "report_acceptance" in names


@pytest.mark.parametrize("hours", [0, 367, -1, "12", True, None])
def test_the_hours_are_a_whole_number_from_1_to_366(database, hours):
    world = world_at(china(SATURDAY_NIGHT))
    before = PolicyVersion.select().count()
    with pytest.raises(Invalid) as refused:
        _set_hours(world, hours, dt.date(2026, 3, 8))
    assert refused.value.code == "invalid_policy" and "value" in refused.value.fields
    assert PolicyVersion.select().count() == before


@pytest.mark.parametrize(
    "name, unit", [("emergency_response", "hours"), ("report_acceptance", "hours")],
)  # fmt: skip
def test_an_hours_deadline_stays_in_hours_and_a_days_one_in_days(database, name, unit):
    world = world_at(china(SATURDAY_NIGHT))
    with pytest.raises(Invalid) as refused:
        deadline_policy.set_deadline(world.a.actor("admin"), name, 2, unit, world.now)
    assert refused.value.code == "invalid_deadline" and "unit" in refused.value.fields
    assert not any(e.overridden for e in deadline_policy.county_policy(world.a.county.id))
