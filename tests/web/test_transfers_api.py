"""The transfer workflow through the generic API (web/api/cases.py): nothing of its own but
its definition, yet listed, read, created and acted on like the others."""

from __future__ import annotations

from casework.models import Transfer
from tests.web.conftest import API, auth, follow, problem

URL = f"{API}/transfers"


def new_transfer(client, world, county=None, role="case_worker", **more):
    county = county or world.a
    body = {"place_id": county.villages[0].id, "family_name": "王大姐",
            "request": "家庭困难，申请临时救助", **more}  # fmt: skip
    return client.post(URL, json=body, headers=auth(county, role))


def act(client, county, transfer, action, role="case_worker", **body):
    return client.post(
        f"{URL}/{transfer['id']}/actions/{action}",
        json={"expected_version": transfer["version"], **body},
        headers=auth(county, role),
    )


def test_create_read_list_and_act(client, world):
    created = new_transfer(client, world)
    assert created.status_code == 201, created.get_data(as_text=True)
    transfer = created.get_json()
    assert created.headers["Location"].endswith(f"{URL}/{transfer['id']}")
    assert (transfer["state"], transfer["version"], transfer["family_name"]) == (
        "received", 1, "王大姐")  # fmt: skip
    assert transfer["due_at"] == "2026-03-04T16:00:00+00:00"
    assert [a["name"] for a in transfer["actions"]] == ["transfer"]
    assert transfer["history"][0]["action"] == "receive"

    answer = act(client, world.a, transfer, "transfer", payload={"department": "health"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    transfer = follow(client, answer.get_json(), auth(world.a, "case_worker"))
    assert (transfer["state"], transfer["department"]) == ("transferred", "health")
    assert transfer["actions"] == []  # the department's to answer, not the window's
    health = auth(world.a, "department_staff_health")
    read = client.get(f"{URL}/{transfer['id']}", headers=health).get_json()
    assert {a["name"] for a in read["actions"]} == {"accept", "refuse"}

    listed = client.get(f"{URL}?state=transferred", headers=auth(world.a, "leader"))
    assert listed.status_code == 200
    body = listed.get_json()
    assert (body["total"], listed.headers["X-Total-Count"]) == (1, "1")
    item = body["items"][0]
    assert (item["id"], item["department"], item["family_name"]) == (
        transfer["id"], "health", "王大姐")  # fmt: skip
    assert client.get(f"{URL}?state=received", headers=auth(world.a, "leader")).get_json()[
        "items"] == []  # fmt: skip
    assert problem(client.get(f"{URL}?state=nowhere", headers=auth(world.a, "leader")), 422)


def test_another_county_sees_nothing(client, world):
    transfer = new_transfer(client, world).get_json()
    other = auth(world.b, "case_worker")
    assert client.get(URL, headers=other).get_json()["total"] == 0
    assert problem(client.get(f"{URL}/{transfer['id']}", headers=other), 403)
    refused = act(client, world.b, transfer, "transfer", payload={"department": "health"})
    assert problem(refused, 403)
    elsewhere = new_transfer(client, world, world.b, place_id=world.a.villages[0].id)
    assert problem(elsewhere, 403)["code"] == "place_outside_area"


def test_refusals_are_coded_and_change_nothing(client, world):
    transfer = new_transfer(client, world).get_json()
    # created only with what the payload asks
    invalid = problem(new_transfer(client, world, request=""), 422)
    assert invalid["error_codes"]["request"][0]["code"] == "empty"
    assert problem(new_transfer(client, world, role="reviewer"), 403)["code"] == "role_may_not"
    # an action not open in the state names those that are
    early = problem(act(client, world.a, transfer, "close"), 409)
    assert (early["code"], early["allowed"]) == ("action_not_possible", ["transfer"])
    transfer = follow(client, act(client, world.a, transfer, "transfer",
                                  payload={"department": "health"}).get_json(),
                      auth(world.a, "case_worker"))  # fmt: skip
    health = "department_staff_health"
    without_reason = problem(act(client, world.a, transfer, "refuse", health), 422)
    assert without_reason["code"] == "reason_required"
    refused = act(client, world.a, transfer, "refuse", health, reason="不属于卫健职责")
    transfer = follow(client, refused.get_json(), auth(world.a, health))
    again = problem(
        act(client, world.a, transfer, "transfer", payload={"department": "health"}), 409
    )
    assert (again["code"], again["params"]) == ("department_already_refused",
                                                {"department": "health"})  # fmt: skip
    row = Transfer.get_by_id(transfer["id"])
    assert (row.state, row.version, row.refused_by) == ("refused", transfer["version"], "health")


def test_the_openapi_document_describes_the_resource(client, world):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert {f"{URL}", f"{URL}/{{case_id}}", f"{URL}/{{case_id}}/actions/{{action}}"} <= set(
        spec["paths"])  # fmt: skip
    schemas = spec["components"]["schemas"]
    assert {"TransferSummary", "TransferDetail", "ReceivePayload", "HandlingPayload"} <= set(
        schemas
    )
    action = spec["paths"][f"{URL}/{{case_id}}/actions/{{action}}"]["post"]
    enum = action["parameters"][0]["schema"]["enum"]
    assert "receive" not in enum and {"transfer", "refuse", "close"} <= set(enum)


def test_the_familys_phone_is_whole_only_to_those_who_call_the_family(client, world):
    transfer = new_transfer(client, world, family_phone="13912345678").get_json()
    assert transfer["family_phone"] == "13912345678"  # the window's case worker, logged
    read = client.get(f"{URL}/{transfer['id']}", headers=auth(world.a, "leader")).get_json()
    assert read["family_phone"] == "139****5678"
    listed = client.get(URL, headers=auth(world.a, "case_worker")).get_json()["items"][0]
    assert "13912345678" not in str(listed)


def _transferred(client, world, department: str, **more) -> dict:
    transfer = new_transfer(client, world, **more).get_json()
    answer = act(client, world.a, transfer, "transfer", payload={"department": department})
    return follow(client, answer.get_json(), auth(world.a, "case_worker"))


def test_a_department_sees_and_answers_only_what_was_transferred_to_it(client, world):
    civil = _transferred(client, world, "civil_affairs")
    health = _transferred(client, world, "health")
    received = new_transfer(client, world).get_json()
    staff = auth(world.a, "department_staff")  # civil affairs, at the county
    listed = client.get(URL, headers=staff).get_json()
    assert [item["id"] for item in listed["items"]] == [civil["id"]]
    for other in (health, received):
        assert problem(client.get(f"{URL}/{other['id']}", headers=staff), 403)
        assert problem(act(client, world.a, other, "accept", "department_staff"), 403)
    # the window cannot answer for a department with an officer of its own, nor the department
    # for the window; for one without (education, here) the county's case worker records its answer
    assert problem(act(client, world.a, civil, "accept"), 403)["code"] == "not_a_party"
    accepted = act(client, world.a, _transferred(client, world, "education"), "accept")
    assert accepted.status_code == 200 and accepted.get_json()["to_state"] == "accepted"
    refused = problem(act(client, world.a, received, "transfer", "department_staff",
                          payload={"department": "health"}), 403)  # fmt: skip
    assert Transfer.get_by_id(received["id"]).state == "received", refused
    assert problem(new_transfer(client, world, role="department_staff"), 403)
    # its own: accepted, handled and fed back by civil affairs
    civil = follow(client, act(client, world.a, civil, "accept", "department_staff").get_json(),
                   staff)  # fmt: skip
    assert civil["state"] == "accepted"
    assert {a["name"] for a in civil["actions"]} == {"record_handling"}


def test_a_townships_department_office_sees_its_townships_requests_only(client, world):
    near = _transferred(client, world, "civil_affairs")  # a village of township 0
    far = _transferred(client, world, "civil_affairs", place_id=world.a.villages[-1].id)
    assert world.a.villages[-1].parent_id != world.a.townships[0].id
    township = auth(world.a, "department_staff_township")
    assert [i["id"] for i in client.get(URL, headers=township).get_json()["items"]] == [
        near["id"]]  # fmt: skip
    assert problem(client.get(f"{URL}/{far['id']}", headers=township), 403)
    county = auth(world.a, "department_staff")
    assert {i["id"] for i in client.get(URL, headers=county).get_json()["items"]} == {
        near["id"], far["id"]}  # fmt: skip


def test_another_countys_department_sees_nothing(client, world):
    civil = _transferred(client, world, "civil_affairs")
    other = auth(world.b, "department_staff")
    assert client.get(URL, headers=other).get_json()["total"] == 0
    assert problem(client.get(f"{URL}/{civil['id']}", headers=other), 403)
    assert problem(act(client, world.b, civil, "accept", "department_staff"), 403)
    assert Transfer.get_by_id(civil["id"]).state == "transferred"


def test_one_request_to_several_departments_each_a_sub_case(client, world):
    transfer = new_transfer(client, world, child_id=world.child().id).get_json()
    answer = act(
        client,
        world.a,
        transfer,
        "transfer",
        payload={"department": "civil_affairs", "also_to": ["health", "civil_affairs"]},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    [sub_id] = answer.get_json()["changes"]["sub_cases"][1]
    sub = client.get(f"{URL}/{sub_id}", headers=auth(world.a, "case_worker")).get_json()
    assert (sub["parent_id"], sub["state"], sub["department"], sub["family_name"]) == (
        transfer["id"], "transferred", "health", "王大姐")  # fmt: skip
    assert sub["child_id"] == transfer["child_id"]
    assert [h["action"] for h in sub["history"]] == ["receive", "transfer"]
    # each department sees and answers its own, on its own time limit
    health, civil = auth(world.a, "department_staff_health"), auth(world.a, "department_staff")
    assert [i["id"] for i in client.get(URL, headers=health).get_json()["items"]] == [sub_id]
    assert [i["id"] for i in client.get(URL, headers=civil).get_json()["items"]] == [
        transfer["id"]]  # fmt: skip
    refused = act(client, world.a, sub | {"version": 2}, "refuse", "department_staff_health",
                  reason="不属于卫健职责")  # fmt: skip
    assert refused.get_json()["to_state"] == "refused"
    parent = Transfer.get_by_id(transfer["id"])
    assert (parent.state, parent.department) == ("transferred", "civil_affairs")


def test_sub_cases_never_go_to_a_department_that_refused(client, world):
    transfer = new_transfer(client, world).get_json()
    transfer = follow(client, act(client, world.a, transfer, "transfer",
                                  payload={"department": "health"}).get_json(),
                      auth(world.a, "case_worker"))  # fmt: skip
    act(client, world.a, transfer, "refuse", "department_staff_health", reason="不属于卫健职责")
    again = act(
        client,
        world.a,
        transfer | {"version": 3},
        "transfer",
        payload={"department": "civil_affairs", "also_to": ["health"]},
    )
    assert problem(again, 409)["code"] == "department_already_refused"
    assert Transfer.select().count() == 1
