"""The settlement API: who may do what to which claim, and the errors of everything else."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from casework.models import AuditEntry, Claim
from tests.integration.claim_cases import ATTESTATION, in_rehab
from tests.web.conftest import follow

API = "/api/v1"


@pytest.fixture
def api(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: world.now  # NOW, until the world waits
    return app.test_client()


def auth(county, role):
    return {"Authorization": f"Bearer {county.token(role)}"}


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    return response.get_json()


def act(api, county, role, claim_id, action, status=200, **body):
    version = Claim.get_by_id(claim_id).version
    response = api.post(
        f"{API}/claims/{claim_id}/actions/{action}",
        json={"expected_version": version, **body},
        headers=auth(county, role),
    )
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    return follow(api, body, auth(county, role)) if status == 200 else body


def footprint(claim_id):
    claim = Claim.get_by_id(claim_id)
    return claim.state, claim.version, AuditEntry.select().count()


def test_the_walk_of_a_quarters_claim(api, world):
    in_rehab(world)
    in_rehab(world)
    created = api.post(f"{API}/claims", json={"period": "2026-Q1"},
                       headers=auth(world.a, "institution_staff"))  # fmt: skip
    assert created.status_code == 201, created.get_data(as_text=True)
    claim = created.get_json()
    assert [line["months"] for line in claim["lines"]] == [["2026-01", "2026-02", "2026-03"]] * 2
    assert "submit" in [a["name"] for a in claim["actions"]]
    first, second = (line["id"] for line in claim["lines"])
    edits = [{"line_id": i, "total_cost": "6000.00", "basic_medical": "1000.00"}
             for i in (first, second)]  # fmt: skip
    body = act(api, world.a, "institution_staff", claim["id"], "edit_lines",
               payload={"lines": edits})  # fmt: skip
    assert body["lines"][0]["subsidy"] == "5000.00"
    # why it pays 5,000: the remainder, under the cap
    assert body["lines"][0]["year_to_date"] == {
        "remainder": "5000.00",
        "months": 3,
        "cap": "5100.00",
        "approved_before": "0.00",
    }
    assert body["totals"]["claimed"] == "10000.00"
    # free_device is a field of the edit (not unknown), refused for months of training
    refused = act(api, world.a, "institution_staff", claim["id"], "edit_lines", status=422,
                  payload={"lines": [{"line_id": first, "free_device": True}]})  # fmt: skip
    assert list(refused["errors"]) == ["lines.0.free_device"], refused
    act(api, world.a, "institution_staff", claim["id"], "submit", payload=ATTESTATION)
    act(api, world.a, "settlement_auditor", claim["id"], "decide_lines", payload={
        "decisions": [{"line_id": second, "decision": "reject", "code": "receipts_missing",
                       "reason": "缺少发票"}], "approve_others": True})  # fmt: skip
    act(api, world.a, "settlement_auditor", claim["id"], "complete_audit")
    act(api, world.a, "institution_staff", claim["id"], "return_for_correction", reason="补发票")
    act(api, world.a, "institution_staff", claim["id"], "edit_lines",
        payload={"lines": [{"line_id": second, "total_cost": "3000.00"}]})  # fmt: skip
    act(api, world.a, "institution_staff", claim["id"], "submit", payload=ATTESTATION)
    act(api, world.a, "settlement_auditor", claim["id"], "decide_lines",
        payload={"approve_others": True})  # fmt: skip
    act(api, world.a, "settlement_auditor", claim["id"], "complete_audit")
    act(api, world.a, "settlement_auditor", claim["id"], "send_to_finance")
    before = footprint(claim["id"])
    wrong = act(
        api,
        world.a,
        "finance_officer",
        claim["id"],
        "record_payment",
        status=422,
        payload={"paid_on": "2026-03-02", "voucher_number": "记-7", "amount": "8000"},
    )
    assert "7000.00" in wrong["errors"]["amount"][0]
    assert footprint(claim["id"]) == before
    paid = act(
        api,
        world.a,
        "finance_officer",
        claim["id"],
        "record_payment",
        payload={"paid_on": "2026-03-02", "voucher_number": "记-7", "amount": "7000.00"},
    )
    assert paid["state"] == "paid" and paid["paid_amount"] == "7000.00"
    sheet = api.get(f"{API}/claims/statement?period=2026-Q1",
                    headers=auth(world.a, "finance_officer"))  # fmt: skip
    assert sheet.status_code == 200 and sheet.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(sheet.data))["结算明细"].iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][-3] == 7000
    text = api.get(f"{API}/claims/{claim['id']}/statement?format=csv",
                   headers=auth(world.a, "institution_staff"))  # fmt: skip
    assert text.data.startswith("\ufeff".encode()) and "核定补助" in text.data.decode("utf-8-sig")


def test_scope_and_errors(api, world):
    in_rehab(world)
    staff = auth(world.a, "institution_staff")
    claim = api.post(f"{API}/claims", json={"period": "2026-Q1"}, headers=staff).get_json()
    url = f"{API}/claims/{claim['id']}"
    assert problem(api.get(url), 401)
    for county, role in [(world.b, "settlement_auditor"), (world.a, "institution_staff_2"),
                         (world.b, "finance_officer")]:  # fmt: skip
        assert problem(api.get(url, headers=auth(county, role)), 403)
    assert problem(api.get(f"{API}/claims/999999", headers=staff), 404)
    listed = api.get(f"{API}/claims", headers=auth(world.b, "settlement_auditor")).get_json()
    assert listed["total"] == 0
    assert problem(api.post(f"{API}/claims", json={"period": "2026-Q1"},
                            headers=auth(world.a, "settlement_auditor")), 403)  # fmt: skip
    assert "period" in problem(api.post(f"{API}/claims", json={"period": "Q9"}, headers=staff),
                               422)["errors"]  # fmt: skip
    before = footprint(claim["id"])
    body = act(api, world.a, "settlement_auditor", claim["id"], "complete_audit", status=409)
    assert body["allowed"] == []  # the auditor has nothing to do on a draft
    line = claim["lines"][0]["id"]
    for cost, field in [("-5.00", "total_cost"), ("12.345", "total_cost")]:
        body = act(api, world.a, "institution_staff", claim["id"], "edit_lines", status=422,
                   payload={"lines": [{"line_id": line, "total_cost": cost}]})  # fmt: skip
        assert field in str(body["errors"])
    body = act(api, world.a, "institution_staff", claim["id"], "edit_lines", status=422,
               payload={"lines": [{"line_id": line, "total_cost": "10",
                                   "medical_aid": "20"}]})  # fmt: skip
    assert "lines.0.insurance" in body["errors"]
    act(api, world.a, "institution_staff", claim["id"], "no_such_action", status=404)
    act(api, world.a, "finance_officer", claim["id"], "submit", status=403, payload=ATTESTATION)
    assert footprint(claim["id"]) == before
    assert problem(api.get(f"{API}/claims/statement?period=2026-Q1", headers=staff), 403)


def test_policy_standards(api, world):
    url = f"{API}/policy/standards"
    read = api.get(f"{url}?aid_year=2026", headers=auth(world.a, "institution_staff"))
    standards = {s["aid_item"]: s for s in read.get_json()["standards"]}
    assert standards["training_visual"] == {
        "aid_item": "training_visual",
        "amount": "1000.00",
        "monthly_amount": "100.00",
        "since_year": None,
    }
    assert read.get_json()["cycle"] == "quarterly"
    body = {"amount": "18000.00", "monthly_amount": "1800.00"}
    assert problem(api.put(f"{url}/2027/training_limb", json=body,
                           headers=auth(world.a, "settlement_auditor")), 403)  # fmt: skip
    changed = api.put(f"{url}/2027/training_limb", json=body, headers=auth(world.a, "admin"))
    assert changed.status_code == 200 and changed.get_json()["since_year"] == 2027
    later = api.get(f"{url}?aid_year=2028", headers=auth(world.a, "reviewer")).get_json()
    assert {s["aid_item"]: s["amount"] for s in later["standards"]}["training_limb"] == "18000.00"
    other = api.get(f"{url}?aid_year=2028", headers=auth(world.b, "reviewer")).get_json()
    assert {s["aid_item"]: s["amount"] for s in other["standards"]}["training_limb"] == "17000.00"
    for item, payload, field in [
        ("training_limb", {"amount": "100.00"}, "monthly_amount"),
        ("hearing_aids", {"amount": "-1"}, "amount"),
        ("no_such_item", {"amount": "1"}, "aid_item"),
    ]:
        refused = api.put(f"{url}/2027/{item}", json=payload, headers=auth(world.a, "admin"))
        assert field in problem(refused, 422)["errors"]
    cycle = api.put(f"{API}/policy/cycle", json={"cycle": "monthly"},
                    headers=auth(world.a, "admin"))  # fmt: skip
    assert cycle.get_json() == {"county_id": world.a.county.id, "cycle": "monthly"}


def test_a_draft_bills_the_cases_named(api, world):
    first, second = in_rehab(world), in_rehab(world)
    staff = auth(world.a, "institution_staff")
    created = api.post(f"{API}/claims", json={"period": "2026-Q1", "application_ids": [second.id]},
                       headers=staff)  # fmt: skip
    assert created.status_code == 201, created.get_data(as_text=True)
    assert [line["application_id"] for line in created.get_json()["lines"]] == [second.id]
    body = problem(api.post(f"{API}/claims", json={"period": "2026-Q1", "application_ids": []},
                            headers=staff), 422)  # fmt: skip
    assert body["code"] == "no_cases_chosen" and "application_ids" in body["errors"]
    assert first.id not in {line.application_id for line in Claim.get().lines}
