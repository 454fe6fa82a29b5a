"""/api/v1/policy/{visit-cadence, aid-targets, rejection-codes, escalation-grace}: read by any
user of the county, in their county only; a new version set by the county admin from a day
on; refusals as problem+json with their codes, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import PolicyVersion, ReportCase
from tests.web.conftest import API, auth, problem

URL = f"{API}/policy"


def _value(body: dict, key: str) -> dict:
    return next(x for x in body["values"] if x["key"] == key)


def test_anyone_reads_the_visit_cadence_the_admin_sets_from_a_day_on(client, world):
    read = client.get(f"{URL}/visit-cadence", headers=auth(world.a, "child_director"))
    assert read.status_code == 200, read.get_data(as_text=True)
    body = read.get_json()
    assert (body["kind"], body["county_id"], body["on"]) == (
        "visit_cadence", world.a.county.id, "2026-03-02")  # fmt: skip
    assert _value(body, "regular.guardianship") == {
        "key": "regular.guardianship", "value": 1, "default": 1, "since": None, "label": "",
        "scheduled": []}  # fmt: skip
    assert _value(body, "monitoring_days")["value"] == 14
    put = client.put(f"{URL}/visit-cadence/monitoring_days", headers=auth(world.a, "admin"),
                     json={"value": 10, "effective_from": "2026-04-01"})  # fmt: skip
    assert put.status_code == 200, put.get_data(as_text=True)
    assert put.get_json() == {"key": "monitoring_days", "value": 10,
                              "effective_from": "2026-04-01", "label": ""}  # fmt: skip
    later = client.get(f"{URL}/visit-cadence", query_string={"on": "2026-04-01"},
                       headers=auth(world.a, "case_worker")).get_json()  # fmt: skip
    assert (_value(later, "monitoring_days")["value"],
            _value(later, "monitoring_days")["since"]) == (10, "2026-04-01")  # fmt: skip
    other = client.get(f"{URL}/visit-cadence", headers=auth(world.b, "admin")).get_json()
    assert _value(other, "monitoring_days")["value"] == 14


def test_aid_targets_rejection_codes_and_escalation_grace(client, world):
    admin = auth(world.a, "admin")
    targets = client.get(f"{URL}/aid-targets", headers=admin).get_json()
    assert [(v["key"], v["value"]) for v in targets["values"]] == [("2026", 270), ("2027", 270)]
    put = client.put(f"{URL}/aid-targets/2027", json={"value": 300, "effective_from": "2026-03-02"},
                     headers=admin)  # fmt: skip
    assert put.status_code == 200, put.get_data(as_text=True)
    targets = client.get(f"{URL}/aid-targets", headers=admin).get_json()
    assert _value(targets, "2027")["value"] == 300
    own = {"value": 1, "effective_from": "2026-03-02", "label": "逾期报送"}
    added = client.put(f"{URL}/rejection-codes/late_report", json=own, headers=admin)
    assert added.status_code == 200
    codes = client.get(f"{URL}/rejection-codes", headers=auth(world.a, "settlement_auditor"))
    assert _value(codes.get_json(), "late_report")["label"] == "逾期报送"
    grace = client.get(f"{URL}/escalation-grace", headers=admin).get_json()
    assert _value(grace, "rehab.review")["value"] == 2
    assert {v["key"] for v in grace["values"]} >= {"visit.regular_overdue", "rehab.review"}


@pytest.mark.parametrize("path, body, status, code", [
    ("visit-cadence/regular.family", {"value": 2, "effective_from": "2026-04-01"}, 422,
     "invalid_policy"),
    ("visit-cadence/monitoring_days", {"value": 10, "effective_from": "2026-03-01"}, 422,
     "invalid_policy"),  # in the past
    ("aid-targets/next", {"value": 10, "effective_from": "2026-04-01"}, 422, "invalid_policy"),
    ("rejection-codes/late_report", {"value": 1, "effective_from": "2026-04-01"}, 422,
     "invalid_policy"),  # no wording
    ("escalation-grace/rehab.nothing", {"value": 1, "effective_from": "2026-04-01"}, 422,
     "invalid_policy"),
    ("escalation-grace/rehab.review", {"value": 1}, 422, None),  # no day
])  # fmt: skip
def test_bad_input_is_refused_naming_the_field_and_nothing_written(client, world, path, body,
                                                                   status, code):  # fmt: skip
    refused = problem(client.put(f"{URL}/{path}", json=body, headers=auth(world.a, "admin")),
                      status)  # fmt: skip
    if code:
        assert refused["code"] == code
    assert refused["errors"]
    assert PolicyVersion.select().count() == 0


def test_only_the_counties_admin_writes_and_each_reads_only_their_county(client, world):
    later = {"value": 1, "effective_from": "2026-04-01"}
    refused = client.put(f"{URL}/escalation-grace/rehab.review", json=later,
                         headers=auth(world.a, "reviewer"))  # fmt: skip
    assert problem(refused, 403)["code"] == "admin_only"
    elsewhere = {"county_id": world.b.county.id}
    for slug in ("visit-cadence", "aid-targets", "rejection-codes", "escalation-grace"):
        read = client.get(f"{URL}/{slug}", query_string=elsewhere, headers=auth(world.a, "admin"))
        assert problem(read, 403)["code"] == "outside_scope"
    written = client.put(f"{URL}/aid-targets/2027", json={**later, **elsewhere},
                         headers=auth(world.a, "admin"))  # fmt: skip
    assert problem(written, 403)["code"] == "outside_scope"
    assert client.get(f"{URL}/visit-cadence").status_code == 401
    assert PolicyVersion.select().count() == 0


def test_the_urgent_hours_by_effective_date_and_the_report_keeps_its_version(client, world):
    admin = auth(world.a, "admin")
    read = client.get(f"{URL}/urgent-hours", headers=auth(world.a, "case_worker")).get_json()
    assert read["values"] == [{"key": "hours", "value": 24, "default": 24, "since": None,
                               "label": "", "scheduled": []}]  # fmt: skip
    for wrong in ({"value": 0, "effective_from": "2026-03-03"},
                  {"value": 12, "effective_from": "2026-03-01"}):  # fmt: skip
        refused = problem(client.put(f"{URL}/urgent-hours/hours", json=wrong, headers=admin), 422)
        assert refused["code"] == "invalid_policy" and refused["errors"]
    unknown = client.put(f"{URL}/urgent-hours/minutes", headers=admin,
                         json={"value": 12, "effective_from": "2026-03-03"})  # fmt: skip
    assert problem(unknown, 422)["errors"].keys() == {"key"}
    assert PolicyVersion.select().count() == 0
    put = client.put(f"{URL}/urgent-hours/hours", headers=admin,
                     json={"value": 12, "effective_from": "2026-03-02"})  # fmt: skip
    assert put.status_code == 200, put.get_data(as_text=True)
    version = PolicyVersion.get(kind="urgent_hours")
    filed = client.post(f"{API}/reports", headers=auth(world.a, "child_director"), json={
        "reporter_name": "王老师", "child_description": "约八岁男孩", "harm_type": "abuse",
        "place_id": world.a.villages[0].id, "urgent": True, "facts": "孩子被锁在屋里"})  # fmt: skip
    assert filed.status_code == 201, filed.get_data(as_text=True)
    case = ReportCase.get_by_id(filed.get_json()["id"])
    assert case.urgent_policy_id == filed.get_json()["urgent_policy_id"] == version.id
    assert case.due_at == world.now + dt.timedelta(hours=12)
    again = client.put(f"{URL}/urgent-hours/hours", headers=admin,
                       json={"value": 6, "effective_from": "2026-03-02"})  # fmt: skip
    assert problem(again, 422)["code"] == "policy_changes_decisions"
    assert PolicyVersion.get_by_id(version.id).value == 12
