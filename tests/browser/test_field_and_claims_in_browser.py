"""In the browser: a child director records a visit on a phone, a member of the public reports
a child at phone size without signing in, and an institution drafts and submits a claim."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from casework.models import Child, Claim, ReportCase, Visit
from casework.services import rehab
from tests.browser.conftest import screenshot

PHONE = (360, 640)


def fits_the_phone(page) -> None:
    """Nothing wider than the screen: no sideways scrolling to reach a field."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0], width


def test_a_child_director_records_a_visit_on_a_phone(world, page_for):
    child = world.child(disabilities=())
    world.categorise(child, "guardianship")
    Child.update(created_at=dt.datetime(2025, 10, 1)).where(Child.id == child.id).execute()
    page = page_for(world.a.users["child_director"], *PHONE)
    expect(page.get_by_role("heading", name="我的待走访和超期走访")).to_be_visible()
    expect(page.locator(".card.visit")).to_contain_text(child.name)
    fits_the_phone(page)
    screenshot(page, "director-my-visits-phone")
    page.get_by_role("link", name=f"记录走访 {child.name}").click()
    page.get_by_label("走访情况").fill("儿童在家，祖母照料，情况良好")
    page.get_by_label("下一步措施").fill("下月再访，联系父母")
    fits_the_phone(page)
    screenshot(page, "director-visit-form-phone")
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator(".flash.success")).to_contain_text("走访已记录")
    screenshot(page, "director-visit-recorded-phone")
    visit = Visit.get()
    assert (visit.child_id, visit.findings) == (child.id, "儿童在家，祖母照料，情况良好")


def test_the_public_report_form_at_phone_size(world, chromium, live):
    context = chromium.new_context(viewport={"width": PHONE[0], "height": PHONE[1]},
                                   locale="zh-CN", timezone_id="Asia/Shanghai")  # fmt: skip
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live}/report")
        expect(page.get_by_role("heading", name="报告儿童受侵害或处于困境")).to_be_visible()
        page.get_by_label("您的姓名").fill("张女士")
        page.get_by_label("联系电话").fill("13900000000")
        village = world.a.villages[0]
        page.get_by_label("儿童所在地点（乡镇或村）").select_option(str(village.id))
        page.get_by_label("儿童遭遇的情况").select_option("guardianship_absent")
        page.get_by_label("紧急：儿童正处于危险之中").check()
        page.get_by_label("儿童情况描述").fill("约6岁女孩，独自在家多日")
        page.get_by_label("您看到或听到的情况").fill("邻居反映孩子父母外出务工，无人照看")
        fits_the_phone(page)
        screenshot(page, "public-report-form-phone")
        page.get_by_role("button", name="提交报告").click()
        expect(page.get_by_role("heading", name="报告已收到")).to_be_visible()
        screenshot(page, "public-report-received-phone")
    finally:
        context.close()
    case = ReportCase.get()
    assert (case.state, case.urgent, case.place_id) == ("reported", True, village.id)


def test_an_institution_drafts_and_submits_a_claim(world, page_for):
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_attendance",
              now=world.now, payload={"month": "2026-03", "days_attended": 2})  # fmt: skip
    world.wait_until_over("2026-Q1")  # a quarter is billed once it is over
    page = page_for(world.a.users["institution_staff"])
    page.get_by_role("link", name="结算申报", exact=True).click()
    page.get_by_label("结算周期").select_option("2026-Q1")
    page.get_by_role("button", name="起草结算申报").click()
    expect(page.locator(".flash.success")).to_contain_text("共 1 条明细")
    child = application.child.name
    page.get_by_label(f"{child} 总费用").fill("3000.00")
    page.get_by_label(f"{child} 基本医疗保险").fill("500.00")
    page.get_by_role("button", name="保存费用").click()
    expect(page.locator(".flash.success")).to_contain_text("保存费用")
    subsidy = page.locator("td.subsidy").first
    expect(subsidy).not_to_have_text("0.00")
    screenshot(page, "institution-claim-costed")
    page.get_by_label("声明人").fill("李院长")
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator("h1 .badge")).to_have_text("已提交（机构自审）")
    screenshot(page, "institution-claim-submitted")
    claim = Claim.get()
    assert (claim.state, claim.attested_by) == ("self_audited", "李院长")
