"""Rehabilitation over HTTP: monthly attendance and the institution's dropout report."""

from __future__ import annotations

from tests.web.conftest import API, act, auth, pay_through_a_claim, problem
from tests.web.test_walk import DAY, MONTH, to_rehabilitation


def test_attendance_get_and_post(client, world):
    case_id = to_rehabilitation(client, world)
    url, headers = (
        f"{API}/rehab-applications/{case_id}/attendance",
        auth(world.a, "institution_staff"),
    )
    body = {"month": MONTH, "days_attended": 2, "sessions": 4, "expected_version": 7}  # so far
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.json["version"] == 8
    assert response.json["records"][0] | {"recorded_at": None} == {
        "month": MONTH,
        "days_attended": 2,
        "sessions": 4,
        "note": "",
        "recorded_by_id": world.a.users["institution_staff"].id,
        "recorded_at": None,
    }
    corrected = client.post(
        url, json={**body, "days_attended": 1, "expected_version": 8}, headers=headers
    ).get_json()
    assert [r["days_attended"] for r in corrected["records"]] == [1]
    errors = problem(
        client.post(url, json={**body, "month": "2026-05", "expected_version": 9}, headers=headers),
        422,
    )["errors"]
    assert list(errors) == ["month"]
    early = problem(
        client.post(url, json={**body, "days_attended": 3, "expected_version": 9}, headers=headers),
        422,
    )  # 2 March: two days of March have passed
    assert (early["code"], early["params"]) == (
        "more_days_than_passed",
        {"month": MONTH, "most": 2},
    )
    problem(
        client.post(url, json={**body, "month": "March", "expected_version": 9}, headers=headers),
        422,
    )
    listed = client.get(url, headers=auth(world.a, "reviewer")).get_json()
    assert listed["version"] == 9 and len(listed["records"]) == 1
    history = client.get(f"{API}/rehab-applications/{case_id}", headers=headers).json["history"]
    assert history[-1]["changes"] == {"attendance.2026-03": [2, 1]}


def test_dropout_reported_then_settled(client, world):
    case_id = to_rehabilitation(client, world)
    url, headers = f"{API}/rehab-applications/{case_id}", auth(world.a, "institution_staff")
    act(client, world.a, "institution_staff", case_id, "record_attendance",
        payload={"month": MONTH, "days_attended": 2})  # fmt: skip
    body = {
        "dropped_on": DAY,
        "last_month": MONTH,
        "reason": "家长带孩子外出务工",
        "expected_version": 8,
    }
    response = client.post(f"{url}/dropout", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    assert response.json | {"id": None, "reported_at": None} == {
        "id": None,
        "application_id": case_id,
        "dropped_on": DAY,
        "last_month": MONTH,
        "reason": "家长带孩子外出务工",
        "reported_by_id": world.a.users["institution_staff"].id,
        "reported_at": None,
    }
    detail = client.get(url, headers=headers).get_json()
    assert detail["state"] == "dropped_out" and detail["dropout"]["reason"] == "家长带孩子外出务工"
    problem(
        client.post(f"{url}/dropout", json={**body, "expected_version": 9}, headers=headers), 409
    )
    reports = client.get(f"{API}/dropout-reports", headers=auth(world.a, "reviewer")).get_json()
    assert [r["application_id"] for r in reports] == [case_id]
    act(client, world.a, "settlement_auditor", case_id, "settle", status=403)
    # Settled for the month actually trained, when finance pays the institution's claim.
    paid = pay_through_a_claim(client, world, "2026-Q1")
    assert [(line["application_id"], line["months"]) for line in paid["lines"]] == [
        (case_id, [MONTH])
    ]
    detail = client.get(url, headers=auth(world.a, "reviewer")).get_json()
    assert (detail["state"], detail["version"]) == ("settled", 10)
    assert detail["history"][-1]["role"] == "system"


def test_dropout_needs_its_reason_and_dates(client, world):
    case_id = to_rehabilitation(client, world)
    url = f"{API}/rehab-applications/{case_id}/dropout"
    response = client.post(
        url, json={"expected_version": 7}, headers=auth(world.a, "institution_staff")
    )
    assert set(problem(response, 422)["errors"]) == {"dropped_on", "last_month", "reason"}


def test_a_dropout_closed_in_error_is_reopened_by_the_reviewer(client, world):
    case_id = to_rehabilitation(client, world)
    url = f"{API}/rehab-applications/{case_id}"
    staff, reviewer = (world.a, "institution_staff"), (world.a, "reviewer")
    act(client, *staff, case_id, "report_dropout", reason="家长带孩子外出务工",
        payload={"dropped_on": DAY, "last_month": MONTH})  # fmt: skip
    act(client, *reviewer, case_id, "close_unbilled", reason="未实际训练")
    no_reason = act(client, *reviewer, case_id, "reopen_closed", reason=" ", status=422)
    assert "reason" in no_reason["errors"]
    act(client, *staff, case_id, "reopen_closed", reason="误结案", status=403)
    reopened = act(client, *reviewer, case_id, "reopen_closed", reason="误结案,尚有月份待登记")
    assert (reopened["state"], reopened["due_at"]) == ("dropped_out", None)
    history = client.get(url, headers=auth(*reviewer)).json["history"]
    assert (history[-1]["action"], history[-1]["reason"]) == (
        "reopen_closed",
        "误结案,尚有月份待登记",
    )


def test_a_completed_application_is_refused_with_its_code(client, world):
    case_id = to_rehabilitation(client, world)
    reviewer = (world.a, "reviewer")
    act(client, world.a, "institution_staff", case_id, "record_attendance",
        payload={"month": MONTH, "days_attended": 2})  # fmt: skip
    act(client, world.a, "institution_staff", case_id, "complete", payload={"completed_on": DAY})
    pay_through_a_claim(client, world, "2026-Q1")
    act(client, *reviewer, case_id, "close")
    refused = act(client, *reviewer, case_id, "reopen_closed", reason="误结案", status=409)
    assert refused["code"] == "closed_after_completion"
    assert client.get(f"{API}/rehab-applications/{case_id}",
                      headers=auth(*reviewer)).json["state"] == "closed"  # fmt: skip
