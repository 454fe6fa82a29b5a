"""The one action handler of the pages (web/pages/actions.py) and its hints (web/pages/hints.py):
a refused form comes back as typed with every field's error, a confirmation is asked on the
action's page, one-click buttons only for what asks nothing, and hints that name real things."""

from __future__ import annotations

import re

import pytest

from casework.models import Claim, ClaimLine
from casework.services import rehab
from casework.workflows.registry import WORKFLOWS, workflow_named
from tests.web.pages.test_claim_pages import attended, draft, post, submitted  # noqa: F401
from web.pages import actions
from web.pages.forms import action_fields
from web.pages.hints import HINTS, From


def errors_listed(html: str) -> list[str]:
    found = re.search(r'<ul class="errors">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>([^<]+)</li>", found.group(1)) if found else []


def test_a_refused_form_keeps_what_was_typed(world, as_role):
    application = world.application()
    world.advance(application.id, "agreed")
    staff = as_role("institution_staff")
    typed = {"assessed_on": "2026-03-02", "assessment": "粗大运动功能落后，需辅助站立",
             "goals": "独立行走", "starts_on": "2026-03-02", "planned_months": "13"}  # fmt: skip
    response = staff.post(f"/applications/{application.id}/actions/record_plan", typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ">粗大运动功能落后，需辅助站立</textarea>" in html
    assert 'value="13"' in html and 'value="10"' not in html  # typed, not the default
    assert rehab.require(application.id).state == "agreed"


def test_every_fields_error_is_shown_at_once(world, as_role):
    """The reason and the payload's fields together, each named, and each beside its field."""
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    staff = as_role("institution_staff")
    response = staff.post(f"/applications/{application.id}/actions/report_dropout",
                          {"dropped_on": "", "last_month": ""})  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    listed = errors_listed(html)
    assert {item.split("：")[0] for item in listed} == {"理由", "退出日期", "最后出勤月份"}
    assert html.count('class="error" id=') == 3
    assert 'value=""' in html  # the dates as sent (empty), not today's default again


def test_the_checkboxes_ticked_are_kept_when_refused(world, as_role):
    application = world.application(documents=("identity",))
    world.advance(application.id, "under_review")
    reviewer = as_role("reviewer")
    reviewer.post(f"/applications/{application.id}/actions/return_for_correction",
                  {"reason": "缺诊断证明"})  # fmt: skip
    clerk = as_role("intake_clerk")
    form = clerk.text(f"/applications/{application.id}/actions/resubmit")
    assert re.search(r'value="identity" checked', form)  # the default: papers received
    response = clerk.post(f"/applications/{application.id}/actions/resubmit",
                          {"received": ["identity", "diagnosis", "bogus"]})  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'value="diagnosis" checked', html) and re.search(
        r'value="identity" checked', html
    )


def test_a_refused_claim_form_is_drawn_again_on_the_claim_page_as_typed(world, as_role, attended):  # noqa: F811
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    post(staff, claim_id, "edit_lines", {"line_id": line.id, f"total_cost-{line.id}": "800"})
    refused = post(staff, claim_id, "submit", {"attestation": "本机构承诺属实", "attested_by": ""},
                   status=422)  # fmt: skip
    html = refused.get_data(as_text=True)
    assert ">本机构承诺属实</textarea>" in html
    assert [item.split("：")[0] for item in errors_listed(html)] == ["声明人"]
    assert Claim.get_by_id(claim_id).state == "draft"


def test_a_confirmation_is_asked_on_the_actions_page(world, as_role, attended):  # noqa: F811
    claim_id, line = submitted(as_role)
    auditor = as_role("settlement_auditor")
    post(auditor, claim_id, "decide_lines", {"line_id": line.id, "approve_others": "yes"})
    page = auditor.text(f"/claims/{claim_id}")
    assert f'action="/claims/{claim_id}/actions/complete_audit"' in page  # one click
    post(auditor, claim_id, "complete_audit")
    page = auditor.text(f"/claims/{claim_id}")
    assert f'href="/claims/{claim_id}/actions/send_to_finance">送财务付款' in page  # not one click
    assert f'action="/claims/{claim_id}/actions/send_to_finance"' not in page
    question = auditor.text(f"/claims/{claim_id}/actions/send_to_finance")
    assert "确定将核定通过的明细送财政吗" in question
    assert Claim.get_by_id(claim_id).state == "federation_audited"  # asking changes nothing
    post(
        auditor,
        claim_id,
        "send_to_finance",
        {"expected_version": Claim.get_by_id(claim_id).version},
    )
    assert Claim.get_by_id(claim_id).state == "sent_to_finance"


def test_one_click_only_for_what_asks_nothing_unless_a_hint_says(world, as_role):
    eligible = world.application()
    world.advance(eligible.id, "under_review")
    page = as_role("reviewer").text(f"/applications/{eligible.id}")
    one_click = re.findall(r'<button type="submit" class="primary">([^<]+)</button>', page)
    links = re.findall(r'class="button" href="[^"]+">([^<]+)…</a>', page)
    assert one_click == ["审核通过"]  # the hint: approving an eligible one asks nothing
    assert set(links) == {"退回补正", "不予救助", "登记已收材料"}


def test_the_action_page_of_an_action_not_open_to_the_role_is_refused(world, as_role):
    application = world.application()
    assert (
        as_role("leader").get(f"/applications/{application.id}/actions/approve").status_code == 403
    )
    assert as_role("reviewer").get(f"/applications/{application.id}/actions/fly").status_code == 404


@pytest.mark.parametrize("workflow", sorted(HINTS))
def test_every_hint_names_a_registered_action_and_its_fields(workflow):
    definition = workflow_named(workflow)
    assert definition is not None, workflow
    for name, found in HINTS[workflow].items():
        action = definition.action(name)
        assert action is not None and action.sources, (workflow, name)
        fields = {spec.name for spec in action_fields(action)}
        assert set(found.defaults) <= fields, (workflow, name, set(found.defaults) - fields)
        assert found.drawn <= fields, (workflow, name)
        for default in found.defaults.values():
            if isinstance(default, From):
                assert default.path.split(".")[0] in {"record", "actor", "today", "this_month"}


def test_every_registered_workflow_with_pages_registers_them_by_its_name(pages):
    assert set(actions.CASE_PAGES) <= {w.name for w in WORKFLOWS}
    for name, found in actions.CASE_PAGES.items():
        assert found.workflow.name == name
