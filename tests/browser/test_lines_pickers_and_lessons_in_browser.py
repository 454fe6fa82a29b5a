"""In the browser: an institution removes a claim line and adds it back; a case worker finds a
child by typing in a picker's search box; a teacher records a home-education lesson on a
phone."""

from __future__ import annotations

from playwright.sync_api import expect

from casework.models import ClaimLine, ReportCase, Visit
from casework.services import rehab, reports
from tests.browser.conftest import screenshot
from tests.browser.test_field_and_claims_in_browser import PHONE, fits_the_phone


def test_an_institution_removes_a_line_and_adds_it_back(world, page_for):
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_attendance",
              now=world.now, payload={"month": "2026-03", "days_attended": 2})  # fmt: skip
    world.wait_until_over("2026-Q1")  # a quarter is billed once it is over
    page = page_for(world.a.users["institution_staff"])
    page.get_by_role("link", name="结算申报", exact=True).click()
    page.get_by_label("结算周期").select_option("2026-Q1")
    page.get_by_role("button", name="起草结算申报").click()
    child = application.child.name
    page.get_by_role("button", name=f"删除明细 {ClaimLine.get().id} {child}").click()
    expect(page.locator(".flash.success")).to_contain_text("删除明细")
    assert ClaimLine.select().count() == 0
    page.get_by_label("儿童及救助项目").select_option(f"{application.id}:training_limb")
    page.locator("#f-add-total_cost").fill("2000.00")
    page.get_by_role("button", name="增加明细", exact=True).click()
    expect(page.locator(".flash.success")).to_contain_text("增加明细")
    expect(page.locator("td.subsidy").first).not_to_have_text("0.00")
    screenshot(page, "institution-claim-line-added")
    assert ClaimLine.get().total_fen == 200000


def test_a_case_worker_finds_the_child_by_typing(world, page_for, live):
    wanted, other = world.child(), world.child(village=3)
    case = reports.file_report(world.a.actor("child_director"), {
        "reporter_name": "儿童主任", "place_id": world.a.villages[0].id, "harm_type": "abuse",
        "child_description": "约5岁男孩", "facts": "身上有伤"}, world.now)  # fmt: skip
    page = page_for(world.a.users["case_worker"])
    page.goto(f"{live}/reports/{case.id}/actions/link_child")
    search = page.get_by_placeholder("查找：姓名、村或身份证号后四位")
    expect(search).to_be_visible()  # shown by the script; the plain list works without it
    search.fill(wanted.id_number[-4:])
    options = page.locator("#f-child_id option")
    expect(options).to_have_count(2)  # "choose" and the one match, which is selected
    expect(page.locator("#f-child_id")).to_have_value(str(wanted.id))
    assert other.name not in page.locator("#f-child_id").inner_text()
    screenshot(page, "case-worker-child-picker")
    page.get_by_role("button", name="关联儿童档案").click()
    expect(page.locator(".flash.success")).to_be_visible()
    assert ReportCase.get_by_id(case.id).child_id == wanted.id


def test_a_teacher_records_a_lesson_on_a_phone(world, page_for):
    child = world.child()
    world.enrol_home_education(child)
    page = page_for(world.a.users["teacher"], *PHONE)
    page.get_by_role("button", name="菜单").click()  # on a phone the links fold behind it
    page.get_by_role("link", name="送教上门", exact=True).click()
    expect(page.locator(".card.visit")).to_contain_text(child.name)
    fits_the_phone(page)
    screenshot(page, "teacher-home-education-phone")
    page.get_by_role("link", name=f"记录送教 {child.name}").click()
    page.get_by_label("走访情况").fill("认读生字十个，能跟读")
    page.get_by_label("课时").fill("2")
    page.get_by_label("科目").fill("生活语文")
    fits_the_phone(page)
    page.get_by_role("button", name="保存送教记录").click()
    expect(page.locator(".flash.success")).to_be_visible()
    visit = Visit.get()
    assert (visit.kind, visit.class_hours, visit.subject) == ("home_education", 2, "生活语文")


def test_a_long_list_asks_the_server_for_the_matches(world, page_for, live, monkeypatch):
    from web.pages import pickers

    monkeypatch.setattr(pickers, "AT_MOST", 1)  # the page lists one child of the three
    first, second, third = world.child(), world.child(), world.child()
    page = page_for(world.a.users["child_director"])
    page.goto(f"{live}/visits/new")
    expect(page.locator("#child_id option")).to_have_count(2)
    listed = page.locator("#child_id option").nth(1).inner_text()
    wanted = next(c for c in (first, second, third) if c.name not in listed)
    page.get_by_placeholder("查找：姓名、村或身份证号后四位").fill(wanted.name)
    expect(page.locator("#child_id")).to_have_value(str(wanted.id))  # found by the server
    screenshot(page, "director-picker-server-search")
