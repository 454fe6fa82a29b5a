"""Report intake (signed in and public), report case pages, visits, the inbox, and the
dashboard's settlement charts and workflow diagrams."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.models import Child, Reminder, ReminderSnooze, ReportCase, User, Visit
from casework.services import deadline_policy, reminders, reports
from casework.settings import Settings
from tests.conftest import NOW
from tests.web.pages.conftest import Browser
from web import create_app


def report_form(world, **more) -> dict:
    return {"reporter_name": "王老师", "reporter_phone": "13800000000", "harm_type": "abuse",
            "place_id": world.a.villages[0].id, "child_description": "约8岁男孩",
            "facts": "身上多处伤痕", **more}  # fmt: skip


def test_the_public_form_files_a_report_without_signing_in(world, browser):
    page = browser.text("/report")
    assert "报告儿童受侵害" in page and world.a.villages[0].name in page
    response = browser.post("/report", report_form(world, urgent="yes"))
    assert response.status_code == 200, response.get_data(as_text=True)
    case = ReportCase.get()
    assert (case.state, case.urgent, case.county_id) == ("reported", True, world.a.county.id)
    assert f"编号为 {case.id}" in response.get_data(as_text=True)
    filer = User.get_by_id(case.reported_by_id)
    assert (filer.role, filer.active) == ("system", False)  # cannot sign in
    worker = Browser(browser.client.application)
    worker.sign_in(world.a.users["case_worker"].username)
    assert f"/reports/{case.id}" in worker.text("/reports")


def test_the_public_form_refuses_bad_input_and_changes_nothing(world, browser):
    browser.get("/report")
    response = browser.post("/report", report_form(world, child_description="", reporter_phone="",
                                                   place_id=world.a.county.id))  # fmt: skip
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "请描述儿童" in text
    assert ReportCase.select().count() == 0
    assert browser.post("/report", report_form(world), csrf=False).status_code == 400
    assert ReportCase.select().count() == 0


@pytest.mark.parametrize("name, said", [("", "此项为必填项。"), ("王" * 101, "最多 100 个字符。")])
def test_a_required_text_out_of_its_length_says_which_in_chinese(world, browser, name, said):
    """text() gives a required field marshmallow's Length(1, max): empty or too long."""
    browser.get("/report")
    response = browser.post("/report", report_form(world, reporter_name=name))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert said in text and "填写内容有误" not in text
    assert ReportCase.select().count() == 0


def test_the_public_form_is_rate_limited_per_address(world, pages):
    pages.config["PUBLIC_REPORT_LIMIT"] = (2, dt.timedelta(hours=1))
    first, other = Browser(pages), Browser(pages)
    first.get("/report")
    for _ in range(2):
        assert first.post("/report", report_form(world)).status_code == 200
    refused = first.post("/report", report_form(world))
    assert refused.status_code == 429
    assert "提交的报告过多" in refused.get_data(as_text=True)
    # the window is an hour: the wait is the rest of it, not a minute
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    assert ReportCase.select().count() == 2
    other.get("/report", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    response = other.post("/report", report_form(world), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 200  # another address is not held back


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(world, database_url,
                                                                      proxies):  # fmt: skip
    """Every request reaches the server from the balancer's address. With
    CASEWORK_TRUSTED_PROXIES=1 the client's is read from X-Forwarded-For; without it the
    header is ignored, since anyone can send one."""
    app = create_app(Settings(database_url=database_url, trusted_proxies=proxies),
                     bind_database=False, TESTING=True, CASEWORK_CLOCK=lambda: NOW,
                     PUBLIC_REPORT_LIMIT=(1, dt.timedelta(hours=1)))  # fmt: skip

    def via_balancer(client: str) -> dict:
        return {"environ_base": {"REMOTE_ADDR": "10.0.0.1"},
                "headers": {"X-Forwarded-For": client}}  # fmt: skip

    one, two = Browser(app), Browser(app)
    one.get("/report", **via_balancer("203.0.113.7"))
    assert one.post("/report", report_form(world), **via_balancer("203.0.113.7")).status_code == 200
    two.get("/report", **via_balancer("198.51.100.2"))
    second = two.post("/report", report_form(world), **via_balancer("198.51.100.2"))
    assert second.status_code == (200 if proxies else 429)
    reports = app.extensions["casework_rate_limiters"][3600.0]  # web/security.py's limiter
    assert reports.count("public-report:203.0.113.7") == (1 if proxies else 0)
    assert reports.count("public-report:10.0.0.1") == (0 if proxies else 1)
    two.post("/sign-in", {"username": "nobody", "password": "x"}, **via_balancer("198.51.100.2"))
    counted = app.extensions["casework_rate_limiter"]
    assert counted.count("sign-in:198.51.100.2") == (1 if proxies else 0)
    assert counted.count("sign-in:10.0.0.1") == (0 if proxies else 1)


def test_trusted_proxies_is_a_count():
    assert Settings.from_env({}).trusted_proxies == 0
    assert Settings.from_env({"CASEWORK_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(ValueError, match="CASEWORK_TRUSTED_PROXIES"):
        Settings.from_env({"CASEWORK_TRUSTED_PROXIES": "yes"})


def file_signed_in(browser, world, **more) -> int:
    browser.get("/reports/new")
    response = browser.post("/reports/new", report_form(world, **more))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/reports/(\d+)$", response.headers["Location"]).group(1))


def test_a_report_case_worked_through_its_pages(world, as_role):
    director = as_role("child_director")
    case_id = file_signed_in(director, world)
    page = director.text(f"/reports/{case_id}")
    assert "已报告待受理" in page and "目前您在此案件上没有待办事项" in page

    worker = as_role("case_worker")
    page = worker.text(f"/reports/{case_id}")
    assert "受理报告" in page and "不予受理" in page
    assert "/visits/new?case_id=" not in page  # not yet open: no follow-up visits
    form = worker.text(f"/reports/{case_id}/actions/accept")
    assert "紧急：儿童正处于危险之中" in form and '<option value="false"' in form
    assert worker.post(f"/reports/{case_id}/actions/accept", {"urgent": "false"}).status_code == 302
    assert worker.post(f"/reports/{case_id}/actions/start_assessment").status_code == 302
    refused = worker.post(f"/reports/{case_id}/actions/record_assessment", {"assessment": "x"})
    assert refused.status_code == 422 and "此项为必填项" in refused.get_data(as_text=True)
    assert reports.get_report(world.a.actor("case_worker"), case_id).state == "assessment"
    done = worker.post(f"/reports/{case_id}/actions/record_assessment",
                       {"assessment": "家庭监护不力", "risk_level": "high"})  # fmt: skip
    assert done.status_code == 302
    page = worker.text(f"/reports/{case_id}")
    assert "帮扶" in page and "高" in page and "记录评估" in page  # state, risk, history
    assert f"/visits/new?case_id={case_id}" in page  # visits.may_follow_up, as the service
    late = worker.post(f"/reports/{case_id}/actions/start_assessment")
    assert late.status_code == 302  # not open now: told so on the case page, nothing changed
    assert "案件处于“帮扶”状态，不能办理“开始评估”" in worker.text(f"/reports/{case_id}")
    assert reports.get_report(world.a.actor("case_worker"), case_id).state == "assistance"


def test_report_pages_refuse_outside_scope_and_without_csrf(world, as_role):
    case_id = file_signed_in(as_role("child_director"), world)
    assert as_role("case_worker", world.b).get(f"/reports/{case_id}").status_code == 403
    response = as_role("case_worker", world.b).post(f"/reports/{case_id}/actions/accept")
    assert response.status_code == 403
    assert as_role("reviewer").get(f"/reports/{case_id}").status_code == 403  # not theirs
    worker = as_role("case_worker")
    assert worker.post(f"/reports/{case_id}/actions/accept", csrf=False).status_code == 400
    assert worker.post("/reports/new", report_form(world), csrf=False).status_code == 400
    assert worker.get(f"/reports/{case_id}/actions/fly").status_code == 404
    assert ReportCase.get_by_id(case_id).state == "reported"
    assert ReportCase.select().count() == 1


def test_a_child_director_records_a_visit_from_my_visits(world, as_role):
    child = world.child(disabilities=(), village=0)
    world.categorise(child, "guardianship")
    # registered last autumn and never visited since: overdue
    Child.update(created_at=dt.datetime(2025, 10, 1)).where(Child.id == child.id).execute()
    director = as_role("child_director")
    page = director.text("/visits")
    assert child.name in page and "记录走访" in page
    form = director.text(f"/visits/new?child_id={child.id}&kind=regular")
    assert "走访情况" in form
    bad = director.post("/visits/new", {"child_id": child.id, "kind": "regular",
                                        "visited_on": "2026-03-09", "findings": "好"})  # fmt: skip
    assert bad.status_code == 422 and "不能晚于今天" in bad.get_data(as_text=True)
    assert Visit.select().count() == 0
    ok = director.post("/visits/new", {"child_id": child.id, "kind": "regular",
                       "visited_on": "2026-03-02", "findings": "儿童在家，情况良好",
                       "next_steps": "下月再访"})  # fmt: skip
    assert ok.status_code == 302
    visit = Visit.get()
    assert (visit.child_id, visit.kind, visit.findings) == (
        child.id,
        "regular",
        "儿童在家，情况良好",
    )
    assert child.name not in director.text("/visits")  # visited: no longer due


def test_visit_pages_refuse_other_roles_other_areas_and_no_csrf(world, as_role):
    other_child = world.child(world.b)
    director = as_role("child_director")
    assert director.get(f"/visits/new?child_id={other_child.id}").status_code == 403
    response = director.post("/visits/new", {"child_id": other_child.id, "kind": "regular",
                             "visited_on": "2026-03-02", "findings": "x"})  # fmt: skip
    assert response.status_code == 403
    child = world.child()
    assert director.post("/visits/new", {"child_id": child.id, "kind": "regular",
                         "visited_on": "2026-03-02", "findings": "x"}, csrf=False
                         ).status_code == 400  # fmt: skip
    assert Visit.select().count() == 0
    for role in ("reviewer", "institution_staff", "settlement_auditor"):
        assert as_role(role).get("/visits").status_code == 403


@pytest.fixture
def reminder(world):
    """An application left in review well past its deadline: the reviewer's reminder."""
    application = world.application()
    from casework.services import rehab

    rehab.act(world.a.actor("reviewer"), application.id, "start_review", now=world.now)
    reminders.scan(world.now + dt.timedelta(days=40))
    return Reminder.get(Reminder.entity_id == application.id)


def test_the_inbox_lists_marks_read_and_snoozes(world, as_role, reminder):
    owner = User.get_by_id(reminder.assignee_id)
    key = next(k for k, u in world.a.users.items() if u.id == owner.id)
    browser = as_role(key)
    page = browser.text("/inbox")
    assert "康复救助申请审核超期" in page and "1 条未读" in page
    assert browser.post(f"/inbox/{reminder.id}/read").status_code == 302
    assert Reminder.get_by_id(reminder.id).read_at is not None
    assert "0 条未读" in browser.text("/inbox")
    refused = browser.post(f"/inbox/{reminder.id}/snooze", {"days": "3", "reason": ""},
                           follow_redirects=True)  # fmt: skip
    assert "此项为必填项" in refused.get_data(as_text=True)
    assert _snooze(reminder, owner) is None
    browser.get("/inbox")
    assert browser.post(f"/inbox/{reminder.id}/snooze",
                        {"days": "3", "reason": "等待家长补材料"}).status_code == 302  # fmt: skip
    snoozed = _snooze(reminder, owner)
    assert snoozed.reason == "等待家长补材料" and snoozed.until > world.now
    assert "<strong>康复救助申请审核超期</strong>" not in browser.text("/inbox")
    assert "<strong>康复救助申请审核超期</strong>" in browser.text("/inbox?snoozed=yes")
    assert browser.post(f"/inbox/{reminder.id}/read", csrf=False).status_code == 400


def test_a_snooze_past_the_limit_is_refused_with_the_limits_own_number(world, as_role, reminder,
                                                                        monkeypatch):  # fmt: skip
    owner = User.get_by_id(reminder.assignee_id)
    browser = as_role(next(k for k, u in world.a.users.items() if u.id == owner.id))
    browser.get("/inbox")
    admin = world.a.actor("admin")
    deadline_policy.set_deadline(admin, "snooze", 2, "days", world.now)  # the county's limit
    refused = browser.post(f"/inbox/{reminder.id}/snooze", {"days": "3", "reason": "等材料"},
                           follow_redirects=True)  # fmt: skip
    assert "最多推迟 2 天" in refused.get_data(as_text=True)  # the county's limit, not the form's
    assert _snooze(reminder, owner) is None


def test_a_snooze_of_days_the_form_does_not_offer_is_refused_in_chinese(world, as_role, reminder):
    owner = User.get_by_id(reminder.assignee_id)
    browser = as_role(next(k for k, u in world.a.users.items() if u.id == owner.id))
    browser.get("/inbox")
    refused = browser.post(f"/inbox/{reminder.id}/snooze", {"days": "99", "reason": "等材料"},
                           follow_redirects=True)  # fmt: skip
    assert "最多推迟 7 天。" in refused.get_data(as_text=True)
    assert _snooze(reminder, owner) is None


def _snooze(reminder, user):
    return ReminderSnooze.get_or_none(
        ReminderSnooze.reminder == reminder.id, ReminderSnooze.user == user.id
    )


def test_another_users_reminder_is_refused(world, as_role, reminder):
    stranger = as_role("case_worker", world.b)
    assert stranger.post(f"/inbox/{reminder.id}/read").status_code == 403
    assert Reminder.get_by_id(reminder.id).read_at is None
    assert "<strong>康复救助申请审核超期</strong>" not in stranger.text("/inbox")


def test_the_dashboard_shows_subsidy_paid_and_the_three_workflows(world, as_role):
    application = world.application()
    world.advance(application.id, "settled")
    leader = as_role("leader")
    page = leader.text("/dashboard")
    assert 'id="chart-paid-month"' in page and 'id="chart-paid-institution"' in page
    assert world.a.institutions[0].name in page
    for kind, title, state in (("claim", "结算申报流程", "已付款"),
                               ("report", "强制报告办理流程", "不予受理"),
                               ("rehab", "康复救助", "已结算")):  # fmt: skip
        diagram = leader.text(f"/dashboard/workflow?kind={kind}")
        assert title in diagram and state in diagram and 'id="workflow-diagram"' in diagram
    claim_page = leader.text("/dashboard/workflow?kind=claim")
    assert re.search(r'data-state="paid">.*?class="count">1<', claim_page, re.S)
    assert leader.get("/dashboard/workflow?kind=fly").status_code == 404
    assert as_role("institution_staff").get("/dashboard").status_code == 403
