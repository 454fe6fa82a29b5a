"""Structured visits over the API: what a visit found, field by field, the contradictions
refused, older visits still read, and the mandatory report a risk flag opens in one step."""

from __future__ import annotations

import pytest

from casework.models import AuditEntry, ReportCase, Visit
from tests.conftest import NOW
from tests.web.test_protection_api import API, auth, problem


@pytest.fixture
def http(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


FOUND = {
    "carer": "祖母（72岁）",
    "care_adequate": False,
    "schooling": "dropped_out",
    "health": "咳嗽两周未就医",
    "safety": "夜间独自在家",
    "needs": "需要联系学校复学",
    "parents_contact": "rarely",
    "risk_flags": ["no_carer", "dropped_out"],
}


def codes(body, field):
    return [e["code"] for e in body["error_codes"][field]]


def visit(http, world, child, role="child_director", county=None, **more):
    body = {"visited_on": "2026-03-01", "kind": "regular", "child_id": child.id,
            "findings": "奶奶生病住院后孩子常独自在家", **more}  # fmt: skip
    return http.post(f"{API}/visits", headers=auth(county or world.a, role), json=body)


def test_a_visit_records_what_it_found_field_by_field(http, world):
    child = world.child()
    made = visit(http, world, child, **FOUND)
    assert made.status_code == 201, made.get_data(as_text=True)
    body = made.get_json()
    assert {k: body[k] for k in FOUND} == FOUND
    assert body["opened_report_id"] is None
    shown = http.get(f"{API}/visits/{body['id']}", headers=auth(world.a, "child_supervisor"))
    draft = shown.get_json()["report_draft"]
    assert (draft["harm_type"], draft["urgent"]) == ("guardianship_absent", True)
    assert "无人照料、辍学" in draft["facts"] and "夜间独自在家" in draft["facts"]


def test_an_older_visit_without_the_fields_still_reads(http, world):
    child = world.child()
    made = visit(http, world, child)  # as clients sent it before: findings alone
    assert made.status_code == 201
    listed = http.get(f"{API}/visits", query_string={"child_id": child.id},
                      headers=auth(world.a, "child_director")).get_json()["items"]  # fmt: skip
    assert [(v["carer"], v["schooling"], v["risk_flags"], v["care_adequate"]) for v in listed] \
        == [("", None, [], None)]  # fmt: skip
    one = http.get(f"{API}/visits/{listed[0]['id']}", headers=auth(world.a, "child_director"))
    assert one.get_json()["report_draft"] is None


def test_contradictory_findings_are_refused_naming_the_field(http, world):
    child = world.child()
    body = problem(visit(http, world, child, schooling="attending", risk_flags=["dropped_out"]),
                   422)  # fmt: skip
    assert codes(body, "risk_flags") == ["contradicts_schooling"]
    body = problem(visit(http, world, child, care_adequate=True, risk_flags=["no_carer"]), 422)
    assert codes(body, "care_adequate") == ["contradicts_no_carer"]
    body = problem(visit(http, world, child, risk_flags=["lonely"]), 422)
    assert list(body["errors"]) == ["risk_flags.0"]
    assert Visit.select().count() == 0


def test_a_risk_flag_opens_a_mandatory_report_in_one_step(http, world):
    child = world.child()
    made = visit(http, world, child, **FOUND).get_json()
    director = auth(world.a, "child_director")
    filed = http.post(f"{API}/visits/{made['id']}/report", headers=director, json={})
    assert filed.status_code == 201, filed.get_data(as_text=True)
    result = filed.get_json()
    assert (result["state"], result["harm_type"], result["urgent"]) == (
        "reported", "guardianship_absent", True)  # fmt: skip
    case = ReportCase.get_by_id(result["report_id"])
    assert (case.child_id, case.place_id, case.reporter_name) == (
        child.id, child.place_id, "child_director")  # fmt: skip
    assert "咳嗽两周未就医" in case.facts
    assert Visit.get_by_id(made["id"]).opened_report_id == case.id
    history = AuditEntry.select().where(
        AuditEntry.entity == "report", AuditEntry.entity_id == case.id
    )
    assert [h.changes.get("visit") for h in history] == [[None, made["id"]]]
    # the case worker sees it in the county's queue
    queue = http.get(f"{API}/reports", headers=auth(world.a, "case_worker")).get_json()
    assert case.id in [c["id"] for c in queue["items"]]
    # once only
    again = problem(http.post(f"{API}/visits/{made['id']}/report", headers=director, json={}), 409)
    assert again["code"] == "visit_report_filed" and ReportCase.select().count() == 1


def test_the_visitor_may_choose_the_harm_and_urgency(http, world):
    child = world.child()
    made = visit(http, world, child, risk_flags=["untreated_illness"]).get_json()
    director = auth(world.a, "child_director")
    url = f"{API}/visits/{made['id']}/report"
    body = problem(http.post(url, headers=director, json={}), 422)  # no flag names a harm
    assert codes(body, "harm_type") == ["harm_type_needed"]
    assert ReportCase.select().count() == 0
    chosen = {"harm_type": "guardianship_absent", "urgent": False, "facts": "久病未医"}
    filed = http.post(url, headers=director, json=chosen)
    assert filed.status_code == 201
    case = ReportCase.get_by_id(filed.get_json()["report_id"])
    assert (case.harm_type, case.urgent, case.facts) == ("guardianship_absent", False, "久病未医")


def test_a_visit_without_risk_opens_no_report(http, world):
    child = world.child()
    made = visit(http, world, child).get_json()
    body = problem(http.post(f"{API}/visits/{made['id']}/report",
                             headers=auth(world.a, "child_director"), json={}), 409)  # fmt: skip
    assert body["code"] == "visit_without_risk" and ReportCase.select().count() == 0


def test_visits_and_their_reports_are_scoped(http, world):
    child = world.child()
    made = visit(http, world, child, **FOUND).get_json()
    for county, role in ((world.b, "child_director"), (world.b, "case_worker"),
                         (world.a, "institution_staff")):  # fmt: skip
        problem(http.get(f"{API}/visits/{made['id']}", headers=auth(county, role)), 404)
        problem(http.post(f"{API}/visits/{made['id']}/report", headers=auth(county, role),
                          json={}), 404)  # fmt: skip
    other_village = world.child(village=1)
    theirs = visit(http, world, other_village, role="case_worker", **FOUND).get_json()
    problem(http.get(f"{API}/visits/{theirs['id']}", headers=auth(world.a, "child_director")), 404)
    assert http.get(f"{API}/visits/{theirs['id']}",
                    headers=auth(world.a, "child_supervisor")).status_code == 200  # fmt: skip
    assert ReportCase.select().count() == 0
    problem(http.get(f"{API}/visits/{made['id']}"), 401)
