"""Migration 0023 turns each county's urgent_acceptance override into its first urgent_hours
version, effective from the day it was set, kept by the urgent reports filed since; rolled
back, the latest version is the override again (none at the default) and the versions go."""

from __future__ import annotations

import datetime as dt

from casework.db import db, migrations
from casework.models import DeadlinePolicy, PolicyVersion, ReportCase
from casework.services import reports

MIGRATION = "0023_urgent_hours_and_cadence_versions"


def _report(world, now: dt.datetime, urgent: bool = True) -> int:
    payload = {
        "reporter_name": "王老师",
        "child_description": "约八岁男孩",
        "urgent": urgent,
        "place_id": world.a.villages[0].id,
        "harm_type": "abuse",
        "facts": "无人照看",
    }
    return reports.file_report(world.a.actor("child_director"), payload, now).id


def _overrides() -> list[tuple]:
    rows = db.execute_sql(
        "SELECT county_id, name, amount, unit FROM deadline_policy ORDER BY county_id, name"
    ).fetchall()
    return [tuple(r) for r in rows]


def test_the_override_becomes_the_first_version_and_back(world):
    now = world.now  # Monday 2 March 2026, 10:00 in China
    before = _report(world, now - dt.timedelta(hours=3))
    after = _report(world, now + dt.timedelta(hours=1))
    ordinary = _report(world, now + dt.timedelta(hours=2), urgent=False)
    runner = migrations()
    try:
        runner.down(MIGRATION)
        assert "urgent_policy_id" not in {c.name for c in db.get_columns("report_case")}
        assert "cadence_policy_id" not in {c.name for c in db.get_columns("reminder")}
        p = db.param
        # county a set 12 hours this morning (Monday 10:00 China), county b the default's 24
        for county, amount in ((world.a.county.id, 12), (world.b.county.id, 24)):
            db.execute_sql(
                "INSERT INTO deadline_policy (county_id, name, amount, unit, updated_at)"
                f" VALUES ({p}, 'urgent_acceptance', {p}, 'hours', {p})",
                (county, amount, now),
            )
        db.execute_sql(
            "INSERT INTO deadline_policy (county_id, name, amount, unit, updated_at)"
            f" VALUES ({p}, 'review', 5, 'workdays', {p})", (world.a.county.id, now),
        )  # fmt: skip
        assert runner.up()[0] == MIGRATION  # then any later ones the down() rolled back
        versions = {v.county_id: v for v in PolicyVersion.select().where(
            PolicyVersion.kind == "urgent_hours")}  # fmt: skip
        first = versions[world.a.county.id]
        assert (first.key, first.value, first.effective_from) == ("hours", 12, dt.date(2026, 3, 2))
        assert versions[world.b.county.id].value == 24
        kept = {r.id: r.urgent_policy_id for r in ReportCase.select()}
        assert kept == {before: None, after: first.id, ordinary: None}
        assert _overrides() == [(world.a.county.id, "review", 5, "workdays")]
        # a later version is the override on the way back; county b's default is none
        later = dict(key="hours", value=6, effective_from=dt.date(2026, 3, 9), created_at=now)
        PolicyVersion.create(county=world.a.county.id, kind="urgent_hours", **later)
        runner.down(MIGRATION)
        assert _overrides() == [(world.a.county.id, "review", 5, "workdays"),
                                (world.a.county.id, "urgent_acceptance", 6, "hours")]  # fmt: skip
        left = db.execute_sql(
            "SELECT COUNT(*) FROM policy_version WHERE kind = 'urgent_hours'"
        ).fetchone()[0]
        assert left == 0
    finally:
        runner.up()
    assert DeadlinePolicy.select().where(DeadlinePolicy.name == "urgent_acceptance").count() == 0
    assert PolicyVersion.get(kind="urgent_hours", county=world.a.county.id).value == 6
