"""A reporter sees only what a reporter should: a teacher who filed a mandatory
report follows it through a receipt (what they reported, when, and whether it was accepted,
screened out or closed), never the case file (assessment, risk, police note, placement,
measures, visits, history), in the API, its list, and the pages."""

from __future__ import annotations

import pytest

from tests.web.pages.conftest import Browser
from tests.web.test_protection_api import API, act, auth, file_report

FILE_ONLY = ("assessment", "risk_level", "police_note", "police_involved", "placement",
             "placement_where", "measures", "visits", "history", "benefits", "assistance_plan",
             "outcome", "child", "due_at", "version", "actions_open")  # fmt: skip


@pytest.fixture
def http(app, world):
    from tests.conftest import NOW

    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


def worked_case(http, world) -> int:
    case_id = file_report(http, world, role="teacher").get_json()["id"]
    act(http, world, case_id, "accept")
    act(http, world, case_id, "respond", payload={
        "police_involved": True, "police_note": "派出所已出警", "placement": "relatives",
        "placement_where": "外婆家"})  # fmt: skip
    act(http, world, case_id, "start_assessment")
    act(http, world, case_id, "record_assessment",
        payload={"assessment": "父亲酗酒打骂", "risk_level": "high"})  # fmt: skip
    return case_id


def test_the_reporter_reads_a_receipt_not_the_case_file(http, world):
    case_id = worked_case(http, world)
    teacher = auth(world.a, "teacher")
    body = http.get(f"{API}/reports/{case_id}", headers=teacher).get_json()
    assert body["receipt"] is True and body["state"] == "accepted"  # not "assistance"
    assert body["facts"] == "孩子独自在家三天" and body["created_at"]
    assert not set(body) & set(FILE_ONLY), body
    assert body["actions"] == []
    listed = http.get(f"{API}/reports", headers=teacher).get_json()["items"]
    assert [(i["id"], i["receipt"], i["state"]) for i in listed] == [(case_id, True, "accepted")]
    assert not set(listed[0]) & set(FILE_ONLY)
    worker = http.get(f"{API}/reports/{case_id}", headers=auth(world.a, "case_worker")).get_json()
    assert worker["receipt"] is False and worker["risk_level"] == "high"
    # the file's other doors are shut to the reporter as well
    papers = http.get(f"{API}/documents?target=report&target_id={case_id}", headers=teacher)
    assert papers.status_code == 403


def test_a_receipt_says_screened_out_and_closed(http, world):
    case_id = file_report(http, world, role="teacher").get_json()["id"]
    teacher = auth(world.a, "teacher")
    assert http.get(f"{API}/reports/{case_id}", headers=teacher).get_json()["state"] == "reported"
    act(http, world, case_id, "screen_out", reason="查无此事", payload={"ground": "unfounded"})
    body = http.get(f"{API}/reports/{case_id}", headers=teacher).get_json()
    assert (body["state"], body["receipt"]) == ("screened_out", True)
    assert "screen_out_ground" not in body


def test_the_filing_answer_is_the_receipt_for_a_reporter(http, world):
    created = file_report(http, world, role="teacher")
    assert created.status_code == 201
    assert created.get_json()["receipt"] is True


def test_the_reporters_page_is_the_receipt(http, world, app):
    case_id = worked_case(http, world)
    browser = Browser(app)
    assert browser.sign_in(world.a.users["teacher"].username).status_code == 302
    page = browser.text(f"/reports/{case_id}")
    assert "父亲酗酒打骂" not in page and "派出所已出警" not in page and "外婆家" not in page
    assert "孩子独自在家三天" in page and "已受理" in page
    listed = browser.text("/reports")
    assert f"#{case_id}" in listed and '<span class="badge">已受理</span>' in listed
    assert '<span class="badge">帮扶</span>' not in listed
