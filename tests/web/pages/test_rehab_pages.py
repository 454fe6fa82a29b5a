"""The reviewer's queue and the application page, and every action done through its form."""

from __future__ import annotations

import datetime as dt
import re

from casework.models import AuditEntry, RehabApplication
from casework.services import rehab
from tests.conftest import NOW
from tests.integration.rehab_cases import CLOSED_UNBILLED, reach


def state_of(application_id: int) -> str:
    return rehab.require(application_id).state


def test_queue_puts_the_overdue_first_and_highlights_them(world, as_role):
    fresh = world.application()
    late = world.application()
    RehabApplication.update(due_at=NOW - dt.timedelta(days=3)).where(
        RehabApplication.id == late.id
    ).execute()
    html = as_role("reviewer").text("/applications")
    assert html.index(f">#{late.id}<") < html.index(f">#{fresh.id}<")
    late_row = re.search(rf'<tr class="late">\s*<td><a [^>]*>#{late.id}<', html)
    assert late_row, "the overdue row is highlighted"
    assert "超期 3 天" in html


def test_queue_filters_by_state_township_and_overdue(world, as_role):
    first = world.application(village=0)
    second = world.application(village=2)  # in the second township
    world.advance(second.id, "under_review")
    RehabApplication.update(due_at=NOW - dt.timedelta(days=1)).where(
        RehabApplication.id == first.id
    ).execute()
    browser = as_role("reviewer")
    by_state = browser.text("/applications?state=under_review")
    assert f">#{second.id}<" in by_state and f">#{first.id}<" not in by_state
    township = world.a.townships[1].id
    by_place = browser.text(f"/applications?place_id={township}")
    assert f">#{second.id}<" in by_place and f">#{first.id}<" not in by_place
    overdue = browser.text("/applications?overdue=yes")
    assert f">#{first.id}<" in overdue and f">#{second.id}<" not in overdue
    assert "共 1 条" in browser.text("/applications?overdue=no")
    assert browser.get("/applications?state=bogus").status_code == 200  # ignored, not an error


def test_application_page_shows_file_eligibility_papers_and_history(world, as_role):
    child = world.child(born=dt.date(2016, 1, 1))  # 10: above the limb limit of 7
    application = world.application(child=child, documents=("identity",))
    html = as_role("reviewer").text(f"/applications/{application.id}")
    assert child.name in html and child.id_number in html
    assert "不符合救助条件" in html
    assert "超过 7 周岁的年龄上限" in html
    assert "未收到诊断（评估）证明" in html
    assert "诊断（评估）证明: 未收到" in html
    assert "提交申请" in html  # the history's first entry
    buttons = re.findall(r'<button type="submit" class="primary">([^<]+)</button>', html)
    links = re.findall(r'class="button" href="[^"]+">([^<]+)…</a>', html)
    assert buttons == ["开始审核"] and links == ["登记已收材料"]


def test_buttons_follow_the_workflow_for_each_user(world, as_role):
    application = world.application()
    world.advance(application.id, "under_review")
    reviewer = as_role("reviewer").text(f"/applications/{application.id}")
    for label in ("退回补正", "不予救助", "审核通过"):
        assert label in reviewer
    clerk = as_role("intake_clerk").text(f"/applications/{application.id}")
    assert "撤回申请" in clerk and "审核通过" not in clerk
    leader = as_role("leader").text(f"/applications/{application.id}")
    assert "该申请当前没有需要您办理的事项" in leader


def test_start_review_and_approve_by_one_click(world, as_role):
    application = world.application()
    browser = as_role("reviewer")
    browser.get(f"/applications/{application.id}")
    response = browser.post(f"/applications/{application.id}/actions/start_review",
                            {"expected_version": 1})  # fmt: skip
    assert response.status_code == 302
    assert "已完成：开始审核" in browser.text(f"/applications/{application.id}")
    browser.post(f"/applications/{application.id}/actions/approve", {"expected_version": 2})
    assert state_of(application.id) == "approved"


def test_a_stale_page_is_told_to_reload_and_changes_nothing(world, as_role):
    application = world.application()
    browser = as_role("reviewer")
    browser.get(f"/applications/{application.id}")
    world.advance(application.id, "under_review")
    response = browser.post(f"/applications/{application.id}/actions/reject",
                            {"expected_version": 1, "reason": "材料不全"})  # fmt: skip
    assert response.status_code == 302
    assert "该记录已被他人修改" in browser.text(f"/applications/{application.id}")
    assert state_of(application.id) == "under_review"


def test_reject_needs_a_reason(world, as_role):
    application = world.application()
    world.advance(application.id, "under_review")
    browser = as_role("reviewer")
    form = browser.text(f"/applications/{application.id}/actions/reject")
    assert '<label for="f-reason">理由' in form
    response = browser.post(f"/applications/{application.id}/actions/reject", {"reason": " "})
    assert response.status_code == 422
    assert "此项为必填项" in response.get_data(as_text=True)
    assert state_of(application.id) == "under_review"
    browser.post(f"/applications/{application.id}/actions/reject", {"reason": "户籍不在本县"})
    assert state_of(application.id) == "rejected"
    assert AuditEntry.get(AuditEntry.action == "reject").reason == "户籍不在本县"


def test_approving_an_ineligible_application_needs_an_override_reason(world, as_role):
    child = world.child(born=dt.date(2016, 1, 1))
    application = world.application(child=child)
    world.advance(application.id, "under_review")
    browser = as_role("reviewer")
    page = browser.text(f"/applications/{application.id}")
    assert "审核通过…" in page  # a form, not one click
    response = browser.post(f"/applications/{application.id}/actions/approve", {})
    assert response.status_code == 422
    assert "该申请不符合救助条件，必须填写" in response.get_data(as_text=True)
    browser.post(f"/applications/{application.id}/actions/approve",
                 {"override_reason": "县残联领导小组会议特批"})  # fmt: skip
    record = rehab.require(application.id)
    assert (record.state, record.override_reason) == ("approved", "县残联领导小组会议特批")


def test_refer_lists_institutions_offering_the_items_nearest_first(world, as_role):
    application = world.application(items=("training_hearing",), disabilities=("hearing",))
    world.advance(application.id, "approved")
    browser = as_role("reviewer")
    form = browser.text(f"/applications/{application.id}/actions/refer")
    names = re.findall(r'<label for="inst-\d+">([^<]+)</label>', form)
    assert names == [world.a.institutions[0].name, world.a.institutions[1].name]
    assert "0 / 50" in form and "0 / 20" in form
    second = world.a.institutions[1]
    browser.post(f"/applications/{application.id}/actions/refer",
                 {"institution_id": second.id,
                  "proposed_institution_id": world.a.institutions[0].id})  # fmt: skip
    record = rehab.require(application.id)
    assert record.institution_id == second.id
    assert [r.basis for r in record.referrals] == ["guardian_choice"]


def test_institution_accepts_or_declines_a_referral(world, as_role):
    accepted, declined = world.application(), world.application()
    for application in (accepted, declined):
        world.advance(application.id, "referred")
    staff = as_role("institution_staff")
    listing = staff.text("/institution/referrals")
    assert f">#{accepted.id}<" in listing and "接收转介" in listing
    staff.post(f"/applications/{accepted.id}/actions/accept_referral")
    assert state_of(accepted.id) == "accepted"
    response = staff.post(f"/applications/{declined.id}/actions/decline_referral", {})
    assert response.status_code == 422 and state_of(declined.id) == "referred"
    staff.post(f"/applications/{declined.id}/actions/decline_referral", {"reason": "名额已满"})
    assert state_of(declined.id) == "approved"
    assert f">#{declined.id}<" not in staff.text("/institution/referrals")


def test_agreement_and_plan_forms(world, as_role):
    application = world.application()
    world.advance(application.id, "accepted")
    staff = as_role("institution_staff")
    form = staff.text(f"/applications/{application.id}/actions/sign_agreement")
    assert 'type="date"' in form and "监护人姓名" in form
    future = staff.post(f"/applications/{application.id}/actions/sign_agreement",
                        {"signed_on": "2026-03-09", "guardian_name": "王芳"})  # fmt: skip
    assert future.status_code == 422 and "不能晚于今天" in future.get_data(as_text=True)
    staff.post(f"/applications/{application.id}/actions/sign_agreement",
               {"signed_on": "2026-03-02", "guardian_name": "王芳"})  # fmt: skip
    assert state_of(application.id) == "agreed"
    bad = staff.post(f"/applications/{application.id}/actions/record_plan", {
        "assessed_on": "2026-03-02", "assessment": "粗大运动功能落后", "goals": "独立行走",
        "starts_on": "2026-03-01", "planned_months": "13"})  # fmt: skip
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "须在 1 至 12 之间" in text
    staff.post(f"/applications/{application.id}/actions/record_plan", {
        "assessed_on": "2026-03-02", "assessment": "粗大运动功能落后", "goals": "独立行走",
        "starts_on": "2026-03-02", "planned_months": "10"})  # fmt: skip
    assert state_of(application.id) == "in_rehabilitation"
    assert "独立行走" in staff.text(f"/applications/{application.id}")


def test_actions_not_open_now_are_not_offered(world, as_role):
    application = world.application()
    browser = as_role("reviewer")
    response = browser.get(f"/applications/{application.id}/actions/refer")
    assert response.status_code == 302
    assert "不能办理“转介定点机构”" in browser.text(f"/applications/{application.id}")
    staff_only = browser.get(f"/applications/{application.id}/actions/accept_referral")
    assert staff_only.status_code == 403


def test_a_reason_pasted_with_control_characters_is_stored_without_them(world, as_role):
    """Forms drop the characters no spreadsheet (XML) can hold; newlines stay."""
    application = world.application()
    world.advance(application.id, "under_review")
    browser = as_role("reviewer")
    reason = "户籍\x0b不在本县\x1f\n另见附件"
    browser.post(f"/applications/{application.id}/actions/reject", {"reason": reason})
    assert state_of(application.id) == "rejected"
    assert AuditEntry.get(AuditEntry.action == "reject").reason == "户籍不在本县\n另见附件"


def test_the_page_proposes_the_institution_the_engine_refers_to(world, as_role):
    """The guardian's choice that declined the child is passed over, on the page and in the
    engine alike, for the nearest with room."""
    application = world.application()
    nearest, chosen = world.a.institutions[0], world.a.institutions[1]
    RehabApplication.update(preferred_institution=chosen.id).where(
        RehabApplication.id == application.id
    ).execute()
    world.advance(application.id, "approved")
    reviewer = as_role("reviewer")
    reviewer.post(f"/applications/{application.id}/actions/refer", {})
    assert rehab.require(application.id).institution_id == chosen.id
    staff = as_role("institution_staff_2")
    staff.post(f"/applications/{application.id}/actions/decline_referral", {"reason": "名额已满"})
    form = reviewer.text(f"/applications/{application.id}/actions/refer")
    assert f'value="{nearest.id}" checked' in form
    chosen_now = {"institution_id": nearest.id, "proposed_institution_id": nearest.id}
    reviewer.post(f"/applications/{application.id}/actions/refer", chosen_now)
    record = rehab.require(application.id)
    assert record.institution_id == nearest.id
    assert [r.basis for r in record.referrals] == ["guardian_choice", "nearest"]


def test_the_reviewer_reopens_a_dropout_closed_in_error(world, as_role):
    application_id = reach(world, CLOSED_UNBILLED)
    assert "重新打开（误结案的中途退出）" not in as_role("intake_clerk").text(
        f"/applications/{application_id}"
    )
    browser = as_role("reviewer")
    assert "重新打开（误结案的中途退出）" in browser.text(f"/applications/{application_id}")
    url = f"/applications/{application_id}/actions/reopen_closed"
    assert '<label for="f-reason">理由' in browser.text(url)
    assert browser.post(url, {"reason": " "}).status_code == 422
    assert state_of(application_id) == "closed"
    browser.post(url, {"reason": "误结案,尚有月份待登记"})
    assert state_of(application_id) == "dropped_out"
    assert AuditEntry.get(AuditEntry.action == "reopen_closed").reason == "误结案,尚有月份待登记"


def test_reopening_a_completed_application_is_refused_in_chinese(world, as_role):
    application_id = reach(world, "closed")
    browser = as_role("reviewer")
    response = browser.post(f"/applications/{application_id}/actions/reopen_closed",
                            {"reason": "误结案"})  # fmt: skip
    assert response.status_code == 302  # back to the application, the refusal flashed on it
    assert "已完成的申请不能重新打开" in browser.text(f"/applications/{application_id}")
    assert state_of(application_id) == "closed"
