"""A village screening not done by the round's last day: reminded to the village's child
director (or whoever the place tree gives where the village has none), escalated to the
township supervisor, raised once, and resolved when the village is declared done."""

from __future__ import annotations

import datetime as dt

from casework.models import Reminder
from casework.reminders.catalogue import catalogue
from casework.services import screening
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows, world_at

SECOND = dt.timedelta(seconds=1)
RULE = "screening.village_overdue"


def test_an_unfinished_village_is_reminded_escalated_and_resolved(database):
    world = world_at(china("2026-03-02 10:00"))
    assert RULE in {r.name for r in catalogue()}
    worker, director = world.a.actor("case_worker"), world.a.actor("child_director")
    child = world.child()
    round_ = screening.launch(worker, {"title": "春季排查", "starts_on": "2026-03-01",
                                       "ends_on": "2026-03-20"}, world.now)  # fmt: skip
    village = world.a.villages[0]
    screening.record(director, round_.id, {"child_id": child.id, "result": "no_concern"},
                     world.now)  # fmt: skip
    screening.complete(worker, round_.id, world.a.villages[3].id, world.now)  # done in time

    assert scan(china("2026-03-20 23:59:59")).created == 0
    assert scan(china("2026-03-21 00:00")).created == 3
    assert scan(china("2026-03-22 09:00")).created == 0  # once per village
    by_village = {r.entity_id: r for r in rows(RULE)}
    parts = {p.place_id: p.id for p in round_.villages}
    assert set(by_village) == {parts[v.id] for v in world.a.villages[:3]}
    mine = by_village[parts[village.id]]
    assert (mine.entity, mine.instance, mine.county_id) == (
        "screening_village", "2026-03-20", world.a.county.id)  # fmt: skip
    assert mine.due_at == china("2026-03-21 00:00")
    assert mine.assignee_id == world.a.users["child_director"].id
    # a village without a director: its township's supervisor, or the county's case worker
    assert by_village[parts[world.a.villages[1].id]].assignee_id == (
        world.a.users["child_supervisor"].id)  # fmt: skip
    assert by_village[parts[world.a.villages[2].id]].assignee_id == (
        world.a.users["case_worker"].id)  # fmt: skip

    # reached the director on Sat 21 March; 2 working days of grace (Mon 23, Tue 24)
    assert scan(china("2026-03-24 23:59:59")).escalated == 0
    assert scan(china("2026-03-25 00:00")).escalated >= 1
    mine = Reminder.get_by_id(mine.id)
    assert mine.escalated_to_id == world.a.users["child_supervisor"].id

    now = china("2026-03-25 10:00")
    screening.complete(director, round_.id, village.id, now)
    assert scan(now + SECOND).resolved == 1
    assert [r.entity_id for r in rows(RULE, "open")] == [
        parts[v.id] for v in world.a.villages[1:3]]  # fmt: skip
