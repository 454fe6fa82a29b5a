"""The API tests run at the world's fixed time and speak as one of the world's users."""

from __future__ import annotations

import re

import pytest

from casework.models import AuditEntry, RehabApplication

PROBLEM = "application/problem+json"
API = "/api/v1"


@pytest.fixture
def client(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: world.now  # NOW, until the world waits
    return app.test_client()


def auth(county, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {county.token(role)}"}


def problem(response, status: int) -> dict:
    """Assert `response` is a problem+json of `status` and return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", body["code"]), body  # every problem names its code
    return body


def act(client, county, role, application_id, action, *, version=None, status=200, **body):
    """POST one action as `role`; `version` defaults to the application's current one.
    Returns the application after the action (through the answer's link, checked against the
    answer), the answer itself when the case left the role's scope, or the problem."""
    if version is None:
        version = RehabApplication.get_by_id(application_id).version
    response = client.post(
        f"{API}/rehab-applications/{application_id}/actions/{action}",
        json={"expected_version": version, **body},
        headers=auth(county, role),
    )
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    return follow(client, body, auth(county, role)) if status == 200 else body


def follow(client, answer: dict, headers: dict) -> dict:
    """The record an action's answer links to, after checking that the compact answer agrees
    with it; the answer itself when it links to nothing (the case left the caller's scope)."""
    if answer["record"] is None:
        assert answer["actions"] == []
        return answer
    response = client.get(answer["record"], headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    record = response.get_json()
    assert (record["id"], record["state"], record["version"], record["due_at"]) == (
        answer["id"], answer["to_state"], answer["version"], answer["due_at"])  # fmt: skip
    assert record["actions"] == answer["actions"]
    return record


def footprint(application_id: int) -> tuple:
    """What a refused request must leave untouched: state, version, deadline, audit rows."""
    application = RehabApplication.get_by_id(application_id)
    rows = (
        AuditEntry.select()
        .where(AuditEntry.entity == "rehab", AuditEntry.entity_id == application_id)
        .count()
    )
    return application.state, application.version, application.due_at, rows


ATTESTATION = {"attestation": "本机构承诺所报费用真实、准确", "attested_by": "张院长"}


def claim_act(client, county, role: str, claim: dict, action: str, **body) -> dict:
    """POST one claim action as `role` at the claim's current version; the claim after it."""
    response = client.post(
        f"{API}/claims/{claim['id']}/actions/{action}",
        json={"expected_version": claim["version"], **body},
        headers=auth(county, role),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return follow(client, response.get_json(), auth(county, role))


def pay_through_a_claim(client, world, period: str, total_cost: str = "3000.00") -> dict:
    """Settle the way counties do: once `period` is over (the world's clock, which the client
    follows, waits for it) county a's institution drafts its claim for `period`, enters the
    costs and submits with its attestation; the auditor approves every line and sends the
    claim to finance; finance records the payment of the approved total. The paid claim."""
    county = world.a
    world.wait_until_over(period)
    staff = auth(county, "institution_staff")
    created = client.post(f"{API}/claims", json={"period": period}, headers=staff)
    assert created.status_code == 201, created.get_data(as_text=True)
    claim = created.get_json()
    assert claim["lines"], "nothing billable in the period"
    costs = [{"line_id": line["id"], "total_cost": total_cost} for line in claim["lines"]]
    claim = claim_act(client, county, "institution_staff", claim, "edit_lines",
                      payload={"lines": costs})  # fmt: skip
    claim = claim_act(client, county, "institution_staff", claim, "submit", payload=ATTESTATION)
    auditor = (county, "settlement_auditor")
    claim = claim_act(client, *auditor, claim, "decide_lines", payload={"approve_others": True})
    claim = claim_act(client, *auditor, claim, "complete_audit")
    claim = claim_act(client, *auditor, claim, "send_to_finance")
    payment = {"paid_on": world.now.date().isoformat(), "voucher_number": "记-2026-031",
               "amount": claim["totals"]["approved"]}  # fmt: skip
    claim = claim_act(client, county, "finance_officer", claim, "record_payment", payload=payment)
    assert claim["state"] == "paid"
    return claim
