"""In the browser at phone size (360×640): a child director records a visit with what it
found, field by field, ticks the risks and files the mandatory report with the visit; and
screens the children of the village from the screening list."""

from __future__ import annotations

from playwright.sync_api import expect

from casework.models import ReportCase, ScreeningEntry, Visit
from casework.services import screening
from tests.browser.conftest import screenshot
from tests.browser.test_field_and_claims_in_browser import PHONE, fits_the_phone


def test_a_director_records_the_findings_and_files_the_report_on_a_phone(world, page_for, live):
    child = world.child(disabilities=())
    page = page_for(world.a.users["child_director"], *PHONE)
    page.goto(f"{live}/visits/new?child_id={child.id}&kind=regular")
    expect(page.get_by_role("group", name="走访发现")).to_be_visible()
    page.get_by_label("走访情况").fill("奶奶住院后孩子常独自在家")
    page.get_by_label("实际照料人").fill("祖母（72岁，住院中）")
    page.get_by_role("group", name="照料是否到位").get_by_label("否").check()
    page.get_by_label("就学情况").select_option("dropped_out")
    page.get_by_label("父母与孩子联系情况").select_option("rarely")
    page.get_by_label("健康状况").fill("咳嗽两周未就医")
    page.get_by_label("安全", exact=True).fill("夜间独自在家")
    page.get_by_label("需求", exact=True).fill("临时照料；联系学校复学")
    risks = page.get_by_role("group", name="发现的风险")
    risks.get_by_label("无人照料").check()
    risks.get_by_label("辍学", exact=True).check()
    page.get_by_label("根据这次走访立即提交强制报告").check()
    fits_the_phone(page)
    screenshot(page, "director-structured-visit-phone")
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator(".flash.success")).to_contain_text("强制报告")
    fits_the_phone(page)
    screenshot(page, "director-visit-report-filed-phone")
    visit, case = Visit.get(), ReportCase.get()
    assert (visit.carer, visit.care_adequate, visit.schooling, visit.parents_contact) == (
        "祖母（72岁，住院中）", False, "dropped_out", "rarely")  # fmt: skip
    assert (visit.risk_flags, visit.opened_report_id) == (["no_carer", "dropped_out"], case.id)
    assert (case.child_id, case.harm_type, case.urgent) == (child.id, "guardianship_absent", True)
    assert "夜间独自在家" in case.facts


def test_a_director_screens_the_village_on_a_phone(world, page_for, live):
    child = world.child(disabilities=())
    round_ = screening.launch(
        world.a.actor("case_worker"),
        {"title": "春季排查", "starts_on": "2026-03-01", "ends_on": "2026-03-31"},
        world.now,
    )
    page = page_for(world.a.users["child_director"], *PHONE)
    page.goto(f"{live}/screenings")
    expect(page.get_by_role("heading", name=world.a.villages[0].name)).to_be_visible()
    card = page.locator(".card", has_text=child.name)
    card.get_by_text("登记排查结果").click()
    card.get_by_label("结果").select_option("follow_up")
    card.get_by_label("备注").fill("父母外出务工，需跟进")
    fits_the_phone(page)
    screenshot(page, "director-screening-list-phone")
    card.get_by_role("button", name="登记为已排查").click()
    expect(page.locator(".flash.success")).to_contain_text("已登记为已排查")
    page.get_by_role("button", name="所有儿童和家庭均已排查：本村排查完成").click()
    expect(page.locator(".flash.success")).to_contain_text("本村排查已完成")
    fits_the_phone(page)
    entry = ScreeningEntry.get()
    assert (entry.screening_id, entry.child_id, entry.result) == (round_.id, child.id, "follow_up")
