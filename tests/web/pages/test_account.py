"""Signing in and out, passwords, CSRF, cookies and the language switch."""

from __future__ import annotations

import re

import pytest

from casework.models import AuditEntry
from tests.web.pages.conftest import Browser

PROTECTED = [
    "/applications",
    "/applications/1",
    "/children",
    "/children/new",
    "/institution/referrals",
    "/institution/attendance",
    "/dashboard",
    "/dashboard/workflow",
    "/account/password",
]


def test_sign_in_takes_each_role_to_its_home(pages, world):
    homes = {
        "reviewer": "/applications",
        "intake_clerk": "/children",
        "institution_staff": "/institution/referrals",
        "leader": "/dashboard",
        "child_director": "/visits",
        "teacher": "/visits",
        "case_worker": "/reports",
        "settlement_auditor": "/claims",
        "finance_officer": "/claims",
    }
    for role, home in homes.items():
        browser = Browser(pages)
        response = browser.sign_in(world.a.users[role].username)
        assert response.status_code == 302
        assert browser.get("/").headers["Location"] == home


def test_wrong_password_is_refused_in_chinese(browser, world):
    response = browser.sign_in(world.a.users["reviewer"].username, "wrong-password")
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)
    assert browser.get("/applications").status_code == 302  # still signed out


def test_unknown_and_inactive_users_cannot_sign_in(browser, world):
    user = world.a.users["reviewer"]
    user.active = False
    user.save()
    assert browser.sign_in(user.username).status_code == 401
    assert browser.sign_in("nobody").status_code == 401


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_visitors_are_sent_to_sign_in(browser, url):
    response = browser.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(browser, world):
    username = world.a.users["reviewer"].username
    browser.get("/sign-in")
    response = browser.post("/sign-in?next=/dashboard", {"username": username,
                                                         "password": "password-1"})  # fmt: skip
    assert response.headers["Location"] == "/dashboard"
    other = Browser(browser.client.application)
    other.get("/sign-in")
    response = other.post("/sign-in?next=//evil.example/x", {"username": username,
                                                             "password": "password-1"})  # fmt: skip
    assert response.headers["Location"] == "/"


def test_session_cookie_is_http_only_and_same_site(browser, world):
    response = browser.sign_in(world.a.users["reviewer"].username)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_without_a_csrf_token_are_refused(pages, world, as_role):
    browser = Browser(pages)
    browser.get("/sign-in")
    response = browser.post(
        "/sign-in", {"username": world.a.users["reviewer"].username, "password": "password-1"},
        csrf=False,
    )  # fmt: skip
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)
    reviewer = as_role("reviewer")
    application = world.application()
    response = reviewer.post(f"/applications/{application.id}/actions/start_review", csrf=False)
    assert response.status_code == 400
    assert world_state(application.id) == "submitted"
    assert reviewer.post("/sign-out", csrf=False).status_code == 400


def world_state(application_id: int) -> str:
    from casework.services import rehab

    return rehab.require(application_id).state


def test_sign_out_ends_the_session(as_role):
    browser = as_role("reviewer")
    assert browser.get("/applications").status_code == 200
    response = browser.post("/sign-out")
    assert response.headers["Location"] == "/sign-in"
    assert browser.get("/applications").status_code == 302


def test_change_password(as_role, pages, world):
    browser = as_role("reviewer")
    browser.get("/account/password")
    wrong = browser.post("/account/password", {"current_password": "nope",
        "new_password": "a-new-pass-1", "confirm_password": "a-new-pass-1"})  # fmt: skip
    assert wrong.status_code == 422 and "密码不正确" in wrong.get_data(as_text=True)
    differ = browser.post("/account/password", {"current_password": "password-1",
        "new_password": "a-new-pass-1", "confirm_password": "another-one"})  # fmt: skip
    assert differ.status_code == 422 and "两次输入的新密码不一致" in differ.get_data(as_text=True)
    short = browser.post("/account/password", {"current_password": "password-1",
        "new_password": "short", "confirm_password": "short"})  # fmt: skip
    assert short.status_code == 422 and "至少 8 个字符" in short.get_data(as_text=True)

    other_session = as_role("reviewer")
    done = browser.post("/account/password", {"current_password": "password-1",
        "new_password": "a-new-pass-1", "confirm_password": "a-new-pass-1"})  # fmt: skip
    assert done.status_code == 302
    assert browser.get("/applications").status_code == 200  # this session goes on
    assert other_session.get("/applications").status_code == 302  # the other is signed out
    username = world.a.users["reviewer"].username
    assert Browser(pages).sign_in(username, "a-new-pass-1").status_code == 302
    assert Browser(pages).sign_in(username, "password-1").status_code == 401
    entry = AuditEntry.get(AuditEntry.action == "change_password")
    assert entry.changes == {"password": ["***", "***"]}


# Words that would betray an untranslated label on a Chinese page.
ENGLISH = re.compile(
    r">\s*(Sign in|Sign out|Applications|Children|Deadline|State|Village|Reviewer|Approve|"
    r"Submitted|Under review|Start review|Child's file|Eligibility|History|Papers|Filter|"
    r"County dashboard|Workflow diagram|Referrals|Attendance|Dropouts|Change password)\s*<"
)


def test_language_switch_and_no_english_on_chinese_pages(as_role, world):
    application = world.application()
    browser = as_role("reviewer")
    urls = ["/applications", f"/applications/{application.id}", "/dashboard",
            "/dashboard/workflow", "/children", "/children/new", "/account/password"]  # fmt: skip
    for url in urls:
        html = browser.text(url)
        assert 'lang="zh-CN"' in html
        assert not ENGLISH.search(html), (url, ENGLISH.search(html).group(0))
    response = browser.post("/language", {"language": "en", "next": "/applications"})
    assert response.headers["Location"] == "/applications"
    html = browser.text("/applications")
    assert 'lang="en"' in html and ">Applications<" in html and "救助申请" not in html
    html = browser.text(f"/applications/{application.id}")
    assert "Start review" in html and "开始审核" not in html
    browser.post("/language", {"language": "zh_CN"})
    assert "开始审核" in browser.text(f"/applications/{application.id}")


def test_the_language_chosen_before_sign_in_is_kept(pages, world):
    browser = Browser(pages)
    browser.get("/sign-in")
    browser.post("/language", {"language": "en", "next": "/sign-in"})
    assert ">Sign in<" in browser.text("/sign-in")
    browser.post("/sign-in", {"username": world.a.users["leader"].username,
                              "password": "password-1"})  # fmt: skip
    assert "County dashboard" in browser.text("/dashboard")


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example", "/%0d%0a/evil.example", "%09//evil.example", "/%5Cevil.example",
     "%5C%5Cevil.example", "/%5C/evil.example", "https://evil.example", "%20//evil.example",
     "javascript:alert(1)", "/%0b/evil.example"],
)  # fmt: skip
def test_sign_in_never_returns_off_site_after_the_browser_s_normalisation(pages, world, target):
    browser = Browser(pages)
    browser.get("/sign-in")
    response = browser.post(f"/sign-in?next={target}",
                            {"username": world.a.users["reviewer"].username,
                             "password": "password-1"})  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    read = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    assert read.startswith("/") and not read.startswith("//"), location


@pytest.mark.parametrize(
    "target, expected",
    [("/dashboard?x=1", "/dashboard?x=1"), ("/%09/evil.example", None), ("/\\evil", None),
     (" /children", "/children"), ("/chil\tdren", "/children"), ("//x", None), ("", None),
     ("/\x0b/x", None), ("http:/x", None)],
)  # fmt: skip
def test_a_local_path_is_one_the_browser_reads_on_this_site(target, expected):
    from urllib.parse import unquote

    from web.security import local_path

    assert local_path(unquote(target)) == expected


def test_a_session_cookie_copied_before_sign_out_stops_working(pages, world):
    browser = Browser(pages)
    assert browser.sign_in(world.a.users["reviewer"].username).status_code == 302
    assert browser.get("/children").status_code == 200
    copied = browser.client.get_cookie("session").value
    thief = Browser(pages)
    thief.client.set_cookie("session", copied)
    assert thief.get("/children").status_code == 200  # the copy works while signed in
    browser.get("/children")
    assert browser.post("/sign-out").status_code == 302
    assert thief.get("/children").status_code == 302  # to the sign-in page
    again = Browser(pages)
    assert again.sign_in(world.a.users["reviewer"].username).status_code == 302
    assert again.get("/children").status_code == 200  # a new sign-in is a new session
    assert thief.get("/children").status_code == 302
