"""Home education as its pages read it: the enrolments of one's area and where each stands,
one enrolment with its lessons, and the teachers a child may be enrolled with."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid, NotFound, NotPermitted
from casework.models import HomeEducation
from casework.services import accounts, home_education, visits

D = dt.date
SCHOOL_YEAR = D(2025, 9, 1)


def enrol(world, child, started_on=SCHOOL_YEAR):
    return world.enrol_home_education(child, started_on)


def lesson(world, child, day, hours):
    visits.record_visit(world.a.actor("teacher"), {
        "child_id": child.id, "kind": "home_education", "visited_on": day.isoformat(),
        "class_hours": hours, "subject": "语文", "findings": "认字"}, world.now)  # fmt: skip


def test_enrolments_of_the_area_with_where_each_stands(world):
    today = world.now.date()  # 2 March 2026
    behind, on_track = world.child(), world.child()
    enrol(world, behind)
    enrol(world, on_track, started_on=D(2026, 3, 1))  # not taught through February
    for day, hours in ((D(2026, 2, 3), 2), (D(2026, 3, 1), 3)):
        lesson(world, behind, day, hours)
    rows = home_education.list_enrolments(world.a.actor("child_director"), today)
    assert [r.child.id for r in rows] == [behind.id, on_track.id]  # behind first
    first = rows[0]
    assert (first.standing.status, first.standing.visits_this_month) == ("overdue", 1)
    assert first.standing.hours_this_year == 5 and first.teacher == "teacher"
    assert first.village == world.a.villages[0].name
    for row in rows:  # read alone, an enrolment's standing is the one listed
        record = home_education.get_enrolment(world.a.actor("child_director"), row.enrolment.id,
                                              today)  # fmt: skip
        assert record.standing == row.standing
    assert rows[0].standing != rows[1].standing
    assert home_education.list_enrolments(world.a.actor("case_worker"), today, current=False) == []
    assert home_education.list_enrolments(world.b.actor("case_worker"), today) == []


def test_one_enrolment_with_its_lessons_and_its_end(world):
    child = world.child()
    enrolment = enrol(world, child)
    lesson(world, child, D(2026, 2, 3), 2)
    lesson(world, child, D(2026, 3, 2), 3)
    record = home_education.get_enrolment(world.a.actor("teacher"), enrolment.id, world.now.date())
    assert [v.class_hours for v in record.lessons] == [3, 2] and record.hours_in_total == 5
    assert record.teacher.id == world.a.users["teacher"].id
    visits.end_home_education(world.a.actor("child_supervisor"), enrolment.id, D(2026, 2, 28),
                              world.now)  # fmt: skip
    record = home_education.get_enrolment(world.a.actor("leader"), enrolment.id, world.now.date())
    assert record.hours_in_total == 2 and record.standing is None  # after the end: not counted
    ended = home_education.list_enrolments(world.a.actor("leader"), world.now.date(),
                                           current=False)  # fmt: skip
    assert [r.enrolment.id for r in ended] == [enrolment.id]
    assert home_education.current_enrolment(world.a.actor("case_worker"), child.id,
                                            world.now.date()) is None  # fmt: skip


def test_an_enrolment_ending_today_runs_today_everywhere(world):
    """The end date is the last day taught: the listing, the standing, the child's file and
    the lessons agree on it, today and tomorrow."""
    today, tomorrow = world.now.date(), world.now.date() + dt.timedelta(days=1)
    child = world.child()
    enrolment = enrol(world, child)
    visits.end_home_education(world.a.actor("child_supervisor"), enrolment.id, today, world.now)
    lesson(world, child, today, 2)  # its last day: a lesson may still be recorded
    leader, case_worker = world.a.actor("leader"), world.a.actor("case_worker")
    listed = home_education.list_enrolments(leader, today)
    assert [r.enrolment.id for r in listed] == [enrolment.id]
    assert listed[0].standing is not None and listed[0].standing.visits_this_month == 1
    assert home_education.list_enrolments(leader, today, current=False) == []
    record = home_education.get_enrolment(leader, enrolment.id, today)
    assert record.standing == listed[0].standing and record.hours_in_total == 2
    assert home_education.current_enrolment(case_worker, child.id, today).id == enrolment.id
    # the day after its end it has ended, in every place alike
    assert home_education.list_enrolments(leader, tomorrow) == []
    ended = home_education.list_enrolments(leader, tomorrow, current=False)
    assert [(r.enrolment.id, r.standing) for r in ended] == [(enrolment.id, None)]
    assert home_education.get_enrolment(leader, enrolment.id, tomorrow).standing is None
    assert home_education.current_enrolment(case_worker, child.id, tomorrow) is None


def test_who_may_see_an_enrolment(world):
    enrolment = enrol(world, world.child())
    today = world.now.date()
    for refused in (world.b.actor("case_worker"), world.a.actor("reviewer"),
                    world.a.actor("institution_staff")):  # fmt: skip
        with pytest.raises(NotPermitted):
            home_education.get_enrolment(refused, enrolment.id, today)
    with pytest.raises(NotFound):
        home_education.get_enrolment(world.a.actor("case_worker"), 9999, today)
    with pytest.raises(NotPermitted):
        home_education.list_enrolments(world.a.actor("intake_clerk"), today)


def test_teachers_of_the_townships_in_the_area(world):
    teacher = world.a.users["teacher"]
    assert [u.id for u, _ in home_education.teachers_for(world.a.actor("case_worker"))] == [
        teacher.id]  # fmt: skip
    assert [u.id for u, _ in home_education.teachers_for(world.a.actor("child_supervisor"))] == [
        teacher.id]  # fmt: skip
    theirs = home_education.teachers_for(world.b.actor("case_worker"))
    assert [u.id for u, _ in theirs] == [world.b.users["teacher"].id]
    with pytest.raises(NotPermitted):
        home_education.teachers_for(world.a.actor("child_director"))


def test_a_start_or_end_in_the_future_is_refused_for_every_caller(world):
    child = world.child()
    today = world.now.date()
    with pytest.raises(Invalid) as refused:
        enrol(world, child, started_on=today + dt.timedelta(days=1))
    assert "started_on" in refused.value.fields
    enrolment = enrol(world, child)
    supervisor = world.a.actor("child_supervisor")
    with pytest.raises(Invalid) as refused:
        visits.end_home_education(supervisor, enrolment.id, today + dt.timedelta(days=1), world.now)
    assert "ended_on" in refused.value.fields
    assert HomeEducation.get_by_id(enrolment.id).ended_on is None


def test_a_teacher_ends_only_the_home_education_they_give(world):
    child = world.child()
    enrolment = enrol(world, child)
    colleague = accounts.create_user(
        None, username="330127-teacher-2", name="另一位老师", role="teacher",
        password="password-1", place_id=world.a.users["teacher"].place_id, now=world.now,
    )  # fmt: skip
    with pytest.raises(NotPermitted):
        visits.end_home_education(accounts.actor_for(colleague), enrolment.id, D(2026, 3, 1),
                                  world.now)  # fmt: skip
    assert HomeEducation.get_by_id(enrolment.id).ended_on is None
    visits.end_home_education(world.a.actor("teacher"), enrolment.id, D(2026, 3, 1), world.now)
    assert HomeEducation.get_by_id(enrolment.id).ended_on == D(2026, 3, 1)
