"""A request starts from a report case, a visit's needs or a rehab-aid application in one step:
POST /api/v1/transfers naming the source fills in the child, the place, a family member's
name and the request; the source's page links to a new request so filled and lists the
requests it started. A source the window may not read is refused, and nothing is written."""

from __future__ import annotations

from casework.models import Guardian, Transfer
from casework.services import visits
from tests.integration.report_cases import reach as report_reach
from tests.web.conftest import API, auth, problem

URL = f"{API}/transfers"


def _visit(world, child):
    payload = {"kind": "regular", "child_id": child.id, "visited_on": "2026-03-01",
               "findings": "家中无人照料", "next_steps": "申请临时救助"}  # fmt: skip
    return visits.record_visit(world.a.actor("child_director"), payload, world.now)


def test_one_step_from_each_source(client, world):
    worker = auth(world.a, "case_worker")
    case_id = report_reach(world, "assistance")
    child = world.child()
    Guardian.create(child=child.id, name="李秀兰", relation="母亲")
    visit = _visit(world, child)
    application = world.application(child=child)
    made = {}
    for key, source_id in (("report_case_id", case_id), ("visit_id", visit.id),
                           ("rehab_application_id", application.id)):  # fmt: skip
        response = client.post(URL, json={key: source_id}, headers=worker)
        assert response.status_code == 201, (key, response.get_data(as_text=True))
        made[key] = response.get_json()
    by_visit = made["visit_id"]
    assert (by_visit["child_id"], by_visit["place_id"], by_visit["family_name"]) == (
        child.id, child.place_id, "李秀兰")  # fmt: skip
    assert "申请临时救助" in by_visit["request"]
    assert made["rehab_application_id"]["family_name"] == application.applicant_name
    assert made["report_case_id"]["request"].startswith(f"强制报告案件 #{case_id}")
    row = Transfer.get_by_id(by_visit["id"])
    assert (row.visit_id, row.rehab_application_id) == (visit.id, None)
    # what the window typed stands; only the blanks are filled
    typed = client.post(URL, json={"visit_id": visit.id, "request": "另需学费减免"},
                        headers=worker).get_json()  # fmt: skip
    assert typed["request"] == "另需学费减免" and typed["family_name"] == "李秀兰"


def test_a_source_outside_the_windows_scope_is_refused(client, world):
    other_case = report_reach(world, "assistance", world.b)
    other_child = world.child(world.b)
    other_application = world.application(world.b, child=other_child)
    worker = auth(world.a, "case_worker")
    for key, source_id in (("report_case_id", other_case),
                           ("rehab_application_id", other_application.id)):  # fmt: skip
        assert problem(client.post(URL, json={key: source_id}, headers=worker), 403), key
    assert problem(client.post(URL, json={"visit_id": 999}, headers=worker), 404)
    # the township's window reads only its township's visits: one in the other township
    far_child = world.child(village=2)
    visit = visits.record_visit(world.a.actor("case_worker"), {
        "kind": "regular", "child_id": far_child.id, "visited_on": "2026-03-01",
        "findings": "需要帮助"}, world.now)  # fmt: skip
    supervisor = auth(world.a, "child_supervisor")
    assert problem(client.post(URL, json={"visit_id": visit.id}, headers=supervisor), 403)
    assert problem(client.post(URL, json={"rehab_application_id": other_application.id},
                               headers=auth(world.a, "department_staff")), 403)  # fmt: skip
    assert Transfer.select().count() == 0
