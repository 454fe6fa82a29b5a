"""A village declared screened does not stay done when a child arrives there during the round:
a file opened there (by hand, without an ID number, or imported), a file moved there, a child
taken over from another county: the village is not done until that child is screened and the
village declared done again; the progress and the overdue reminder follow. After the round's
last day, an arrival waits for the next round."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict
from casework.models import AuditEntry, ScreeningVillage
from casework.rules.identity import compose_resident_id
from casework.services import children, register, registry_import, screening
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows, world_at

RULE = "screening.village_overdue"
ROUND = {"title": "春季排查", "starts_on": "2026-03-01", "ends_on": "2026-03-20"}


def declared(world):
    """A round with the first village screened and declared done."""
    worker, director = world.a.actor("case_worker"), world.a.actor("child_director")
    child = world.child()
    round_ = screening.launch(worker, ROUND, world.now)
    screening.record(director, round_.id, {"child_id": child.id, "result": "no_concern"},
                     world.now)  # fmt: skip
    screening.complete(director, round_.id, world.a.villages[0].id, world.now)
    return round_, director


def part(round_, village) -> ScreeningVillage:
    return ScreeningVillage.get(screening=round_.id, place=village.id)


def village_row(world, round_, village, today):
    shown = screening.progress(world.a.actor("case_worker"), round_.id, today)
    return next(v for v in shown.villages if v.village_id == village.id)


def test_a_child_registered_after_done_reopens_the_village_until_screened(database):
    world = world_at(china("2026-03-02 10:00"))
    round_, director = declared(world)
    village = world.a.villages[0]
    later = china("2026-03-05 10:00")
    newcomer = children.register_child(world.a.actor("intake_clerk"), {
        "id_number": compose_resident_id("330127", dt.date(2019, 4, 1), 901),
        "name": "新来的", "place_id": village.id}, later)  # fmt: skip
    assert part(round_, village).completed_at is None
    row = village_row(world, round_, village, later.date())
    assert (row.children, row.screened, row.completed_at) == (2, 1, None)
    reopened = AuditEntry.get(entity="screening", action="reopen_village")
    assert reopened.changes == {"completed": [village.id, None], "child": [None, newcomer.id]}
    with pytest.raises(Conflict) as refused:  # not done until the newcomer is screened
        screening.complete(director, round_.id, village.id, later)
    assert refused.value.code == "children_not_screened"
    screening.record(director, round_.id, {"child_id": newcomer.id, "result": "follow_up"},
                     later)  # fmt: skip
    screening.complete(director, round_.id, village.id, later)
    row = village_row(world, round_, village, later.date())
    assert (row.children, row.screened, row.completed_at is not None) == (2, 2, True)


def test_a_reopened_village_is_reminded_when_the_round_ends(database):
    world = world_at(china("2026-03-02 10:00"))
    round_, _ = declared(world)
    for other in world.a.villages[1:]:
        screening.complete(world.a.actor("case_worker"), round_.id, other.id, world.now)
    assert scan(china("2026-03-21 00:00")).created == 0  # every village done
    world2_child = children.register_without_id(world.a.actor("intake_clerk"), {
        "name": "无名女婴", "sex": "F", "birth_date": dt.date(2026, 1, 2),
        "description": "村口发现", "place_id": world.a.villages[0].id,
    }, china("2026-03-20 18:00"))  # fmt: skip
    assert part(round_, world.a.villages[0]).completed_at is None
    assert world2_child.id_pending
    assert scan(china("2026-03-21 00:10")).created == 1
    assert [r.entity_id for r in rows(RULE, "open")] == [part(round_, world.a.villages[0]).id]


def test_a_move_an_import_and_a_take_over_reopen_the_village_they_arrive_in(database):
    world = world_at(china("2026-03-02 10:00"))
    round_, director = declared(world)
    worker = world.a.actor("case_worker")
    village, other = world.a.villages[0], world.a.villages[1]
    mover = world.child(village=1)  # screened nowhere yet; moved into the first village
    screening.record(worker, round_.id, {"child_id": mover.id, "result": "no_concern"}, world.now)
    screening.complete(worker, round_.id, other.id, world.now)
    later = china("2026-03-06 10:00")
    mover = world.child(village=0)  # reopens the first village: screened and done again
    screening.record(worker, round_.id, {"child_id": mover.id, "result": "no_concern"}, world.now)
    screening.complete(worker, round_.id, village.id, world.now)
    mover = world.child(village=2)  # not screened yet: moved into the first village
    children.update_child(worker, mover.id, {"place_id": village.id}, later)
    assert part(round_, village).completed_at is None
    assert part(round_, other).completed_at is not None  # another village stays done
    # a child screened in the round already does not reopen the village it moves to
    screening.record(worker, round_.id, {"child_id": mover.id, "result": "no_concern"}, later)
    screening.complete(worker, round_.id, village.id, later)
    children.update_child(worker, mover.id, {"place_id": other.id}, later)
    assert part(round_, other).completed_at is not None

    sheet = ("身份证号,姓名,村编码\n"
             f"{compose_resident_id('330127', dt.date(2018, 5, 5), 902)},导入的,{other.code}\n")
    report = registry_import.import_registry(worker, "new.csv", sheet.encode(), later)
    assert report.written == 1
    assert part(round_, other).completed_at is None

    # county b's child moved to county a and taken over into the first village
    far = world.child(county=world.b)
    b_director = world.b.actor("child_director")
    moved = register.act(b_director, far.id, "leave_moved_out", now=later,
                         payload={"left_on": dt.date(2026, 3, 6), "moved_to": "淳安县",
                                  "to_county_id": world.a.county.id})  # fmt: skip
    assert moved.to_state == "off_register"
    register.act(worker, far.id, "take_over", now=later, reason="迁入本县",
                 payload={"place_id": village.id})
    assert part(round_, village).completed_at is None


def test_after_the_last_day_an_arrival_waits_for_the_next_round(database):
    world = world_at(china("2026-03-02 10:00"))
    round_, _ = declared(world)
    village = world.a.villages[0]
    children.register_child(world.a.actor("intake_clerk"), {
        "id_number": compose_resident_id("330127", dt.date(2019, 4, 1), 903),
        "name": "晚来的", "place_id": village.id}, china("2026-03-21 09:00"))  # fmt: skip
    assert part(round_, village).completed_at is not None
    row = village_row(world, round_, village, dt.date(2026, 3, 21))
    assert (row.children, row.screened) == (2, 1)  # counted as not screened, for next round


def _opened(world, village, number: int, at):
    """The file a clerk opens for a child of a family the round found needing one."""
    return children.register_child(world.a.actor("intake_clerk"), {
        "id_number": compose_resident_id("330127", dt.date(2019, 6, 1), number),
        "name": f"新建档{number}", "place_id": village.id}, at)  # fmt: skip


def test_the_file_opened_for_a_family_found_is_screened_and_the_village_done_again(database):
    """The normal flow: a family found needing a file, the village declared done, the file
    opened (which reopens the village), the file linked to the family's entry: the child
    counts as screened and the village is done again as it was declared."""
    world = world_at(china("2026-03-02 10:00"))
    worker, director = world.a.actor("case_worker"), world.a.actor("child_director")
    village = world.a.villages[0]
    child = world.child()
    round_ = screening.launch(worker, ROUND, world.now)
    screening.record(director, round_.id, {"child_id": child.id, "result": "no_concern"},
                     world.now)  # fmt: skip
    found = screening.record(director, round_.id, {"household": "张家，2组", "place_id": village.id,
                                                   "result": "new_file"}, world.now)  # fmt: skip
    declared_at = china("2026-03-02 11:00")
    screening.complete(director, round_.id, village.id, declared_at)
    later = china("2026-03-05 10:00")
    opened = _opened(world, village, 911, later)
    assert part(round_, village).completed_at is None  # the file opened reopened it
    row = village_row(world, round_, village, later.date())
    assert (row.children, row.screened, row.completed_at) == (2, 1, None)

    linked = screening.link_file(worker, round_.id, found.id, {"child_id": opened.id},
                                 china("2026-03-06 09:00"))  # fmt: skip
    assert linked.filed_child_id == opened.id
    done = part(round_, village)
    assert (done.completed_at, done.completed_by_id) == (declared_at, director.id)
    restored = AuditEntry.get(entity="screening", action="restore_village")
    assert restored.changes == {"completed": [None, village.id], "child": [opened.id, None]}
    row = village_row(world, round_, village, later.date())
    assert (row.children, row.screened, row.completed_at) == (2, 2, declared_at)
    listed = dict(screening.village_list(director, round_.id, village.id).children)
    assert listed[opened].id == found.id  # shown as screened, with the family's entry
    with pytest.raises(Conflict) as again:  # not screened a second time
        screening.record(director, round_.id, {"child_id": opened.id, "result": "no_concern"},
                         later)  # fmt: skip
    assert again.value.code == "village_screening_done"

    # the linked child moving within the county does not reopen the village it goes to
    other = world.a.villages[1]
    screening.complete(worker, round_.id, other.id, later)
    children.update_child(worker, opened.id, {"place_id": other.id}, later)
    assert part(round_, other).completed_at is not None


def test_the_village_stays_open_while_another_arrival_is_not_screened(database):
    world = world_at(china("2026-03-02 10:00"))
    worker, director = world.a.actor("case_worker"), world.a.actor("child_director")
    village = world.a.villages[0]
    round_ = screening.launch(worker, ROUND, world.now)
    found = screening.record(director, round_.id, {"household": "李家", "place_id": village.id,
                                                   "result": "new_file"}, world.now)  # fmt: skip
    screening.complete(director, round_.id, village.id, world.now)
    later = china("2026-03-05 10:00")
    opened = _opened(world, village, 912, later)  # reopens the village
    stranger = _opened(world, village, 913, later)  # arrives while it is open
    screening.link_file(director, round_.id, found.id, {"child_id": opened.id}, later)
    assert part(round_, village).completed_at is None  # the other arrival is not screened
    assert not AuditEntry.select().where(AuditEntry.action == "restore_village").exists()
    with pytest.raises(Conflict) as twice:  # the file linked is screened already
        screening.record(director, round_.id, {"child_id": opened.id, "result": "no_concern"},
                         later)  # fmt: skip
    assert twice.value.code == "already_screened"
    with pytest.raises(Conflict) as refused:
        screening.complete(director, round_.id, village.id, later)
    assert refused.value.params == {"count": 1}
    screening.record(director, round_.id, {"child_id": stranger.id, "result": "no_concern"},
                     later)  # fmt: skip
    assert screening.complete(director, round_.id, village.id, later).completed_at == later
