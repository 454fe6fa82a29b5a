"""The family, categories, register and no-ID endpoints: what they answer, bad input as a
422 naming the field with nothing written, and scope: every role of the other county is
refused on every endpoint, changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import AuditEntry, Child, ParentFact
from tests.web.conftest import API, auth, problem

ROLES = ["intake_clerk", "reviewer", "settlement_auditor", "finance_officer", "case_worker",
         "leader", "admin", "child_supervisor", "teacher", "child_director",
         "institution_staff"]  # fmt: skip
FAMILY = {
    "parents": [
        {"role": "father", "name": "王大", "phone": "13800000001", "situation": "working_away",
         "since": "2024-02-01", "away_place": "浙江省杭州市"},
        {"role": "mother", "name": "李二", "phone": "13800000002", "situation": "deceased",
         "since": "2022-08-01"},
    ],
    "carer_name": "王奶奶", "carer_relation": "祖母", "carer_phone": "13800000003",
    "subsistence": "dibao",
}  # fmt: skip


def footprint(child_id: int) -> tuple:
    child = Child.get_by_id(child_id)
    rows = AuditEntry.select().where(AuditEntry.entity == "child", AuditEntry.entity_id == child_id)
    parents = ParentFact.select().where(ParentFact.child == child_id).count()
    return (
        child.version,
        child.state,
        child.categories,
        child.category_claims,
        rows.count(),
        parents,
    )


def test_record_the_family_and_read_why(client, world):
    child = world.child()
    headers = auth(world.a, "child_director")
    body = {**FAMILY, "expected_version": child.version}
    answer = client.put(f"{API}/families/{child.id}", json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    found = answer.get_json()
    assert found["categories"] == ["left_behind", "family", "self"]
    assert [(d["category"], d["because"]) for d in found["derived"]] == [
        ("left_behind", "one_away_other_unable"),
        ("family", "subsistence"),
        ("self", "disabled"),
    ]
    assert found["parents"][0]["phone"] == "13800000001"  # the director sees it whole (logged)
    listed = client.get(f"{API}/children?category=left_behind", headers=headers).get_json()
    assert [c["id"] for c in listed["items"]] == [child.id]
    leader = client.get(f"{API}/families/{child.id}", headers=auth(world.a, "leader")).get_json()
    assert leader["parents"][0]["phone"] != "13800000001"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"carer_parent": "mother"}, "carer_parent"),
        ({"parents": [{"role": "father", "situation": "working_away"}]}, "parents.0.away_place"),
        ({"parents": [{"role": "father", "situation": "missing", "since": "2030-01-01"}]},
         "parents.0.since"),
        ({"parents": [{"role": "uncle", "situation": "present"}]}, "parents"),
        ({"subsistence": "rich"}, "subsistence"),
    ],
)  # fmt: skip
def test_bad_facts_are_a_422_naming_the_field(client, world, change, field):
    child = world.child()
    before = footprint(child.id)
    body = {**FAMILY, **change, "expected_version": child.version}
    found = problem(
        client.put(
            f"{API}/families/{child.id}", json=body, headers=auth(world.a, "child_director")
        ),
        422,
    )
    assert any(key.startswith(field) or field in key for key in found["errors"]), found
    assert footprint(child.id) == before


def test_a_category_claimed_flagged_and_confirmed(client, world):
    child = world.child(disabilities=())
    body = {
        "category": "temporary",
        "reason": "县定：父亲重病住院",
        "expected_version": child.version,
    }
    claimed = client.post(f"{API}/families/{child.id}/categories", json=body,
                          headers=auth(world.a, "child_director")).get_json()  # fmt: skip
    assert claimed["flagged"] == ["temporary"]
    flagged = client.get(f"{API}/families/flagged", headers=auth(world.a, "child_supervisor"))
    assert [c["child_id"] for c in flagged.get_json()] == [child.id]
    review = {"confirm": True, "reason": "核实", "expected_version": claimed["version"]}
    confirmed = client.post(f"{API}/families/{child.id}/categories/temporary/review",
                            json=review, headers=auth(world.a, "child_supervisor"))  # fmt: skip
    assert confirmed.get_json()["flagged"] == []
    problem(client.post(f"{API}/families/{child.id}/categories", json={**body, "reason": ""},
                        headers=auth(world.a, "child_director")), 422)  # fmt: skip


def test_the_register_through_the_api(client, world):
    child = world.child()
    headers = auth(world.a, "child_director")
    body = {"expected_version": child.version,
            "payload": {"left_on": "2026-02-20", "moved_to": "贵州省某县",
                        "to_county_id": world.b.county.id}}  # fmt: skip
    answer = client.post(f"{API}/register/{child.id}/actions/leave_moved_out", json=body,
                         headers=headers)  # fmt: skip
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["to_state"] == "off_register"
    entry = client.get(f"{API}/register/{child.id}", headers=headers).get_json()
    assert (entry["state"], entry["left_reason"], entry["left_on"]) == (
        "off_register", "moved_out", "2026-02-20")  # fmt: skip
    # leaving twice: a 422 naming the day it left, nothing written
    before = footprint(child.id)
    body["expected_version"] = entry["version"]
    twice = problem(client.post(f"{API}/register/{child.id}/actions/leave_died", json=body,
                                headers=headers), 422)  # fmt: skip
    assert twice["code"] == "already_off_register" and "left_on" in twice["errors"]
    assert footprint(child.id) == before
    counts = client.get(f"{API}/register/counts", headers=auth(world.a, "case_worker")).get_json()
    assert counts["off_by_reason"]["moved_out"] == 1
    listed = client.get(f"{API}/children?state=off_register&left_reason=moved_out",
                        headers=headers).get_json()  # fmt: skip
    assert [c["id"] for c in listed["items"]] == [child.id]
    # county b's case worker sees the file waiting, and takes it over
    b = auth(world.b, "case_worker")
    waiting = client.get(f"{API}/register/awaiting-take-over", headers=b).get_json()
    assert [w["child_id"] for w in waiting] == [child.id]
    body = {"expected_version": entry["version"], "payload": {"place_id": world.b.villages[0].id}}
    taken = client.post(f"{API}/register/{child.id}/actions/take_over", json=body, headers=b)
    assert taken.status_code == 200, taken.get_json()
    assert client.get(f"{API}/children/{child.id}", headers=b).status_code == 200
    problem(client.get(f"{API}/children/{child.id}", headers=headers), 403)


def test_a_child_without_an_id_number_through_the_api(client, world):
    headers = auth(world.a, "intake_clerk")
    body = {"name": "无名女童", "sex": "F", "birth_date": "2020-05-01",
            "place_id": world.a.villages[0].id, "description": "约6岁，车站发现"}  # fmt: skip
    made = client.post(f"{API}/children/without-id", json=body, headers=headers)
    assert made.status_code == 201, made.get_json()
    child = made.get_json()
    assert child["id_pending"] is True
    problem(client.post(f"{API}/children/without-id", json={**body, "description": ""},
                        headers=headers), 422)  # fmt: skip
    pending = client.get(f"{API}/children?id_pending=true", headers=headers).get_json()
    assert [c["id"] for c in pending["items"]] == [child["id"]]


def test_every_role_of_the_other_county_is_refused(client, world):
    child = world.child(world.b)
    version = child.version
    before = footprint(child.id)
    for role in ROLES:
        headers = auth(world.a, role)
        problem(client.get(f"{API}/families/{child.id}", headers=headers), 403)
        body = {**FAMILY, "expected_version": version}
        problem(client.put(f"{API}/families/{child.id}", json=body, headers=headers), 403)
        claim = {"category": "temporary", "reason": "x", "expected_version": version}
        problem(client.post(f"{API}/families/{child.id}/categories", json=claim,
                            headers=headers), 403)  # fmt: skip
        review = {"confirm": False, "expected_version": version}
        problem(client.post(f"{API}/families/{child.id}/categories/temporary/review",
                            json=review, headers=headers), 403)  # fmt: skip
        problem(client.get(f"{API}/register/{child.id}", headers=headers), 403)
        for action, payload in (("leave_died", {"left_on": "2026-02-20"}), ("back_on", {})):
            body = {"expected_version": version, "payload": payload, "reason": "x"}
            problem(client.post(f"{API}/register/{child.id}/actions/{action}", json=body,
                                headers=headers), 403)  # fmt: skip
        body = {"id_number": child.id_number, "expected_version": version}
        problem(client.post(f"{API}/children/{child.id}/id-number", json=body, headers=headers),
                403)  # fmt: skip
        problem(client.get(f"{API}/families/{child.id}/contact-card", headers=headers), 403)
        contact = {"role": "father", "contacted_on": "2026-03-01"}
        problem(client.post(f"{API}/families/{child.id}/contacts", json=contact,
                            headers=headers), 403)  # fmt: skip
        flagged = client.get(f"{API}/families/flagged", headers=headers)
        assert child.id not in [c["child_id"] for c in (flagged.get_json() or [])], role
        counts = client.get(f"{API}/register/counts", headers=headers).get_json()
        assert sum(counts["by_state"].values()) == 0 or role == "institution_staff", role
    assert footprint(child.id) == before


def test_without_a_token_every_endpoint_is_401(client, world):
    child = world.child()
    for path in (f"/families/{child.id}", "/families/flagged", f"/register/{child.id}",
                 f"/families/{child.id}/contact-card",
                 "/register/counts", "/register/awaiting-take-over"):  # fmt: skip
        problem(client.get(f"{API}{path}"), 401)
    assert dt  # dates are strings in these bodies


def test_the_contact_card_of_a_left_behind_child(client, world):
    child = world.child()
    headers = auth(world.a, "child_director")
    body = {**FAMILY, "expected_version": child.version}
    client.put(f"{API}/families/{child.id}", json=body, headers=headers)
    called = {"role": "father", "contacted_on": "2026-03-01", "how": "视频"}
    made = client.post(f"{API}/families/{child.id}/contacts", headers=headers, json=called)
    assert made.status_code == 201, made.get_json()
    problem(client.post(f"{API}/families/{child.id}/contacts", headers=headers,
                        json={"role": "father", "contacted_on": "2026-03-09"}), 422)  # fmt: skip
    card = client.get(f"{API}/families/{child.id}/contact-card", headers=headers).get_json()
    father = card["parents"][0]
    assert (father["phone"], father["last_contact"], father["contacts_90_days"]) == (
        "13800000001", "2026-03-01", 1)  # fmt: skip
    assert card["carer"]["name"] == "王奶奶" and card["days_without_contact"] == 60
    masked = client.get(f"{API}/families/{child.id}/contact-card", headers=auth(world.a, "leader"))
    assert masked.get_json()["parents"][0]["phone"] != "13800000001"


def test_a_county_category_over_the_api(client, world):
    """The admin defines a category of the county's own; a child director sets it on a file
    with a reason; the list filters by it; a code the county never set is a 422."""
    admin, director = auth(world.a, "admin"), auth(world.a, "child_director")
    defined = client.put(f"{API}/policy/child-categories/migrant", headers=admin,
                         json={"value": 1, "effective_from": "2026-03-02", "label": "流动儿童"})
    assert defined.status_code == 200, defined.get_data(as_text=True)
    table = client.get(f"{API}/policy/child-categories", headers=admin).get_json()
    assert [(r["key"], r["value"], r["label"]) for r in table["values"]] == [
        ("migrant", 1, "流动儿童")]  # fmt: skip
    unnamed = problem(client.put(f"{API}/policy/child-categories/returned",
                                 headers=admin, json={"value": 3,
                                                      "effective_from": "2026-03-02"}), 422)
    assert unnamed["code"] == "invalid_policy"
    child = world.child(disabilities=())
    body = {"expected_version": 1, "category": "migrant", "reason": "随父母从外省迁入"}
    claimed = client.post(f"{API}/families/{child.id}/categories", json=body, headers=director)
    assert claimed.status_code == 200, claimed.get_data(as_text=True)
    assert (claimed.get_json()["categories"], claimed.get_json()["flagged"]) == (
        ["migrant"], ["migrant"])  # fmt: skip
    listed = client.get(f"{API}/children", query_string={"category": "migrant"},
                        headers=director).get_json()  # fmt: skip
    assert [c["id"] for c in listed["items"]] == [child.id]
    unknown = {**body, "expected_version": 2, "category": "martian"}
    refused = problem(client.post(f"{API}/families/{child.id}/categories", json=unknown,
                                  headers=director), 422)  # fmt: skip
    assert refused["code"] == "invalid_category_claim"
    assert Child.get_by_id(child.id).version == 2
    problem(client.get(f"{API}/children", query_string={"category": "Not A Code"},
                       headers=director), 422)  # fmt: skip
