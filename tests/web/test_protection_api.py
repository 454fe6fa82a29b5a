"""The child-protection API: report cases, the registry and visits, over HTTP, scoped by role
(a village's child director sees their village, a township supervisor their township, a
county case worker their county) and refusing with application/problem+json."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from casework.models import Child, ReportCase, Visit
from casework.rules.identity import compose_resident_id
from tests.conftest import NOW
from tests.web.conftest import follow

API = "/api/v1"
PROBLEM = "application/problem+json"


@pytest.fixture
def http(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


def auth(county, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {county.token(role)}"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["detail"]
    return body


def file_report(http, world, county=None, role="child_director", village=0, **more):
    county = county or world.a
    body = {"reporter_name": "李主任", "reporter_organisation": "村委会",
            "place_id": county.villages[village].id, "harm_type": "abandonment",
            "urgent": True, "facts": "孩子独自在家三天", "child_description": "约六岁女孩",
            **more}  # fmt: skip
    return http.post(f"{API}/reports", json=body, headers=auth(county, role))


def act(http, world, case_id, action, role="case_worker", status=200, **body):
    version = ReportCase.get_by_id(case_id).version
    response = http.post(f"{API}/reports/{case_id}/actions/{action}",
                         json={"expected_version": version, **body},
                         headers=auth(world.a, role))  # fmt: skip
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    return follow(http, body, auth(world.a, role)) if status == 200 else body


def test_a_report_from_filing_to_closure(http, world):
    child = world.child()
    created = file_report(http, world, child_id=child.id, child_description="")
    assert created.status_code == 201, created.get_data(as_text=True)
    case = created.get_json()
    assert (case["state"], case["urgent"], case["child"]["id"]) == ("reported", True, child.id)
    assert created.headers["Location"].endswith(f"/reports/{case['id']}")
    assert [a["name"] for a in case["actions"]] == []  # the reporter follows, does not act
    worker = http.get(f"{API}/reports/{case['id']}", headers=auth(world.a, "case_worker"))
    assert [a["name"] for a in worker.get_json()["actions"]] == [
        "accept", "screen_out", "link_child"]  # fmt: skip
    steps = [
        ("accept", {}),
        ("respond", {"payload": {"police_involved": True, "placement": "relatives",
                                 "placement_where": "外婆家"}}),
        ("start_assessment", {}),
        ("record_assessment", {"payload": {"assessment": "父母外出务工", "risk_level": "medium"}}),
        ("link_benefit", {"payload": {"benefit": "subsistence_allowance"}}),
        ("open_rehab_application", {"payload": {"items": ["training_limb"],
                                                "applicant_name": "外婆",
                                                "applicant_relation": "外祖母"}}),
        ("record_assistance_plan", {"payload": {"plan": "低保申请、康复训练、每两周随访"}}),
    ]  # fmt: skip
    for action, body in steps:
        case = act(http, world, case["id"], action, **body)
    assert case["state"] == "monitoring"
    assert case["benefits"][0]["benefit"] == "subsistence_allowance"
    assert case["rehab_application_id"] is not None
    visit = http.post(f"{API}/visits", headers=auth(world.a, "child_director"), json={
        "visited_on": "2026-03-02", "kind": "monitoring", "case_id": case["id"],
        "findings": "外婆照料良好"})  # fmt: skip
    assert visit.status_code == 201, visit.get_data(as_text=True)
    case = act(http, world, case["id"], "close", payload={"outcome": "placed_with_relatives"})
    assert (case["state"], case["outcome"], len(case["visits"])) == (
        "closed", "placed_with_relatives", 1)  # fmt: skip
    assert [h["action"] for h in case["history"]][0] == "file"


def test_refusals_are_problems_and_change_nothing(http, world):
    case_id = file_report(http, world).get_json()["id"]
    before = ReportCase.get_by_id(case_id).version
    body = act(http, world, case_id, "close", status=409,
               payload={"outcome": "safe_with_family"})  # fmt: skip
    assert body["allowed"] == ["accept", "screen_out", "link_child"]
    problem(http.post(f"{API}/reports/{case_id}/actions/screen_out",
                      json={"expected_version": before, "payload": {"ground": "unfounded"}},
                      headers=auth(world.a, "case_worker")), 422)  # fmt: skip
    problem(http.post(f"{API}/reports/{case_id}/actions/accept", json={"expected_version": 99},
                      headers=auth(world.a, "case_worker")), 409)  # fmt: skip
    problem(http.post(f"{API}/reports/{case_id}/actions/fly", json={"expected_version": before},
                      headers=auth(world.a, "case_worker")), 404)  # fmt: skip
    problem(http.post(f"{API}/reports/{case_id}/actions/accept",
                      json={"expected_version": before}), 401)  # fmt: skip
    problem(file_report(http, world, harm_type="bullying"), 422)
    problem(file_report(http, world, child_description=""), 422)
    assert ReportCase.get_by_id(case_id).version == before
    assert ReportCase.select().count() == 1


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("child_director", {"village 0"}),  # their village
        ("child_supervisor", {"village 0", "village 1"}),  # their township
        ("case_worker", {"village 0", "village 1", "township 2"}),  # their county
        ("leader", {"village 0", "village 1", "township 2"}),
        ("reviewer", set()),  # not a protection role: only what they reported
        ("intake_clerk", set()),
        ("teacher", set()),
    ],
)
def test_report_lists_are_scoped(http, world, role, sees):
    cases = {
        "village 0": file_report(http, world, role="case_worker", village=0),
        "village 1": file_report(http, world, role="case_worker", village=1),
        "township 2": file_report(http, world, role="case_worker", village=2),
    }
    ids = {name: r.get_json()["id"] for name, r in cases.items()}
    listed = http.get(f"{API}/reports", headers=auth(world.a, role)).get_json()
    assert {i["id"] for i in listed["items"]} == {ids[n] for n in sees}
    for name, case_id in ids.items():
        response = http.get(f"{API}/reports/{case_id}", headers=auth(world.a, role))
        if name in sees:
            assert response.status_code == 200
        else:
            problem(response, 403)
    for case_id in ids.values():  # nobody in the other county sees any
        problem(http.get(f"{API}/reports/{case_id}", headers=auth(world.b, role)), 403)


def test_the_other_county_cannot_act(http, world):
    case_id = file_report(http, world).get_json()["id"]
    version = ReportCase.get_by_id(case_id).version
    problem(http.post(f"{API}/reports/{case_id}/actions/accept",
                      json={"expected_version": version},
                      headers=auth(world.b, "case_worker")), 403)  # fmt: skip
    problem(file_report(http, world, county=world.a, role="child_director", village=0,
                        place_id=world.b.villages[0].id), 403)  # fmt: skip


def test_registry_search_history_and_as_of(http, world):
    child = world.child()
    renamed = http.patch(f"{API}/children/{child.id}", headers=auth(world.a, "child_supervisor"),
                         json={"name": "改名", "expected_version": 1})  # fmt: skip
    assert renamed.status_code == 200, renamed.get_data(as_text=True)
    found = http.get(f"{API}/registry/children", query_string={"name": "改"},
                     headers=auth(world.a, "child_director")).get_json()  # fmt: skip
    assert [c["id"] for c in found["items"]] == [child.id] and found["has_more"] is False
    assert found["items"][0]["disability_types"] == ["limb"]
    other = http.get(f"{API}/registry/children", query_string={"name": "改"},
                     headers=auth(world.b, "case_worker")).get_json()  # fmt: skip
    assert other["items"] == []
    history = http.get(f"{API}/registry/children/{child.id}/history",
                       headers=auth(world.a, "child_director")).get_json()  # fmt: skip
    assert history["changes"][0]["action"] == "register"
    as_of = http.get(f"{API}/registry/children/{child.id}/as-of",
                     query_string={"date": "2026-03-02"},
                     headers=auth(world.a, "case_worker")).get_json()  # fmt: skip
    assert (as_of["id"], as_of["version"], as_of["name"]) == (child.id, 2, "改名")  # same day
    problem(http.get(f"{API}/registry/children/{child.id}/history",
                     headers=auth(world.b, "child_supervisor")), 403)  # fmt: skip
    problem(http.get(f"{API}/registry/children/{child.id}/as-of",
                     query_string={"date": "2026-03-01"},
                     headers=auth(world.a, "case_worker")), 404)  # fmt: skip


def spreadsheet(world, bad: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "姓名", "村编码", "困境类别"])
    for i in range(3):
        number = compose_resident_id("330127", dt.date(2016, 1, 1 + i), 700 + i)
        sheet.append([number, f"孩子{i}", world.a.villages[0].code, "监护困境"])
    if bad:
        sheet.append(["330127201601010000", "坏", world.a.villages[0].code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_registry_import_over_http(http, world):
    headers = auth(world.a, "child_supervisor")
    upload = lambda bad, **query: http.post(  # noqa: E731
        f"{API}/registry/imports", headers=headers, query_string=query,
        data={"file": (io.BytesIO(spreadsheet(world, bad)), "registry.xlsx")},
        content_type="multipart/form-data")  # fmt: skip
    refused = problem(upload(True), 422)
    assert refused["report"]["bad_rows"][0]["row"] == 5
    assert "check digit" in refused["report"]["bad_rows"][0]["reasons"][0]
    assert Child.select().count() == 0
    partial = upload(True, good_rows_only="true")
    assert partial.status_code == 200 and partial.get_json()["written"] == 3
    problem(http.post(f"{API}/registry/imports", headers=auth(world.a, "finance_officer"),
                      data={"file": (io.BytesIO(spreadsheet(world, False)), "r.xlsx")},
                      content_type="multipart/form-data"), 403)  # fmt: skip


def test_visits_and_the_visits_due(http, world):
    child = world.child()
    changed = http.post(
        f"{API}/families/{child.id}/categories",
        headers=auth(world.a, "case_worker"),
        json={"category": "guardianship", "reason": "祖父母年迈", "expected_version": 1},
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    director = auth(world.a, "child_director")
    problem(http.post(f"{API}/visits", headers=director, json={
        "visited_on": "2026-03-09", "kind": "regular", "child_id": child.id,
        "findings": "x"}), 422)  # fmt: skip
    problem(http.post(f"{API}/visits", headers=auth(world.b, "child_director"), json={
        "visited_on": "2026-03-01", "kind": "regular", "child_id": child.id,
        "findings": "x"}), 403)  # fmt: skip
    assert Visit.select().count() == 0
    made = http.post(f"{API}/visits", headers=director, json={
        "visited_on": "2026-02-01", "kind": "regular", "child_id": child.id,
        "findings": "祖父母照料", "next_steps": "下月再访"})  # fmt: skip
    assert made.status_code == 201, made.get_data(as_text=True)
    listed = http.get(f"{API}/visits", query_string={"child_id": child.id}, headers=director)
    assert [v["findings"] for v in listed.get_json()["items"]] == ["祖父母照料"]
    due = http.get(f"{API}/visits/due", headers=director).get_json()
    assert due["today"] == "2026-03-02"
    assert [(d["child_id"], d["status"], d["due_on"]) for d in due["items"]] == [
        (child.id, "due", "2026-03-31")]  # fmt: skip
    assert http.get(f"{API}/visits/due", headers=auth(world.b, "child_director")).get_json()[
        "items"] == []  # fmt: skip
    teacher = http.get(f"{API}/visits/due", headers=auth(world.a, "teacher")).get_json()
    assert teacher["items"] == []


def test_the_openapi_document_lists_the_protection_api(http):
    spec = http.get(f"{API}/openapi.json").get_json()
    for path in (
        "/api/v1/reports",
        "/api/v1/reports/{case_id}/actions/{action}",
        "/api/v1/registry/children",
        "/api/v1/registry/imports",
        "/api/v1/visits/due",
    ):
        assert path in spec["paths"], path
    assert "ScreenOutPayload" in spec["components"]["schemas"]
