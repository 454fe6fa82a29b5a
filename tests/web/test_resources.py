"""Places, institutions, users and children's files over HTTP."""

from __future__ import annotations

from casework.models import AuditEntry, Child, Institution
from tests.web.conftest import API, auth, problem


def test_places_are_the_callers_county_tree(client, world):
    tree = client.get(f"{API}/places", headers=auth(world.a, "reviewer")).get_json()
    assert [p["level"] for p in tree] == ["county"] + ["township", "village", "village"] * 2
    assert {p["path"].split("/")[1] for p in tree} == {str(world.a.county.id)}
    staff = client.get(f"{API}/places", headers=auth(world.b, "institution_staff")).get_json()
    assert staff[0]["id"] == world.b.county.id


def test_admin_adds_townships_and_villages(client, world):
    headers = auth(world.a, "admin")
    body = {"name": "新镇", "code": "330127900", "parent_id": world.a.county.id}
    township = client.post(f"{API}/places", json=body, headers=headers)
    assert township.status_code == 201 and township.json["level"] == "township"
    body = {
        "name": "新村",
        "code": "330127900001",
        "parent_id": township.json["id"],
        "latitude": 29.7,
        "longitude": 119.1,
    }
    village = client.post(f"{API}/places", json=body, headers=headers).get_json()
    assert village["path"] == f"{township.json['path']}{village['id']}/"
    below = {"name": "组", "code": "x1", "parent_id": village["id"]}
    assert problem(client.post(f"{API}/places", json=below, headers=headers), 422)["errors"] == {
        "parent_id": ["is a village"]
    }
    problem(client.post(f"{API}/places", json={**body, "name": "重复"}, headers=headers), 409)
    other = {"name": "越界", "code": "522622900", "parent_id": world.b.county.id}
    problem(client.post(f"{API}/places", json=other, headers=headers), 403)
    reviewer = {"name": "镇", "code": "330127901", "parent_id": world.a.county.id}
    problem(client.post(f"{API}/places", json=reviewer, headers=auth(world.a, "reviewer")), 403)


def test_institutions_show_items_capacity_and_load(client, world):
    application = world.application()
    world.advance(application.id, "agreed")
    listed = client.get(f"{API}/institutions", headers=auth(world.a, "intake_clerk")).get_json()
    assert [i["id"] for i in listed] == [i.id for i in world.a.institutions]
    first, _, outside = listed
    assert first["in_care"] == 1 and first["capacity"] == 50
    assert "training_limb" in first["aid_items"] and "cochlear_implant" not in first["aid_items"]
    assert outside["out_of_county"] is True and outside["in_care"] == 0
    one = client.get(f"{API}/institutions/{outside['id']}", headers=auth(world.a, "reviewer"))
    assert one.json == outside
    problem(
        client.get(
            f"{API}/institutions/{world.b.institutions[0].id}", headers=auth(world.a, "reviewer")
        ),
        403,
    )
    problem(client.get(f"{API}/institutions/9999", headers=auth(world.a, "reviewer")), 404)


def test_admin_designates_and_changes_institutions(client, world):
    headers = auth(world.a, "admin")
    body = {"name": "县特殊教育学校康复部", "aid_items": ["training_autism"], "capacity": 12}
    created = client.post(f"{API}/institutions", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.json["county_id"] == world.a.county.id and created.json["in_care"] == 0
    url = f"{API}/institutions/{created.json['id']}"
    changed = client.patch(url, json={"capacity": 20, "active": False}, headers=headers).json
    assert (changed["capacity"], changed["active"], changed["name"]) == (20, False, body["name"])
    audit = (
        AuditEntry.select()
        .where(AuditEntry.entity == "institution", AuditEntry.entity_id == changed["id"])
        .order_by(AuditEntry.id)
    )
    assert audit[-1].changes == {"capacity": [12, 20], "active": [True, False]}
    errors = problem(
        client.patch(url, json={"capacity": -1, "aid_items": ["magic"]}, headers=headers), 422
    )["errors"]
    assert set(errors) == {"capacity", "aid_items.0"}
    # the pages' rules, from the same schema: more than 10,000 children is a typing slip
    errors = problem(client.patch(url, json={"capacity": 10_001}, headers=headers), 422)["errors"]
    assert errors == {"capacity": ["a whole number from 0 to 10000"]}
    created = client.post(f"{API}/institutions", json={**body, "capacity": 10_001},
                          headers=headers)  # fmt: skip
    assert problem(created, 422)["errors"] == {"capacity": ["a whole number from 0 to 10000"]}
    assert client.patch(url, json={"capacity": 10_000}, headers=headers).json["capacity"] == 10_000
    client.patch(url, json={"capacity": 20}, headers=headers)
    problem(client.patch(url, json={"capacity": 1}, headers=auth(world.b, "admin")), 403)
    problem(client.patch(url, json={"capacity": 1}, headers=auth(world.a, "reviewer")), 403)
    problem(client.post(f"{API}/institutions", json=body, headers=auth(world.a, "reviewer")), 403)
    assert Institution.get_by_id(changed["id"]).capacity == 20


def test_admin_lists_and_creates_users_of_the_county(client, world):
    headers = auth(world.a, "admin")
    listed = client.get(f"{API}/users", headers=headers).get_json()
    assert sorted(u["id"] for u in listed) == sorted(u.id for u in world.a.users.values())
    assert all("password" not in u and "password_hash" not in u for u in listed)
    body = {
        "username": "330127-reviewer-2",
        "name": "李审核",
        "role": "reviewer",
        "password": "long-enough-1",
        "place_id": world.a.county.id,
    }
    created = client.post(f"{API}/users", json=body, headers=headers)
    assert created.status_code == 201 and created.json["role"] == "reviewer"
    problem(client.post(f"{API}/users", json=body, headers=headers), 409)
    wrong_level = {**body, "username": "x-director", "role": "child_director"}
    assert (
        "place_id"
        in problem(client.post(f"{API}/users", json=wrong_level, headers=headers), 422)["errors"]
    )
    system = {**body, "username": "x-system", "role": "system"}
    assert (
        "role" in problem(client.post(f"{API}/users", json=system, headers=headers), 422)["errors"]
    )
    other = {**body, "username": "x-b", "place_id": world.b.county.id}
    problem(client.post(f"{API}/users", json=other, headers=headers), 403)
    institution = world.a.institutions[0].id
    both = {**body, "username": "x-both", "institution_id": institution}
    assert (
        "institution_id"
        in problem(client.post(f"{API}/users", json=both, headers=headers), 422)["errors"]
    )
    staff = {**both, "username": "x-staff", "role": "institution_staff"}
    assert (
        "place_id"
        in problem(client.post(f"{API}/users", json=staff, headers=headers), 422)["errors"]
    )
    problem(client.get(f"{API}/users", headers=auth(world.a, "reviewer")), 403)


def test_everyone_reads_themselves(client, world):
    for role, user in world.a.users.items():
        me = client.get(f"{API}/users/me", headers=auth(world.a, role)).get_json()
        assert (me["id"], me["username"]) == (user.id, user.username)


def test_register_read_and_update_a_child(client, world):
    headers = auth(world.a, "intake_clerk")
    body = {
        "id_number": "33012720190315002X",
        "name": "陈小雨",
        "place_id": world.a.villages[1].id,
        "residence_basis": "residence_permit",
        "disability_types": ["hearing"],
        "guardians": [{"name": "陈刚", "relation": "父亲", "phone": "13800000000"}],
    }
    created = client.post(f"{API}/children", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    child = created.get_json()
    assert (child["birth_date"], child["sex"], child["version"]) == ("2019-03-15", "F", 1)
    assert child["id_number"] == "33012720190315002X" and child["place"]["level"] == "village"
    assert client.get(created.headers["Location"], headers=headers).json == child
    url = f"{API}/children/{child['id']}"
    # the retired difficulty tags: refused with their code, nothing written
    tags = {"difficulty_categories": ["self"], "expected_version": 1}
    retired = problem(client.patch(url, json=tags, headers=headers), 422)
    assert retired["code"] == "difficulty_tags_retired"
    assert retired["error_codes"]["difficulty_categories"][0]["code"] == "difficulty_tags_retired"
    change = {"disability_types": ["limb"], "guardians": [], "expected_version": 1}
    updated = client.patch(url, json=change, headers=headers).get_json()
    assert (updated["version"], updated["guardians"], updated["categories"]) == (
        2,
        [],
        ["self"],  # own difficulty follows the disability
    )
    assert "difficulty_categories" not in updated
    stale = client.patch(url, json={"name": "陈雨", "expected_version": 1}, headers=headers)
    problem(stale, 409)
    bad = client.patch(
        url, json={"place_id": world.a.townships[0].id, "expected_version": 2}, headers=headers
    )
    assert problem(bad, 422)["errors"] == {"place_id": ["must be a village"]}
    problem(
        client.patch(
            url, json={"name": "x", "expected_version": 2}, headers=auth(world.a, "finance_officer")
        ),
        403,
    )
    problem(client.get(f"{API}/children/9999", headers=headers), 404)
    assert Child.get_by_id(child["id"]).version == 2


def test_control_characters_pasted_into_text_are_dropped(client, world):
    """A name pasted from Word or Excel may carry characters no spreadsheet (XML) can hold:
    the API stores the text without them; newlines in multi-line text stay."""
    headers = auth(world.a, "intake_clerk")
    body = {
        "id_number": "33012720190315002X",
        "name": "陈\x0b小雨\x1f",
        "place_id": world.a.villages[1].id,
        "residence_basis": "residence_permit",
        "disability_types": ["hearing"],
        "guardians": [{"name": "陈\x08刚", "relation": "父亲", "phone": "13800000000"}],
    }
    created = client.post(f"{API}/children", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    child = Child.get_by_id(created.get_json()["id"])
    assert child.name == "陈小雨" and created.get_json()["guardians"][0]["name"] == "陈刚"
    query = client.get(f"{API}/children?name=%0B小雨", headers=headers)  # query strings too
    assert [c["id"] for c in query.get_json()["items"]] == [child.id]
