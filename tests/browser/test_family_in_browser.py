"""In the browser, on a village child director's phone: the family's situation recorded on a
360×640 screen, the categories and why on the child's page, the contact card, a contact
recorded from it."""

from __future__ import annotations

from playwright.sync_api import expect

from casework.models import Child, ParentContact
from tests.browser.conftest import screenshot

PHONE = (360, 640)


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0], width


def test_a_child_director_records_a_left_behind_family_on_a_phone(world, page_for, live):
    child = world.child()
    page = page_for(world.a.users["child_director"], *PHONE)
    page.goto(f"{live}/family/{child.id}")
    expect(page.get_by_role("heading", name=f"家庭情况 · {child.name}")).to_be_visible()
    fits_the_phone(page)
    page.locator("#parent_0_situation").select_option("working_away")
    page.locator("#parent_0_name").fill("王大")
    page.locator("#parent_1_situation").select_option("working_away")
    page.locator("#parent_1_away_place").fill("广东省东莞市")
    page.locator("#carer_name").fill("王奶奶")
    page.get_by_role("button", name="保存").click()
    # the father's place is missing: said beside the field, what was typed kept
    expect(page.locator("#parents\\.0\\.away_place-error")).to_contain_text("请填写务工地点")
    expect(page.locator("#parent_0_name")).to_have_value("王大")
    fits_the_phone(page)
    screenshot(page, "director-family-refused-phone")
    page.locator("#parent_0_away_place").fill("浙江省杭州市")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash.success")).to_contain_text("家庭情况已保存")
    expect(page.locator("#family")).to_contain_text("父母双方均外出务工。")
    expect(page.locator("#contact-card")).to_contain_text("浙江省杭州市")
    fits_the_phone(page)
    screenshot(page, "director-family-contact-card-phone")
    page.locator("#contact-role").select_option("mother")
    page.get_by_role("button", name="记录").click()
    expect(page.locator(".flash.success")).to_contain_text("联系已记录")
    assert [c.role for c in ParentContact.select()] == ["mother"]
    assert Child.get_by_id(child.id).categories == ["left_behind", "self"]
