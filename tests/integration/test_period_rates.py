"""The three rates of a period, against hand-counted fixtures, as of a past moment before and
after later changes: regular visits made on time against those due, cases handled within
their time limits (the deadline kept on the audit row), and children registered against
those a village screening found needing a file (建档率)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict
from casework.models import AuditEntry, Child
from casework.reminders.calendar_math import end_of_day
from casework.rules.county_policy import Kind
from casework.rules.rates import Handled, Rate, roll_up, visit_periods
from casework.services import county_policy, family, rehab, screening, visits
from casework.services import rates_as_of as rates
from tests.conftest import NOW
from tests.integration.report_cases import reach

D = dt.date
DAY, HOUR = dt.timedelta(days=1), dt.timedelta(hours=1)


def test_the_periods_owing_a_regular_visit():
    # a file opened in December owes one in January, February, March (monthly) ...
    assert visit_periods(D(2025, 12, 10), D(2026, 1, 1), D(2026, 3, 31), 1) == [
        (D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 3, 31)),
    ]  # fmt: skip
    # ... and in the first quarter; one opened in the quarter owes nothing in it
    assert visit_periods(D(2025, 12, 10), D(2026, 1, 1), D(2026, 3, 31), 3) == [
        (D(2026, 1, 1), D(2026, 3, 31))
    ]
    assert visit_periods(D(2026, 1, 5), D(2026, 1, 1), D(2026, 3, 31), 3) == []
    # a period not over by the last day is not owed yet
    assert visit_periods(D(2025, 12, 10), D(2026, 1, 1), D(2026, 3, 15), 1)[-1][1] == D(2026, 2, 28)


def _visit(world, child, day: D):
    visits.record_visit(world.a.actor("case_worker"), {
        "child_id": child.id, "kind": "regular", "visited_on": day.isoformat(),
        "findings": "生活正常"}, world.now)  # fmt: skip


def _child(world, categories, village=0):
    """A child without a disability (which would count as its own difficulty), in
    `categories` as the case worker sets them."""
    return world.categorise(world.child(village=village, disabilities=()), *categories)


def test_regular_visits_on_time_against_due_as_of_a_moment(world):
    world.now = dt.datetime(2025, 12, 10, 2)
    monthly = _child(world, ["guardianship"])  # village 0, monthly
    quarterly = _child(world, ["family"], village=1)  # village 1, quarterly
    not_visited = _child(world, [])  # no difficulty category: the register does not visit
    world.now = dt.datetime(2026, 1, 15, 2)
    _visit(world, monthly, D(2026, 1, 15))
    world.now = dt.datetime(2026, 2, 10, 2)
    newer = _child(world, ["guardianship"])  # opened in February: owes from March
    world.now = dt.datetime(2026, 2, 20, 2)
    _visit(world, quarterly, D(2026, 2, 20))
    world.now = NOW + DAY  # 3 March
    _visit(world, monthly, D(2026, 3, 3))
    county = world.a.county.id
    v0, v1 = world.a.villages[0].id, world.a.villages[1].id
    end_of_february, end_of_march = end_of_day(D(2026, 2, 28)), end_of_day(D(2026, 3, 31))
    q1 = (D(2026, 1, 1), D(2026, 3, 31))
    # February: the monthly child visited in January, not in February; nothing else owed
    assert rates.visits_as_of(county, D(2026, 1, 1), D(2026, 2, 28), end_of_february) == {
        v0: Rate(1, 2)
    }
    # the quarter: monthly 2 of 3, the child opened in February 0 of 1 (March); quarterly 1 of 1
    assert rates.visits_as_of(county, *q1, end_of_march) == {v0: Rate(2, 4), v1: Rate(1, 1)}

    # later: a February visit entered on 10 March, and the monthly child made quarterly
    world.now = NOW + 8 * DAY
    _visit(world, monthly, D(2026, 2, 25))
    world.now = dt.datetime(2026, 4, 5, 2)
    world.categorise(monthly, "family")
    monthly = Child.get_by_id(monthly.id)
    family.review_claim(world.a.actor("child_supervisor"), monthly.id, "guardianship", False,
                        "复核后不属于", world.now, monthly.version)  # fmt: skip
    assert rates.visits_as_of(county, D(2026, 1, 1), D(2026, 2, 28), end_of_february) == {
        v0: Rate(1, 2)
    }  # as it was: the late visit was recorded after the moment
    assert rates.visits_as_of(county, *q1, end_of_march) == {v0: Rate(3, 4), v1: Rate(1, 1)}
    # counted in April: the child was monthly at the quarter's end, as the file then stood
    assert rates.visits_as_of(county, *q1, world.now) == {v0: Rate(3, 4), v1: Rate(1, 1)}
    # the second quarter's April is owed by the child opened in February only
    april = (D(2026, 4, 1), D(2026, 4, 30))
    assert rates.visits_as_of(county, *april, end_of_day(D(2026, 4, 30))) == {v0: Rate(0, 1)}
    townships = roll_up({v0: Rate(3, 4), v1: Rate(1, 1)}, rates.township_of(county))
    assert townships[world.a.townships[0].id] == Rate(4, 5)
    assert not_visited.id and newer.id
    assert rates.visits_as_of(world.b.county.id, *q1, end_of_march) == {}


def test_the_cadence_is_the_countys_as_entered_by_the_moment(world):
    world.now = dt.datetime(2025, 12, 10, 2)
    _child(world, ["family"])  # quarterly by default
    county, admin = world.a.county.id, world.a.actor("admin")
    world.now = dt.datetime(2026, 1, 20, 2)
    county_policy.set_value(admin, county, Kind.VISIT_CADENCE, "regular.family", 1,
                            D(2026, 2, 1), world.now)  # fmt: skip
    v0 = world.a.villages[0].id
    # monthly from February: February and March owed, none made; January was a month of the
    # quarterly cadence, and the quarter ends under the monthly one: nothing owed for it
    assert rates.visits_as_of(county, D(2026, 1, 1), D(2026, 3, 31), NOW + 40 * DAY) == {
        v0: Rate(0, 2)
    }
    # the cadence entered before the version: the quarter owed its one visit
    set_later = NOW + 40 * DAY
    county_policy.set_value(admin, county, Kind.VISIT_CADENCE, "regular.family", 3,
                            D(2026, 4, 20), set_later)  # fmt: skip
    second_quarter = (D(2026, 4, 1), D(2026, 6, 30))
    assert rates.visits_as_of(county, *second_quarter, end_of_day(D(2026, 6, 30))) == {
        v0: Rate(0, 1)
    }  # quarterly again at the quarter's end
    assert rates.visits_as_of(county, *second_quarter, set_later - HOUR) == {}  # months not over


def test_cases_handled_within_their_time_limits(world):
    county = world.a.county.id
    v0, v1 = world.a.villages[0].id, world.a.villages[1].id
    in_time = world.application(village=0)
    late = world.application(village=0)
    world.application(village=1)  # left waiting: open past its deadline
    due = rehab.require(in_time.id).due_at
    created = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.entity_id == in_time.id)
    assert created.due_at == due  # the deadline the case had on entering its first state
    world.advance(in_time.id, "approved")  # start_review keeps the clock, approve stops it
    approved = AuditEntry.select().where(AuditEntry.entity == "rehab",
        AuditEntry.entity_id == in_time.id).order_by(AuditEntry.id.desc()).first()  # fmt: skip
    assert (approved.to_state, approved.due_at) == ("approved", None)
    world.now = due + HOUR
    world.advance(late.id, "approved")
    march = (D(2026, 3, 1), D(2026, 3, 31))

    assert rates.handled_as_of(county, *march, NOW - HOUR) == {}
    before_late = rates.handled_as_of(county, *march, due + dt.timedelta(minutes=1))
    assert before_late == {v0: Handled(on_time=1, overdue=1), v1: Handled(overdue=1)}
    after = rates.handled_as_of(county, *march, world.now)
    assert after == {v0: Handled(on_time=1, late=1), v1: Handled(overdue=1)}
    assert after[v0].rate == Rate(1, 2)
    # February: nothing moved in it; the cases open past their deadline as of the moment
    assert rates.handled_as_of(county, D(2026, 2, 1), D(2026, 2, 28), world.now) == {
        v1: Handled(overdue=1)
    }
    assert rates.handled_as_of(world.b.county.id, *march, world.now) == {}


def test_a_move_after_a_row_without_a_deadline_is_left_out(world):
    application = world.application(village=0)
    reviewer = world.a.actor("reviewer")
    rehab.act(reviewer, application.id, "start_review", now=world.now)
    # a row as those written before the deadline was kept on them read: none recorded
    AuditEntry.create(entity="rehab", entity_id=application.id, action="start_review",
                      from_state="under_review", to_state="under_review", version=2, actor=None,
                      actor_role="system", at=world.now, changes={})  # fmt: skip
    rehab.act(reviewer, application.id, "approve", now=world.now + HOUR)
    found = rates.handled_as_of(world.a.county.id, D(2026, 3, 1), D(2026, 3, 31), NOW + DAY)
    assert found == {world.a.villages[0].id: Handled(unrecorded=1)}
    assert found[world.a.villages[0].id].rate == Rate(0, 0)


def test_children_registered_against_those_screened_needing_a_file(world):
    worker, director = world.a.actor("case_worker"), world.a.actor("child_director")
    round_ = screening.launch(worker, {"title": "春季排查", "starts_on": "2026-03-01",
                                       "ends_on": "2026-03-31"}, world.now)  # fmt: skip
    v0, v1 = world.a.villages[0], world.a.villages[1]

    def screen(**body):
        return screening.record(worker, round_.id, body, world.now)

    first = screen(household="张家", place_id=v0.id, result="new_file")
    second = screen(household="李家", place_id=v0.id, result="new_file")
    screen(household="王家", place_id=v0.id, result="no_concern")
    on_file = world.child(village=1)
    screen(child_id=on_file.id, result="new_file")  # recorded against the file opened for it
    recorded = world.now
    county, march = world.a.county.id, (D(2026, 3, 1), D(2026, 3, 31))
    assert rates.registered_as_of(county, *march, recorded) == {
        v0.id: Rate(0, 2), v1.id: Rate(1, 1)
    }

    world.now = NOW + 3 * DAY
    opened = world.child(village=0)
    linked = screening.link_file(director, round_.id, first.id, {"child_id": opened.id}, world.now)
    assert (linked.filed_child_id, linked.filed_at) == (opened.id, world.now)
    with pytest.raises(Conflict) as again:
        screening.link_file(director, round_.id, first.id, {"child_id": opened.id}, world.now)
    assert again.value.code == "file_already_linked"
    assert rates.registered_as_of(county, *march, recorded) == {
        v0.id: Rate(0, 2), v1.id: Rate(1, 1)
    }  # as it was
    assert rates.registered_as_of(county, *march, world.now) == {
        v0.id: Rate(1, 2), v1.id: Rate(1, 1)
    }
    assert rates.registered_as_of(county, D(2026, 4, 1), D(2026, 4, 30), world.now) == {}
    assert second.filed_child_id is None


def test_monitoring_follow_ups_by_the_countys_fourteen_days(world):
    case_id = reach(world, "monitoring")  # monitoring from 2 March: due by 16 March
    worker = world.a.actor("case_worker")

    def follow_up(day: D):
        visits.record_visit(worker, {"case_id": case_id, "kind": "monitoring",
                                     "visited_on": day.isoformat(), "findings": "情况稳定"},
                            world.now)  # fmt: skip

    world.now = dt.datetime(2026, 3, 10, 2)
    follow_up(D(2026, 3, 10))  # on time; the next due by 24 March, missed
    county, v0 = world.a.county.id, world.a.villages[0].id
    march = (D(2026, 3, 1), D(2026, 3, 31))
    assert rates.follow_ups_as_of(county, *march, end_of_day(D(2026, 3, 20))) == {v0: Rate(1, 1)}
    assert rates.follow_ups_as_of(county, *march, end_of_day(D(2026, 3, 31))) == {v0: Rate(1, 2)}
    # the visits rate holds them beside the regular visits (the child's file, opened in
    # March, owes no regular visit yet)
    assert rates.visits_as_of(county, *march, end_of_day(D(2026, 3, 31))) == {v0: Rate(1, 2)}

    world.now = dt.datetime(2026, 4, 2, 2)
    follow_up(D(2026, 3, 22))  # entered late: in time for 24 March, recorded after March
    assert rates.follow_ups_as_of(county, *march, end_of_day(D(2026, 3, 31))) == {v0: Rate(1, 2)}
    assert rates.follow_ups_as_of(county, *march, world.now) == {v0: Rate(2, 2)}
    # April: due by 5 April (14 days from 22 March), not passed on 2 April
    assert rates.follow_ups_as_of(county, D(2026, 4, 1), D(2026, 4, 30), world.now) == {}


def test_a_child_visited_for_a_difficulty_tag_was_owed_visits_before_the_tags_migrated(world):
    """Migration 0024 made the difficulty tags clerk-set categories, writing an audit row
    `migrate_difficulty_tags`. For a period before it, the tag counted as the category does
    now: undoing that row would drop the tagged child from the visits owed."""
    world.now = dt.datetime(2025, 12, 10, 2)
    tagged = world.child(disabilities=())  # its tag was the only difficulty it had
    world.now = dt.datetime(2026, 1, 15, 2)
    _visit(world, tagged, D(2026, 1, 15))  # January visited, February not
    migrated_at = dt.datetime(2026, 4, 1, 1)  # after the quarter, as the migration ran
    Child.update(categories=["guardianship"]).where(Child.id == tagged.id).execute()
    AuditEntry.create(
        entity="child", entity_id=tagged.id, action="migrate_difficulty_tags",
        version=tagged.version, actor_role="system", at=migrated_at, reason="由原困境类别标签迁移",
        changes={"difficulty_categories": [["guardianship"], None],
                 "categories": [[], ["guardianship"]]},
    )  # fmt: skip
    county, v0 = world.a.county.id, world.a.villages[0].id
    end_of_february = end_of_day(D(2026, 2, 28))
    assert rates.visits_as_of(county, D(2026, 1, 1), D(2026, 2, 28), end_of_february) == {
        v0: Rate(1, 2)
    }
    # a clerk's change after the migration is still undone for the time before it
    world.now = dt.datetime(2026, 4, 5, 2)
    worker = world.a.actor("case_worker")
    child = Child.get_by_id(tagged.id)
    family.claim_category(worker, child.id, "family", "入户核实", world.now, child.version)
    assert rates.visits_as_of(county, D(2026, 1, 1), D(2026, 2, 28), end_of_february) == {
        v0: Rate(1, 2)
    }
