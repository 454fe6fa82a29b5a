"""A person at a browser doing the day's work: reviewer, institution, county leader."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from casework.services import rehab
from tests.browser.conftest import screenshot


def test_reviewer_approves_and_refers_an_application(world, page_for, live):
    application = world.application()
    world.application()  # a second one, so the queue has rows to sort
    page = page_for(world.a.users["reviewer"])
    expect(page.get_by_role("heading", name=re.compile("救助申请"))).to_be_visible()
    screenshot(page, "reviewer-queue")

    page.get_by_role("link", name=f"#{application.id}", exact=True).click()
    expect(page.get_by_role("heading", name="当前可办理事项")).to_be_visible()
    page.get_by_role("button", name="开始审核").click()
    expect(page.locator(".flash.success")).to_contain_text("开始审核")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("h1 .badge")).to_have_text("审核通过")
    page.get_by_role("link", name="转介定点机构…").click()
    nearest = world.a.institutions[0]
    expect(page.get_by_label(nearest.name)).to_be_checked()  # nearest with room comes first
    screenshot(page, "reviewer-refer-form")
    page.get_by_role("button", name="转介定点机构").click()

    expect(page.locator("h1 .badge")).to_have_text("已转介")
    expect(page.locator(".timeline")).to_contain_text(nearest.name)
    screenshot(page, "reviewer-application-referred")
    record = rehab.require(application.id)
    assert (record.state, record.institution_id) == ("referred", nearest.id)
    assert [r.basis for r in record.referrals] == ["nearest"]


def test_institution_reports_a_dropout(world, page_for):
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    page = page_for(world.a.users["institution_staff"])
    page.get_by_role("link", name="中途退出", exact=True).click()
    page.get_by_role("link", name="报告中途退出").click()
    page.get_by_label("理由").fill("家长带孩子外出务工，无法继续训练")
    day = world.now.date().isoformat()
    page.get_by_label("退出日期").fill(day)
    page.get_by_label("最后出勤月份").fill(day[:7])
    screenshot(page, "institution-dropout-form")
    page.get_by_role("button", name="报告中途退出").click()

    expect(page.locator("h1 .badge")).to_have_text("中途退出")
    expect(page.locator(".card").filter(has_text="康复服务")).to_contain_text("家长带孩子外出务工")
    screenshot(page, "institution-dropout-reported")
    assert rehab.require(application.id).state == "dropped_out"


def test_leader_sees_the_dashboard_charts_and_the_workflow(world, page_for):
    for state in ("approved", "referred", "in_rehabilitation"):
        world.advance(world.application().id, state)
    world.application()
    page = page_for(world.a.users["leader"])
    expect(page.get_by_role("heading", name=re.compile("全县概况"))).to_be_visible()
    for chart in ("#chart-target", "#chart-disability", "#chart-items", "#chart-states"):
        expect(page.locator(chart)).to_be_visible()
    assert page.locator("#chart-states rect").count() == 15  # a bar for every state
    widths = [box.bounding_box()["width"] for box in page.locator("#chart-disability rect").all()]
    assert max(widths) > 100  # the limb bar, drawn to scale
    expect(page.locator(".target .big strong")).to_have_text("3")
    screenshot(page, "leader-dashboard")

    page.get_by_role("link", name="流程图", exact=True).click()
    diagram = page.locator("#workflow-diagram")
    expect(diagram).to_be_visible()
    assert diagram.locator(".node").count() == 15
    expect(diagram.locator('[data-state="submitted"] .count')).to_have_text("1")
    screenshot(page, "leader-workflow-diagram")


def test_application_page_fits_a_phone(world, page_for):
    application = world.application()
    page = page_for(world.a.users["reviewer"], width=360, height=640)
    page.goto(page.url.split("/applications")[0] + f"/applications/{application.id}")
    expect(page.get_by_role("button", name="开始审核")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "phone-application")
