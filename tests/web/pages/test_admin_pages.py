"""The county admin's access log and locked accounts, and everyone's own API tokens."""

from __future__ import annotations

import datetime as dt
import re

from casework.models import AccessEntry, ApiToken, AuditEntry, SignInFailure
from casework.services import access_log, accounts, sign_in
from casework.vocabulary import AccessAction
from tests.conftest import NOW
from tests.web.pages.conftest import Browser

ID_NUMBER = "330127202105010014"


def log(world, role, action, *, county="a", at=NOW, detail=""):
    actor = getattr(world, county).actor(role)
    access_log.record(actor, AccessAction(action), "child", 7, at, detail=detail,
                      client_address="10.0.0.1")  # fmt: skip


def test_the_admin_reads_and_filters_the_access_log(world, as_role):
    log(world, "reviewer", "view_id", detail=f"GET /children/7 {ID_NUMBER} 13812345678")
    log(world, "case_worker", "download", at=NOW - dt.timedelta(days=3),
        detail="rehab 3, version 2")  # fmt: skip
    refusal = "GET /papers/rehab/9 (outside_scope): rehab case 9 is outside your scope"
    log(world, "teacher", "denied", detail=refusal)
    log(world, "reviewer", "view_id", county="b")  # another county's own business
    admin = as_role("admin")
    page = admin.text("/admin/access-log")
    assert "访问记录" in page and "共 3 条" in page
    assert "申请信息 #3，版本 2" in page and "outside" not in page  # the page's own words
    assert "GET /papers/rehab/9：该记录不在您的管辖范围内" in page
    assert ID_NUMBER not in page and "3301************14" in page
    assert "13812345678" not in page and "138****5678" in page
    assert "查看完整身份证号或电话" in page and "下载材料" in page
    assert world.b.users["reviewer"].username not in page

    reviewer_id = world.a.users["reviewer"].id
    only = admin.text(f"/admin/access-log?user_id={reviewer_id}")
    assert "下载材料</td>" not in only and "查看完整身份证号或电话</td>" in only
    downloads = admin.text("/admin/access-log?action=download")
    assert "查看完整身份证号或电话</td>" not in downloads and "下载材料</td>" in downloads
    day = (NOW - dt.timedelta(days=3)).date().isoformat()
    dated = admin.text(f"/admin/access-log?since={day}&until={day}")
    assert "下载材料</td>" in dated and "查看完整身份证号或电话</td>" not in dated
    assert "没有符合条件的记录" in admin.text("/admin/access-log?since=2030-01-01")


def test_the_access_log_is_paginated(world, as_role):
    for _ in range(51):
        log(world, "reviewer", "view_id")
    admin = as_role("admin")
    first = admin.text("/admin/access-log")
    assert "第 1 页，共 2 页" in first and "page=2" in first
    assert first.count('<td class="detail">') == 50
    assert admin.text("/admin/access-log?page=2").count('<td class="detail">') == 1


def test_only_the_admin_opens_the_access_log_and_refusals_are_logged(world, as_role):
    reviewer = as_role("reviewer")
    assert reviewer.get("/admin/access-log").status_code == 403
    assert reviewer.get("/admin/locked").status_code == 403
    refused = AccessEntry.select().where(AccessEntry.action == "denied")
    assert refused.count() == 2
    assert {e.user_id for e in refused} == {world.a.users["reviewer"].id}


def lock_out(pages, username):
    browser = Browser(pages)
    browser.get("/sign-in")
    for _ in range(5):
        browser.post("/sign-in", {"username": username, "password": "wrong"})
    locked = browser.post("/sign-in", {"username": username, "password": "password-1"})
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "900"  # the lock's 15 minutes, not a minute


def test_the_admin_sees_and_unlocks_locked_accounts(world, pages, as_role):
    clerk = world.a.users["intake_clerk"]
    lock_out(pages, clerk.username)
    lock_out(pages, world.b.users["intake_clerk"].username)
    admin = as_role("admin")
    page = admin.text("/admin/locked")
    assert clerk.username in page and world.b.users["intake_clerk"].username not in page
    assert 'name="csrf_token"' in page
    assert admin.post(f"/admin/locked/{clerk.id}/unlock", csrf=False).status_code == 400
    assert SignInFailure.select().where(SignInFailure.username == clerk.username).count() == 5
    response = admin.post(f"/admin/locked/{clerk.id}/unlock")
    assert response.status_code == 302
    assert "可重新登录" in admin.text("/admin/locked")
    assert "本县没有被锁定的账户" in admin.text("/admin/locked")
    unlock = AuditEntry.get(AuditEntry.action == "unlock")
    assert (unlock.entity, unlock.entity_id, unlock.actor_id) == (
        "user", clerk.id, world.a.users["admin"].id)  # fmt: skip
    assert Browser(pages).sign_in(clerk.username).status_code == 302


def test_another_countys_admin_cannot_unlock(world, pages, as_role):
    clerk = world.a.users["intake_clerk"]
    lock_out(pages, clerk.username)
    theirs = as_role("admin", world.b)
    theirs.get("/admin/locked")
    assert theirs.post(f"/admin/locked/{clerk.id}/unlock").status_code == 403
    assert SignInFailure.select().where(SignInFailure.username == clerk.username).count() == 5
    entry = AccessEntry.get(AccessEntry.action == "denied")
    assert entry.user_id == world.b.users["admin"].id


def test_my_tokens_create_once_list_and_revoke(world, pages, as_role):
    reviewer = as_role("reviewer")
    page = reviewer.text("/account/tokens")
    assert "我的接口令牌" in page and 'name="csrf_token"' in page
    response = reviewer.post("/account/tokens", {"label": "统计脚本", "days": "30"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code class="token" id="new-token">([^<]+)</code>',
                      response.get_data(as_text=True)).group(1)  # fmt: skip
    assert accounts.authenticate(token, NOW).id == world.a.users["reviewer"].id
    listing = reviewer.text("/account/tokens")
    assert token not in listing and "统计脚本" in listing and "有效" in listing
    row = ApiToken.get(ApiToken.label == "统计脚本")
    assert row.expires_at == NOW + dt.timedelta(days=30)

    assert reviewer.post(f"/account/tokens/{row.id}/revoke", csrf=False).status_code == 400
    assert ApiToken.get_by_id(row.id).revoked_at is None
    assert reviewer.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    assert ApiToken.get_by_id(row.id).revoked_at == NOW
    assert "已吊销" in reviewer.text("/account/tokens")


def test_bad_token_input_is_refused_and_nothing_issued(world, as_role):
    reviewer = as_role("reviewer")
    before = ApiToken.select().count()
    response = reviewer.post("/account/tokens", {"label": "", "days": "400"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "请填写名称" in text and "须为 1 至 365 天" in text
    blank = reviewer.post("/account/tokens", {"label": "   ", "days": "soon"})
    assert blank.status_code == 422
    assert "请填写名称" in blank.get_data(as_text=True)
    assert "须为 1 至 365 天" in blank.get_data(as_text=True)
    assert ApiToken.select().count() == before


def test_someone_elses_token_cannot_be_revoked_here(world, as_role):
    theirs = ApiToken.get(ApiToken.user == world.a.users["case_worker"].id)
    reviewer = as_role("reviewer")
    reviewer.get("/account/tokens")
    assert reviewer.post(f"/account/tokens/{theirs.id}/revoke").status_code == 403
    assert ApiToken.get_by_id(theirs.id).revoked_at is None
    assert AccessEntry.get(AccessEntry.action == "denied").user_id == world.a.users["reviewer"].id


ENGLISH = re.compile(
    r">\s*(Papers kept|Add a paper|Upload|Replace|Kind|File|Size|Versions|Access log|"
    r"Locked accounts|My API tokens|Revoke|Unlock|Create a token|Filter|User|Event)\s*<"
)


def test_the_new_pages_are_chinese(world, as_role):
    application = world.application()
    reviewer, admin = as_role("reviewer"), as_role("admin")
    log(world, "reviewer", "view_id")
    for browser, url in [(reviewer, f"/papers/rehab/{application.id}"),
                         (reviewer, "/account/tokens"), (admin, "/admin/access-log"),
                         (admin, "/admin/locked")]:  # fmt: skip
        html = browser.text(url)
        assert 'lang="zh-CN"' in html
        assert not ENGLISH.search(html), (url, ENGLISH.search(html).group(0))


def test_the_locked_list_ends_each_lock_when_sign_in_does(world):
    # locked_users reads the end of each lock in its one grouped query; it must be the moment
    # locked_until (what sign-in refuses by) gives, for the admin's list and the page alike
    policy = sign_in.LockPolicy(3, 15)
    clerk, reviewer = world.a.users["intake_clerk"], world.a.users["reviewer"]
    for minutes in (20, 9, 7, 2):
        SignInFailure.create(username=clerk.username, at=NOW - dt.timedelta(minutes=minutes))
    for minutes in (20, 9, 7):  # only two inside the window: not locked
        SignInFailure.create(username=reviewer.username, at=NOW - dt.timedelta(minutes=minutes))
    admin = world.a.actor("admin")
    found = sign_in.locked_users(admin, NOW, policy)
    assert [(u.id, until) for u, until in found] == [
        (clerk.id, sign_in.locked_until(clerk.username, NOW, policy))
    ]
    assert found[0][1] == NOW + dt.timedelta(minutes=13)
    users = accounts.list_users(admin)
    assert sign_in.locked_users(admin, NOW, policy, users) == found
