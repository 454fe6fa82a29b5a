"""Issue 7 as a new user tries it: the reviewer uploads the diagnosis certificate and sees it
listed, another county's reviewer is refused, and the county admin finds both in the log."""

from __future__ import annotations

from playwright.sync_api import expect

from casework.models import Document
from tests.browser.conftest import screenshot
from tests.browser.test_field_and_claims_in_browser import PHONE, fits_the_phone
from tests.web.test_documents import PDF


def test_reviewer_uploads_the_diagnosis_certificate(world, page_for, live):
    application = world.application(documents=("identity", "residence"))
    page = page_for(world.a.users["reviewer"])
    page.goto(f"{live}/applications/{application.id}")
    expect(page.locator(".checklist")).to_contain_text("诊断（评估）证明: 未收到")
    page.get_by_label("类别").select_option(label="诊断（评估）证明")
    page.get_by_label("文件").set_input_files(
        {"name": "诊断证明.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="上传", exact=True).click()

    expect(page.locator(".flash.success")).to_contain_text("诊断证明.pdf")
    expect(page.locator(".checklist")).to_contain_text("诊断（评估）证明: 已收到")
    expect(page.locator("table.papers")).to_contain_text("诊断证明.pdf")
    screenshot(page, "reviewer-papers-uploaded")
    with page.expect_download() as download:
        page.locator("table.papers").get_by_role("link", name="诊断证明.pdf").click()
    assert download.value.suggested_filename == "诊断证明.pdf"

    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    fits_the_phone(page)  # the table scrolls inside its card; the forms wrap
    screenshot(page, "reviewer-papers-on-a-phone")

    document = Document.get()
    theirs = page_for(world.b.users["reviewer"], *PHONE)
    response = theirs.goto(f"{live}/papers/rehab/{application.id}")
    assert response.status == 403
    expect(theirs.locator("main")).not_to_contain_text("诊断证明.pdf")

    admin = page_for(world.a.users["admin"])
    admin.get_by_role("link", name="系统管理").click()  # the admin's pages, one menu entry
    admin.get_by_role("link", name="访问记录").click()
    log = admin.locator("table.access-log")
    expect(log).to_contain_text("下载材料")
    expect(log).to_contain_text("拒绝：超出管辖范围或角色权限")
    expect(log).to_contain_text(world.b.users["reviewer"].username)
    screenshot(admin, "admin-access-log")
    assert document.title == "诊断证明.pdf"
