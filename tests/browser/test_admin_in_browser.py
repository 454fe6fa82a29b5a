"""The county admin at an office screen (1366×768): one line of menu, no sideways scrolling, and
a user created, an institution changed and a standard set through the forms."""

from __future__ import annotations

from playwright.sync_api import expect

from casework.models import PolicyStandard, User
from tests.browser.conftest import screenshot

PAGES = ("/admin/users", "/admin/institutions", "/admin/policy")


def test_the_admin_works_on_one_screen(world, page_for, live):
    page = page_for(world.a.users["admin"])
    for path in PAGES:
        page.goto(live + path)
        tops = page.evaluate("[...document.querySelectorAll('header nav li')]"
                             ".map(li => li.getBoundingClientRect().top)")  # fmt: skip
        assert len(set(tops)) == 1, (path, tops)  # the menu fits on one line
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        screenshot(page, "admin" + path.replace("/", "-"))

    page.goto(live + "/admin/users")
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("用户名").fill("wangfang")
    page.get_by_label("角色").select_option(label="儿童主任")
    page.get_by_label("所属地区（机构工作人员不填）").select_option(str(world.a.villages[1].id))
    page.get_by_label("初始密码").fill("start-2026")
    page.get_by_label("再次输入密码").fill("start-2026")
    page.get_by_role("button", name="创建用户").click()
    expect(page.locator(".flash.success")).to_contain_text("wangfang")
    assert User.get(username="wangfang").place_id == world.a.villages[1].id

    page.goto(live + "/admin/policy?year=2027")
    page.get_by_label("标准（元） · 人工耳蜗植入手术").fill("13000")
    page.get_by_role("button", name="保存 人工耳蜗植入手术").click()
    expect(page.locator(".flash.success")).to_contain_text("2027")
    assert PolicyStandard.get(aid_item="cochlear_implant").amount_fen == 1300000
