"""A child's file keeps its history: every field change can be recovered, and the file can
be shown as it was on any past day. Search finds files by name, ID number and place."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid, NotFound, NotPermitted
from casework.services import children, registry

DAY = dt.timedelta(days=1)


@pytest.fixture
def changed(world):
    """A file registered on 2 March and changed on 5, 9 and 12 March."""
    keeper = world.a.actor("child_supervisor")
    child = world.child()
    edits = [
        (world.now + 3 * DAY, {"name": "王芳", "disability_types": []}),
        (
            world.now + 7 * DAY,
            {
                "place_id": world.a.villages[1].id,
                "address": "新村1号",
                "guardians": [{"name": "王大", "relation": "父亲", "phone": "139"}],
            },
        ),  # fmt: skip
        (
            world.now + 10 * DAY,
            {
                "disability_types": ["limb", "hearing"],
                "residence_basis": "residence_permit",
                "guardians": [{"name": "李奶奶", "relation": "祖母", "phone": ""}],
            },
        ),  # fmt: skip
    ]
    for when, values in edits:
        children.update_child(keeper, child.id, values, when)
    return child


def test_every_field_change_is_recoverable(world, changed):
    changes = registry.history(world.a.actor("child_supervisor"), changed.id)
    by_version = {}
    for change in changes:
        by_version.setdefault(change.version, {})[change.field] = (change.old, change.new)
    assert by_version[1]["name"] == (None, changed.name)
    assert by_version[2] == {
        "name": (changed.name, "王芳"),
        "disability_types": (["limb"], []),
        "categories": (["self"], []),  # own difficulty follows the disability
    }
    assert by_version[3]["place"] == (world.a.villages[0].id, world.a.villages[1].id)
    assert by_version[3]["guardians"] == (
        [],
        [{"name": "王大", "relation": "父亲", "phone": "*39"}],  # a history shows phones masked
    )
    assert by_version[4]["residence_basis"] == ("permanent_hukou", "residence_permit")
    assert {c.actor_role for c in changes if c.version > 1} == {"child_supervisor"}
    assert [c.at for c in changes if c.version == 4][0] == world.now + 10 * DAY


def test_the_file_as_it_was_on_a_past_day(world, changed):
    supervisor = world.a.actor("child_supervisor")
    on = lambda day: registry.file_as_of(supervisor, changed.id, dt.date(2026, 3, day))  # noqa: E731
    first = on(2)
    assert (first["version"], first["name"], first["categories"]) == (
        1, changed.name, ["self"])  # fmt: skip
    assert first["place"] == world.a.villages[0].id and first["guardians"] == []
    assert on(4) == {**first, "as_of": on(4)["as_of"]}
    fifth = on(5)
    assert (fifth["version"], fifth["name"], fifth["categories"]) == (
        2, "王芳", [])  # fmt: skip
    ninth = on(9)
    assert (ninth["place"], ninth["address"], ninth["guardians"][0]["name"]) == (
        world.a.villages[1].id, "新村1号", "王大")  # fmt: skip
    today = on(20)
    current = registry.current_file(children.get_child(supervisor, changed.id))
    assert {k: v for k, v in today.items() if k != "as_of"} == current
    assert today["version"] == 4 and today["residence_basis"] == "residence_permit"
    with pytest.raises(NotFound):
        on(1)


def test_history_is_scoped(world, changed):
    with pytest.raises(NotPermitted):
        registry.history(world.b.actor("child_supervisor"), changed.id)
    with pytest.raises(NotPermitted):
        registry.file_as_of(world.b.actor("case_worker"), changed.id, dt.date(2026, 3, 5))


def test_search_by_name_id_number_and_place(world):
    county_worker = world.a.actor("case_worker")
    made = [world.child(village=v) for v in (0, 0, 1, 2)]
    for child, name in zip(made, ["张伟", "张伟华", "李娜", "张%_*"], strict=True):
        children.update_child(county_worker, child.id, {"name": name}, world.now)
    names = lambda page: [row.name for row in page.items]  # noqa: E731
    assert names(registry.search(county_worker, name="张伟")) == ["张伟", "张伟华"]
    assert names(registry.search(county_worker, name="张%")) == ["张%_*"]  # no wildcards
    assert names(registry.search(county_worker, name="张", place_id=world.a.villages[0].id)) == [
        "张伟", "张伟华"]  # fmt: skip
    assert names(registry.search(county_worker, place_id=world.a.townships[1].id)) == ["张%_*"]
    found = registry.search(county_worker, id_number=made[2].id_number.lower())
    assert [row.id for row in found.items] == [made[2].id]
    assert found.items[0].birth_date == made[2].birth_date
    assert found.items[0].disability_types == ["limb"]
    assert len(registry.search(county_worker, id_number=made[0].id_number[:10]).items) == 4
    page = registry.search(county_worker, per_page=3)
    assert page.has_more and len(page.items) == 3
    assert not registry.search(county_worker, per_page=3, page=2).has_more
    # a village's child director sees their village only; the other county sees nothing
    director = world.a.actor("child_director")
    assert names(registry.search(director, name="张")) == ["张伟", "张伟华"]
    assert registry.search(world.b.actor("case_worker"), name="张").items == []
    with pytest.raises(Invalid):
        registry.search(county_worker, place_id=10_000)
