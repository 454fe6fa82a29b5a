"""Visits recorded and the visits due, per user, on the database."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import AuditEntry, Visit
from casework.services import reports, visits
from casework.services.visit_schedule import due_visits
from tests.integration.report_cases import reach

D = dt.date


def register(world, categories, village=0):
    child = world.child(village=village)
    return world.categorise(child, *categories)


def visit(world, actor, child, day, kind="regular", now=None, **more):
    payload = {"visited_on": day.isoformat(), "kind": kind, "child_id": child.id,
               "findings": "生活正常", **more}  # fmt: skip
    return visits.record_visit(actor, payload, now or world.now)


def due_by_child(actor, today, kind=None):
    return {(d.kind, d.child_id): d for d in due_visits(actor, today, kind=kind)}


def test_regular_visits_by_month_and_quarter(world):
    director = world.a.actor("child_director")  # village 0
    monthly = register(world, ["guardianship"])
    quarterly = register(world, ["family"])
    unregistered = world.child(disabilities=())  # counted as nothing: not on the visit list
    elsewhere = register(world, ["guardianship"], village=1)  # another village
    visit(world, director, monthly, D(2026, 3, 2))
    visit(world, director, quarterly, D(2026, 3, 2))
    assert due_by_child(director, D(2026, 3, 31)) == {}
    april = due_by_child(director, D(2026, 4, 1))  # a new month, and a new quarter
    assert set(april) == {("regular", monthly.id), ("regular", quarterly.id)}
    assert (april["regular", monthly.id].status, april["regular", monthly.id].due_on) == (
        "due", D(2026, 4, 30))  # fmt: skip
    assert (april["regular", quarterly.id].status, april["regular", quarterly.id].due_on) == (
        "due", D(2026, 6, 30))  # fmt: skip
    visit(world, director, quarterly, D(2026, 4, 1), now=world.now + dt.timedelta(days=30))
    assert ("regular", quarterly.id) not in due_by_child(director, D(2026, 6, 30))
    visit(world, director, quarterly, D(2026, 3, 2))  # an older visit changes nothing
    assert ("regular", quarterly.id) not in due_by_child(director, D(2026, 6, 30))
    may = due_by_child(director, D(2026, 5, 1))
    assert may["regular", monthly.id].status == "overdue"
    july = due_by_child(director, D(2026, 7, 1))
    assert july["regular", quarterly.id].status == "due"  # the third quarter's visit
    october = due_by_child(director, D(2026, 10, 1))
    assert october["regular", quarterly.id].status == "overdue"  # none in the third quarter
    assert october["regular", quarterly.id].detail == {"period": "quarter"}
    assert ("regular", unregistered.id) not in july and ("regular", elsewhere.id) not in july
    supervisor = world.a.actor("child_supervisor")  # the township: both villages
    assert ("regular", elsewhere.id) in due_by_child(supervisor, D(2026, 5, 1))
    assert due_by_child(world.b.actor("child_supervisor"), D(2026, 5, 1)) == {}


def test_an_open_report_makes_visits_monthly_and_monitoring_fortnightly(world):
    director = world.a.actor("child_director")
    case_id = reach(world, "monitoring")
    case = reports.get_report(director, case_id)
    child = case.child
    assert due_by_child(director, D(2026, 4, 1))["regular", child.id].detail == {
        "period": "month"}  # fmt: skip
    follow_ups = [d for d in due_visits(director, D(2026, 3, 17)) if d.kind == "monitoring"]
    assert [(d.case_id, d.status, d.due_on) for d in follow_ups] == [
        (case_id, "overdue", D(2026, 3, 16))]  # fmt: skip
    follow_up = {"visited_on": "2026-03-02", "kind": "monitoring", "case_id": case_id,
                 "findings": "伤已愈"}  # fmt: skip
    visits.record_visit(director, follow_up, world.now)
    recorded = Visit.get(Visit.case == case_id)
    assert recorded.child_id == child.id  # a follow-up is also a visit to the child
    assert not [d for d in due_visits(director, D(2026, 3, 8)) if d.kind == "monitoring"]
    assert [d.status for d in due_visits(director, D(2026, 3, 10), kind="monitoring")] == ["due"]
    reports.act(world.a.actor("case_worker"), case_id, "close", now=world.now,
                payload={"outcome": "safe_with_family"})  # fmt: skip
    assert due_visits(director, D(2026, 3, 20), kind="monitoring") == []
    with pytest.raises(Conflict):  # no follow-ups of a closed case
        visits.record_visit(director, {"visited_on": "2026-03-02", "kind": "monitoring",
                                       "case_id": case_id, "findings": "x"}, world.now)  # fmt: skip


def test_home_education(world):
    teacher = world.a.actor("teacher")
    child = register(world, ["self"])
    with pytest.raises(Conflict):  # not enrolled
        visit(world, teacher, child, D(2026, 3, 2), "home_education", class_hours=2, subject="语文")
    enrolment = world.enrol_home_education(child, D(2025, 9, 1))
    for day, hours in ((D(2026, 2, 3), 2), (D(2026, 2, 17), 1), (D(2026, 3, 1), 3)):
        visit(world, teacher, child, day, "home_education", class_hours=hours, subject="康复训练")
    standing = due_by_child(teacher, D(2026, 3, 2))["home_education", child.id]
    assert standing.status == "overdue"  # February had one visit of 2 hours or more
    assert standing.detail["visits_this_month"] == 1
    assert standing.detail["hours_this_year"] == 6
    assert standing.detail["last_month_short"] is True
    # the supervisor oversees it; the child director does not teach
    assert ("home_education", child.id) in due_by_child(world.a.actor("child_supervisor"),
                                                        D(2026, 3, 2))  # fmt: skip
    assert ("home_education", child.id) not in due_by_child(world.a.actor("child_director"),
                                                            D(2026, 3, 2))  # fmt: skip
    visits.end_home_education(world.a.actor("teacher"), enrolment.id, D(2026, 3, 1), world.now)
    assert ("home_education", child.id) not in due_by_child(teacher, D(2026, 3, 2))


def test_visits_are_checked_and_audited(world):
    director = world.a.actor("child_director")
    child = register(world, ["family"])
    with pytest.raises(Invalid):
        visit(world, director, child, D(2026, 3, 3))  # tomorrow
    with pytest.raises(Invalid):
        visit(world, director, child, D(2026, 3, 2), class_hours=2)
    with pytest.raises(NotPermitted):
        visit(world, world.a.actor("teacher"), child, D(2026, 3, 2))
    with pytest.raises(NotPermitted):
        visit(world, world.b.actor("child_director"), child, D(2026, 3, 2))
    assert Visit.select().count() == 0
    made = visit(world, director, child, D(2026, 3, 1), next_steps="下月再访")
    row = AuditEntry.get(AuditEntry.entity == "visit", AuditEntry.entity_id == made.id)
    assert (row.actor_id, row.changes["visited_on"]) == (director.id, [None, "2026-03-01"])
    assert [v.id for v in visits.list_visits(director, child_id=child.id)] == [made.id]
