"""In the browser, at 360×640: the child director's phone loses its signal, records three
visits and a report into the outbox, keeps them across a reload and a closed browser, and sends
each once when the signal returns; a visit to a child who left the register meanwhile is kept
and flagged for the township supervisor, after the director signs in again."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from casework.models import AuditEntry, Child, ReportCase, Visit
from casework.services import register
from tests.browser.conftest import PASSWORD, screenshot

PHONE = {"width": 360, "height": 640}
WAITING, SENT, FLAGGED = "待发送", "已发送", "已发送，已标记给乡镇督导员"


def due_children(world, count: int) -> list[Child]:
    """Children of the director's village with a visit due (monthly: guardianship)."""
    made = []
    for _ in range(count):
        child = world.child(disabilities=())
        world.categorise(child, "guardianship")
        Child.update(created_at=dt.datetime(2025, 10, 1)).where(Child.id == child.id).execute()
        made.append(child)
    return made


def open_context(chromium, storage=None):
    return chromium.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai",
                                storage_state=storage)  # fmt: skip


def sign_in(page, live, user) -> None:
    page.goto(f"{live}/sign-in")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


KEPT = """async (wanted) => {
    if (!navigator.serviceWorker.controller) return false;
    const cache = await caches.open('casework-pages');
    const kept = (await cache.keys()).map(r => {
        const u = new URL(r.url);
        return u.pathname + u.search;
    });
    return wanted.every(w => kept.includes(w));
}"""


def ready_offline(page) -> list[str]:
    """Wait until the service worker keeps the visit forms of the cards and the report form;
    returns the cards' form addresses."""
    forms = page.locator(".card.visit a.button").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    wanted = [*forms, "/reports/new", "/visits"]
    for _ in range(150):  # evaluate awaits the promise; wait_for_function would not
        if page.evaluate(KEPT, wanted):
            return forms
        page.wait_for_timeout(100)
    raise AssertionError(f"the service worker did not keep {wanted}")


def outbox_states(page) -> list[str]:
    return page.locator("#outbox li").evaluate_all("items => items.map(i => i.dataset.state)")


def record_visit(page, child: Child, findings: str) -> None:
    page.get_by_role("link", name=f"记录走访 {child.name}").click()
    page.get_by_label("走访情况").fill(findings)
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.get_by_role("heading", name="我的待走访和超期走访")).to_be_visible()


def audit_rows(entity: str) -> int:
    return AuditEntry.select().where(AuditEntry.entity == entity).count()


def test_visits_and_a_report_saved_offline_are_sent_once(world, chromium, live):
    kids = due_children(world, 4)
    director = world.a.users["child_director"]
    context = open_context(chromium)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live, director)
    expect(page.get_by_role("heading", name="我的待走访和超期走访")).to_be_visible()
    # the phone layout: one menu button, three visit cards on the first screen
    expect(page.locator(".top nav")).to_be_hidden()
    expect(page.get_by_role("button", name="菜单")).to_be_visible()
    third = page.locator(".card.visit").nth(2).bounding_box()
    assert third and third["y"] + third["height"] <= PHONE["height"], third
    screenshot(page, "offline-my-visits-phone")
    ready_offline(page)

    context.set_offline(True)
    page.reload()
    for child in kids[:3]:
        record_visit(page, child, f"离线记录：{child.name}在家")
    page.goto(f"{live}/reports/new")
    page.locator("#child_description").fill("约八岁男孩")
    page.locator("#place_id").select_option(str(world.a.villages[0].id))
    page.locator("#harm_type").select_option("abandonment")
    page.locator("#facts").fill("父母外出，孩子独自在家")
    page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#outbox li")).to_have_count(4)
    page.reload()  # still offline: the outbox is kept on the phone
    expect(page.locator("#outbox")).to_contain_text(WAITING)
    assert outbox_states(page) == ["waiting"] * 4
    screenshot(page, "offline-outbox-waiting-phone")
    kept = page.evaluate("Outbox.all()")
    assert Visit.select().count() == 0 and ReportCase.select().count() == 0
    storage = context.storage_state(indexed_db=True)
    context.close()

    context = open_context(chromium, storage)  # the browser opened again, with a signal
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live}/visits")
    expect(page.locator("#outbox li.sent")).to_have_count(4)
    # the list drawn again once they were sent: only the fourth child's visit is overdue
    expect(page.locator(".card.visit.late")).to_have_count(1)
    expect(page.locator(".card.visit.late")).to_contain_text(kids[3].name)
    screenshot(page, "offline-outbox-sent-phone")
    assert Visit.select().count() == 3 and ReportCase.select().count() == 1
    assert sorted(v.child_id for v in Visit.select()) == sorted(c.id for c in kids[:3])
    assert audit_rows("visit") == 3 and audit_rows("report") == 1
    # a forced replay of the same sends: answered again, nothing new
    answers = page.evaluate(
        """async (items) => {
            const who = await (await fetch('/offline/session')).json();
            const answers = [];
            for (const item of items) {
                const body = new FormData();
                for (const [k, v] of Object.entries(item.fields)) {
                    if (k !== 'csrf_token') body.append(k, v);
                }
                body.append('csrf_token', who.csrf_token);
                const r = await fetch(item.url, {method: 'POST', body, headers: {
                    'Idempotency-Key': item.key, 'Accept': 'application/json'}});
                answers.push([r.status, r.headers.get('Idempotent-Replayed')]);
            }
            return answers;
        }""",
        kept,
    )
    assert answers == [[201, "true"]] * 4
    assert Visit.select().count() == 3 and ReportCase.select().count() == 1
    assert audit_rows("visit") == 3 and audit_rows("report") == 1
    context.close()


def test_a_visit_to_a_child_who_left_the_register_offline_is_kept_and_flagged(
    world, chromium, live
):
    kids = due_children(world, 1)
    director = world.a.users["child_director"]
    context = open_context(chromium)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live, director)
    ready_offline(page)
    context.set_offline(True)
    page.reload()
    record_visit(page, kids[0], "离线记录：孩子已随父母外出")
    expect(page.locator("#outbox li.waiting")).to_have_count(1)
    # meanwhile the child left the register, and the director's session ended
    leaving = {"left_on": world.now.date().isoformat()}
    register.act(world.a.actor("case_worker"), kids[0].id, "leave_died", now=world.now,
                 expected_version=Child.get_by_id(kids[0].id).version, payload=leaving)  # fmt: skip
    context.clear_cookies()
    context.set_offline(False)
    page.goto(f"{live}/visits")
    expect(page.get_by_label("用户名")).to_be_visible()  # signed out: nothing was sent
    assert Visit.select().count() == 0
    sign_in(page, live, director)
    expect(page.locator("#outbox li.flagged")).to_have_count(1)
    expect(page.locator("#outbox")).to_contain_text(FLAGGED)
    visit = Visit.get()
    assert (visit.child_id, visit.flag) == (kids[0].id, "child_left_register")
    context.close()

    supervisor = world.a.users["child_supervisor"]
    context = open_context(chromium)
    page = context.new_page()
    sign_in(page, live, supervisor)
    page.goto(f"{live}/visits")
    expect(page.locator(".flagged-visit")).to_contain_text(kids[0].name)
    context.close()


def test_the_menu_and_the_inbox_fit_a_phone(world, page_for):
    page = page_for(world.a.users["child_director"], PHONE["width"], PHONE["height"])
    menu = page.get_by_role("button", name="菜单")
    expect(page.locator(".top nav")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.locator(".top nav a", has_text="提醒").first.click()
    expect(page.locator("form.filters")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    for label in page.locator(".filters label.check").all():
        box, text = label.locator("input").bounding_box(), label.bounding_box()
        assert box and text and box["width"] < 40 and text["width"] < PHONE["width"]
        assert text["height"] < 48  # one line: the box beside its words
    screenshot(page, "offline-inbox-phone")
