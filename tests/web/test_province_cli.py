"""The operator's command line makes a province, puts counties in it (and out), and creates a
province's officer; each change is audited, and bad input changes nothing."""

from __future__ import annotations

import pytest

from casework.models import AuditEntry, Place, Province, User


@pytest.fixture
def cli(app, database):
    runner = app.test_cli_runner()
    return lambda *args, **kw: runner.invoke(args=[str(a) for a in args], **kw)


def test_a_province_its_counties_and_its_officer(cli, world):
    made = cli("create-province", "330000", "--name", "浙江省")
    assert made.exit_code == 0, made.output
    province = Province.get(Province.code == "330000")
    assert province.name == "浙江省"
    placed = cli("province-counties", "330000", world.a.county.code, world.b.county.code)
    assert placed.exit_code == 0 and "counties changed: 2" in placed.output, placed.output
    assert Place.get_by_id(world.a.county.id).province_id == province.id
    again = cli("province-counties", "330000", world.a.county.code)
    assert "counties changed: 0" in again.output
    officer = cli("create-user", "zj-officer", "--name", "省厅", "--role", "province_officer",
                  "--province", "330000", "--password", "long-enough-1")  # fmt: skip
    assert officer.exit_code == 0, officer.output
    user = User.get(User.username == "zj-officer")
    assert (user.province_id, user.place_id, user.institution_id) == (province.id, None, None)
    assert cli("create-province", "320000", "--name", "江苏省").exit_code == 0
    for province_code in ("999999", "320000"):  # no province; not the county's province
        refused = cli("province-counties", province_code, world.b.county.code, "--remove")
        assert refused.exit_code == 1 and Place.get_by_id(world.b.county.id).province_id
    assert "of another province: " + world.b.county.code in refused.output
    out = cli("province-counties", "330000", world.b.county.code, "--remove")
    assert "counties changed: 1" in out.output
    assert Place.get_by_id(world.b.county.id).province_id is None
    audited = [(r.entity, r.action, r.changes) for r in AuditEntry.select().where(
        AuditEntry.entity.in_(["province", "place"]), AuditEntry.action != "create")]  # fmt: skip
    assert audited == [
        ("place", "set_province", {"province_id": [None, province.id]}),
        ("place", "set_province", {"province_id": [None, province.id]}),
        ("place", "set_province", {"province_id": [province.id, None]}),
    ]
    assert AuditEntry.get(entity="province", entity_id=province.id).action == "create"
    assert AuditEntry.get(entity="user", entity_id=user.id).changes["province_id"] == [
        None, province.id]  # fmt: skip


def test_bad_input_changes_nothing(cli, world):
    assert cli("create-province", "330000", "--name", "浙江省").exit_code == 0
    taken = cli("create-province", "330000", "--name", "又一个")
    assert taken.exit_code == 1 and "exists" in taken.output
    township = world.a.townships[0].code
    wrong = cli("province-counties", "330000", world.a.county.code, township, "999999")
    assert wrong.exit_code == 1 and township in wrong.output and "999999" in wrong.output
    assert not Place.select().where(Place.province.is_null(False)).exists()
    unknown = cli("province-counties", "110000", world.a.county.code)
    assert unknown.exit_code == 1
    nobody = cli("create-user", "zj-officer", "--name", "省厅", "--role", "province_officer",
                 "--password", "long-enough-1")  # fmt: skip
    assert nobody.exit_code == 1 and "province" in nobody.output
    placed = cli("create-user", "zj-officer", "--name", "省厅", "--role", "province_officer",
                 "--province", "330000", "--place", world.a.county.code,
                 "--password", "long-enough-1")  # fmt: skip
    assert placed.exit_code == 1
    assert not User.select().where(User.username == "zj-officer").exists()
    assert Province.select().count() == 1
