"""A department's staff (民政, 卫健, ...) reach the requests transferred to their department
and nothing else of the child: every GET route of the API, walked as county a's civil-affairs
officer over a county holding a child's file, a rehab application with a paper, a report case,
a visit and requests transferred to civil affairs and to health. Each route answers 403, 404 or
a list without those records; only the transfers list and the civil-affairs request read."""

from __future__ import annotations

import io

import pytest

from casework.services import visits
from tests.integration.report_cases import file_report
from tests.integration.transfer_cases import TRANSFERS, reach
from tests.web.conftest import API, auth

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# county data without a child's: the places, institutions, calendar and policies, the API's
# own description, and the user's own account, inbox and tokens
PUBLIC = {
    "/api/v1/calendar/years/<int:year>",
    "/api/v1/docs",
    "/api/v1/docs/assets/<path:name>",
    "/api/v1/institutions",
    "/api/v1/institutions/<int:institution_id>",
    "/api/v1/openapi.json",
    "/api/v1/places",
    "/api/v1/users/me",
    "/api/v1/users/work-left",
    "/api/v1/inbox",
    "/api/v1/inbox/preferences",
    "/api/v1/tokens",
}


@pytest.fixture
def county(client, world):
    """County a's records of every kind, and the ids a route's parameters take."""
    child = world.child()
    application = world.application(child=child)
    paper = client.post(
        f"{API}/documents",
        query_string={"target": "rehab", "target_id": application.id, "kind": "diagnosis"},
        data={"file": (io.BytesIO(PDF), "诊断.pdf")},
        headers=auth(world.a, "intake_clerk"),
        content_type="multipart/form-data",
    )
    assert paper.status_code == 201, paper.get_data(as_text=True)
    report = file_report(world)
    visit = {"kind": "regular", "child_id": child.id, "visited_on": "2026-03-01",
             "findings": "孩子状况良好"}  # fmt: skip
    visits.record_visit(world.a.actor("child_director"), visit, world.now)
    civil = reach(world, "transferred")  # to civil affairs
    health = reach(world, "received")
    TRANSFERS.act(world.a.actor("case_worker"), health, "transfer", now=world.now,
                  payload={"department": "health"})  # fmt: skip
    return {
        "child_id": child.id,
        "application_id": application.id,
        "document_id": paper.get_json()["id"],
        "case_id": report.id,
        "claim_id": 1,
        "user_id": world.a.users["case_worker"].id,
        "civil": civil,
        "health": health,
    }


def _url(rule: str, ids: dict, case_id: int) -> str:
    url = rule.replace("<int:year>", "2026").replace("<path:name>", "x.js")
    for name, value in {**ids, "case_id": case_id}.items():
        url = url.replace(f"<int:{name}>", str(value))
    return url


def _items(body) -> list:
    return body["items"] if isinstance(body, dict) and "items" in body else body


def test_every_get_route_keeps_the_childs_file_from_a_department(app, client, world, county):
    staff = auth(world.a, "department_staff")
    rules = sorted(r.rule for r in app.url_map.iter_rules()
                   if r.rule.startswith(API) and "GET" in r.methods)  # fmt: skip
    answered: dict[str, int] = {}
    for rule in rules:
        if rule in PUBLIC or rule.startswith(f"{API}/policy/"):  # the county's rules: no child
            continue
        # a report case's id where a case is asked for, but a transfer's under /transfers
        case_id = county["health"] if rule.startswith(f"{API}/transfers") else county["case_id"]
        url = _url(rule, county, case_id)
        query = {"target": "rehab", "target_id": county["application_id"],
                 "child_id": county["child_id"], "date": "2026-03-01"}  # fmt: skip
        response = client.get(url, headers=staff, query_string=query)
        answered[rule] = response.status_code
        if response.status_code in (403, 404, 422):
            continue
        assert response.status_code == 200, (rule, response.status_code)
        found = _items(response.get_json())
        if rule == f"{API}/transfers":
            assert [t["id"] for t in found] == [county["civil"]]
            continue
        if rule == f"{API}/register/counts":  # counts of no child
            assert not any(n for counts in found.values() for n in counts.values()), found
            continue
        assert found in ([], {}), (rule, found)
    # the walk reached the records: the other county's officer is refused each by id the same
    assert answered[f"{API}/children/<int:child_id>"] == 403
    assert answered[f"{API}/rehab-applications/<int:application_id>"] == 403
    assert answered[f"{API}/transfers/<int:case_id>"] == 403  # health's request
    assert answered[f"{API}/transfers"] == 200


def test_a_department_reads_its_request_and_not_the_child_behind_it(client, world, county):
    staff = auth(world.a, "department_staff")
    read = client.get(f"{API}/transfers/{county['civil']}", headers=staff)
    assert read.status_code == 200
    child_id = read.get_json()["child_id"]  # the request's child: its file stays closed
    for url in (f"{API}/children/{child_id}",
                f"{API}/registry/children/{child_id}/history",
                f"{API}/registry/children/{child_id}/as-of?date=2026-03-01",
                f"{API}/rehab-applications/{county['application_id']}",
                f"{API}/reports/{county['case_id']}",
                f"{API}/documents/{county['document_id']}/content"):  # fmt: skip
        assert client.get(url, headers=staff).status_code in (403, 404), url
    searched = client.get(f"{API}/registry/children", headers=staff,
                          query_string={"q": world.child().name})  # fmt: skip
    assert searched.status_code in (200, 403) and _items(searched.get_json()) in ([], None)
