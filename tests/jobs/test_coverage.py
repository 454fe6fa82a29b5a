"""Coverage gaps: each village without an active child director and each township without an
active child supervisor is listed, reminded to the county admin (reachable: the admin is who
appoints), resolved once someone holds the role, and raised anew when the place empties again.

The test world's county has two townships (a supervisor in the first) and four villages (a
director in the first): three villages and one township are uncovered."""

from __future__ import annotations

from casework.models import User
from casework.queries import coverage
from casework.reminders.coverage import TOWNSHIP_WITHOUT_SUPERVISOR, VILLAGE_WITHOUT_DIRECTOR
from casework.services import accounts
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows, world_at

NOW = china("2026-05-06 09:00")
LATER = china("2026-05-07 09:00")
RULES = (VILLAGE_WITHOUT_DIRECTOR, TOWNSHIP_WITHOUT_SUPERVISOR)


def test_gaps_listed_per_county(database):
    world = world_at(NOW)
    gaps = coverage.gaps(world.a.county.id)
    assert [(g.name, g.missing) for g in gaps] == [
        (world.a.townships[1].name, "child_supervisor"),
        (world.a.villages[1].name, "child_director"),
        (world.a.villages[2].name, "child_director"),
        (world.a.villages[3].name, "child_director"),
    ]
    assert gaps[1].township == world.a.townships[0].name
    assert coverage.places_counted(world.a.county.id) == {"village": 4, "township": 2}


def test_reminded_to_the_admin_until_filled_and_again_when_emptied(database):
    world = world_at(NOW)
    scan(NOW, rules=RULES)
    village_rows = [
        r for r in rows(VILLAGE_WITHOUT_DIRECTOR.name) if r.county_id == world.a.county.id
    ]
    assert sorted(r.entity_id for r in village_rows) == sorted(v.id for v in world.a.villages[1:])
    admin = world.a.users["admin"]
    assert {r.assignee_id for r in village_rows} == {admin.id}
    assert not any(r.unreachable for r in village_rows)
    township_rows = [
        r for r in rows(TOWNSHIP_WITHOUT_SUPERVISOR.name) if r.county_id == world.a.county.id
    ]
    assert [r.entity_id for r in township_rows] == [world.a.townships[1].id]

    appointed = accounts.create_user(
        None, username="new-director", name="新主任", role="child_director",
        password="password-1", place_id=world.a.villages[1].id, now=NOW,
    )  # fmt: skip
    scan(LATER, rules=RULES)
    resolved = rows(VILLAGE_WITHOUT_DIRECTOR.name, state="resolved")
    assert [r.entity_id for r in resolved] == [world.a.villages[1].id]
    assert len(coverage.gaps(world.a.county.id)) == 3

    User.update(active=False).where(User.id == appointed.id).execute()
    scan(LATER, rules=RULES)
    reopened = [r for r in rows(VILLAGE_WITHOUT_DIRECTOR.name, state="open")
                if r.entity_id == world.a.villages[1].id]  # fmt: skip
    assert [r.instance for r in reopened] == [str(appointed.id)]
