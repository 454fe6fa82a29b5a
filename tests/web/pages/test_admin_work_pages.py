"""The county admin's daily work on pages: users, designated institutions, subsidy standards and
deadlines. Bad input is refused in Chinese and writes nothing; another county is out of scope."""

from __future__ import annotations

import pytest

from casework.models import (
    AccessEntry,
    AuditEntry,
    DeadlinePolicy,
    Institution,
    PolicyStandard,
    SettlementCycle,
    User,
)
from tests.web.pages.conftest import Browser

NEW_USER = {"name": "王芳", "username": "wangfang", "role": "child_director",
            "email": "", "password": "start-2026", "confirm_password": "start-2026"}  # fmt: skip


def refusals(user) -> int:
    return AccessEntry.select().where(AccessEntry.action == "denied",
                                      AccessEntry.user == user.id).count()  # fmt: skip


# users


def test_the_admin_lists_the_county_users(world, as_role):
    page = as_role("admin").text("/admin/users")
    assert "用户" in page and 'aria-current="page">用户</a>' in page
    for user in world.a.users.values():
        assert user.username in page
    assert all(u.username not in page for u in world.b.users.values())
    assert "审核员" in page and world.a.institutions[0].name in page
    assert f"{world.a.townships[0].name} / {world.a.villages[0].name}</td>" in page


def test_the_admin_creates_a_user_who_signs_in(world, pages, as_role):
    admin = as_role("admin")
    form = {**NEW_USER, "place_id": world.a.villages[1].id}
    response = admin.post("/admin/users", form)
    assert response.status_code == 302
    user = User.get(username="wangfang")
    assert (user.role, user.place_id, user.institution_id) == (
        "child_director", world.a.villages[1].id, None)  # fmt: skip
    assert AuditEntry.get(entity="user", entity_id=user.id).action == "create"
    assert "王芳 现在可以用用户名 wangfang" in admin.text("/admin/users")
    assert Browser(pages).sign_in("wangfang", "start-2026").status_code == 302


def test_institution_staff_are_bound_to_their_institution_only(world, as_role):
    form = {**NEW_USER, "role": "institution_staff", "place_id": world.a.county.id,
            "institution_id": world.a.institutions[1].id}  # fmt: skip
    assert as_role("admin").post("/admin/users", form).status_code == 302
    user = User.get(username="wangfang")
    assert (user.place_id, user.institution_id) == (None, world.a.institutions[1].id)


@pytest.mark.parametrize("change, status, message", [
    ({"username": "330127-reviewer"}, 409, "该用户名已被使用"),
    ({"place": "township"}, 422, "该角色在村（居）工作：请选择一个村（居）。"),
    ({"role": "reviewer", "place": "village"}, 422, "该角色在县级工作：请选择本县。"),
    ({"role": "institution_staff"}, 422, "此项为必填项。"),
    ({"password": "short", "confirm_password": "short"}, 422, "至少 8 个字符。"),
    ({"confirm_password": "something-else"}, 422, "两次输入的新密码不一致。"),
    ({"username": "wang fang"}, 422, "不能有空格"),
    ({"name": " "}, 422, "此项为必填项。"),
])  # fmt: skip
def test_bad_new_users_are_refused_and_nothing_is_written(world, as_role, change, status,
                                                         message):  # fmt: skip
    assert world.a.users["reviewer"].username == "330127-reviewer"
    places = {"village": world.a.villages[0].id, "township": world.a.townships[0].id}
    form = {**NEW_USER, "place_id": places[change.pop("place", "village")], **change}
    before = User.select().count(), AuditEntry.select().count()
    response = as_role("admin").post("/admin/users", form)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page
    assert (User.select().count(), AuditEntry.select().count()) == before


def test_a_place_of_another_county_is_refused_and_logged(world, as_role):
    admin = as_role("admin")
    form = {**NEW_USER, "place_id": world.b.villages[0].id}
    response = admin.post("/admin/users", form)
    assert response.status_code == 403 and "无权" in response.get_data(as_text=True)
    assert User.get_or_none(username="wangfang") is None
    assert refusals(world.a.users["admin"]) == 1


def test_the_admin_resets_a_password(world, pages, as_role):
    clerk = world.a.users["intake_clerk"]
    admin = as_role("admin")
    assert clerk.name in admin.text(f"/admin/users/{clerk.id}/password")
    short = admin.post(f"/admin/users/{clerk.id}/password",
                       {"password": "short", "confirm_password": "short"})  # fmt: skip
    assert short.status_code == 422 and "至少 8 个字符。" in short.get_data(as_text=True)
    assert User.get_by_id(clerk.id).password_hash == clerk.password_hash
    done = admin.post(f"/admin/users/{clerk.id}/password",
                      {"password": "handed-over", "confirm_password": "handed-over"})  # fmt: skip
    assert done.status_code == 302
    assert Browser(pages).sign_in(clerk.username).status_code == 401  # the old one is gone
    assert Browser(pages).sign_in(clerk.username, "handed-over").status_code == 302
    assert AuditEntry.get(entity="user", entity_id=clerk.id, action="reset_password")


def test_the_admin_deactivates_and_reactivates_a_user(world, pages, as_role):
    teacher = world.a.users["teacher"]
    signed_in = as_role("teacher")
    admin = as_role("admin")
    assert admin.post(f"/admin/users/{teacher.id}/active", {"active": "false"}).status_code == 302
    assert not User.get_by_id(teacher.id).active
    assert "已停用" in admin.text("/admin/users")
    assert signed_in.get("/visits").status_code == 302  # the open session ends too
    assert Browser(pages).sign_in(teacher.username).status_code == 401
    assert admin.post(f"/admin/users/{teacher.id}/active", {"active": "true"}).status_code == 302
    assert Browser(pages).sign_in(teacher.username).status_code == 302
    actions = [
        e.action
        for e in AuditEntry.select()
        .where(AuditEntry.entity == "user", AuditEntry.entity_id == teacher.id)
        .order_by(AuditEntry.id)
    ]
    assert actions[-2:] == ["deactivate", "activate"]


def test_the_admin_cannot_deactivate_themselves(world, as_role):
    me = world.a.users["admin"]
    admin = as_role("admin")
    response = admin.post(f"/admin/users/{me.id}/active", {"active": "false"})
    assert response.status_code == 302
    assert "不能停用您自己的账户。" in admin.text("/admin/users")
    assert User.get_by_id(me.id).active


def test_users_of_another_county_are_out_of_scope(world, as_role):
    theirs = world.b.users["reviewer"]
    admin = as_role("admin")
    for response in (
        admin.get(f"/admin/users/{theirs.id}/password"),
        admin.post(f"/admin/users/{theirs.id}/password",
                   {"password": "handed-over", "confirm_password": "handed-over"}),
        admin.post(f"/admin/users/{theirs.id}/active", {"active": "false"}),
    ):  # fmt: skip
        assert response.status_code == 403
        assert "不在您的管辖范围内" in response.get_data(as_text=True)
    assert User.get_by_id(theirs.id).active
    assert User.get_by_id(theirs.id).password_hash == theirs.password_hash
    assert refusals(world.a.users["admin"]) == 3
    assert admin.get("/admin/users/99999/password").status_code == 404


def test_forms_without_the_csrf_token_are_refused(world, as_role):
    response = as_role("admin").post("/admin/users", {**NEW_USER, "place_id": 1}, csrf=False)
    assert response.status_code == 400
    assert User.get_or_none(username="wangfang") is None


# institutions


def test_the_admin_lists_the_designated_institutions(world, as_role):
    world.application()
    world.advance(world.application().id, "in_rehabilitation")
    page = as_role("admin").text("/admin/institutions")
    for institution in world.a.institutions:
        assert institution.name in page
    assert world.b.institutions[0].name not in page
    assert "县外" in page and "人工耳蜗" in page
    assert '<td class="num">50</td>' in page and '<td class="num">1</td>' in page


def test_the_admin_designates_and_edits_an_institution(world, as_role):
    admin = as_role("admin")
    assert "新增定点机构" in admin.text("/admin/institutions/new")
    form = {"name": "淳安县启明康复站", "address": "千岛湖镇", "out_of_county": "false",
            "aid_items": ["training_autism", "training_speech"], "capacity": "12",
            "latitude": "29.6", "longitude": "119.0", "active": "true"}  # fmt: skip
    assert admin.post("/admin/institutions/new", form).status_code == 302
    made = Institution.get(name="淳安县启明康复站")
    assert (made.county_id, made.capacity, made.aid_items) == (
        world.a.county.id, 12, ["training_autism", "training_speech"])  # fmt: skip
    edit = admin.text(f"/admin/institutions/{made.id}")
    assert 'value="12"' in edit and 'value="training_autism" checked' in edit
    changed = {**form, "capacity": "15", "active": "false"}
    assert admin.post(f"/admin/institutions/{made.id}", changed).status_code == 302
    made = Institution.get_by_id(made.id)
    assert (made.capacity, made.active) == (15, False)
    assert [e.action for e in AuditEntry.select().where(
        AuditEntry.entity == "institution", AuditEntry.entity_id == made.id
    ).order_by(AuditEntry.id)] == ["create", "update"]  # fmt: skip
    assert "暂停接收转介" in admin.text("/admin/institutions")


@pytest.mark.parametrize("change, message", [
    ({"capacity": "-1"}, "请输入 0 到 10000 之间的整数。"),
    ({"capacity": "10001"}, "请输入 0 到 10000 之间的整数。"),  # the API's cap too
    ({"capacity": "many"}, "请填写整数。"),
    ({"name": ""}, "此项为必填项。"),
    ({"name": "长" * 201}, "最多 200 个字符"),
    ({"latitude": "100"}, "请输入 -90 到 90 之间的数字。"),
    ({"longitude": "east"}, "请输入 -180 到 180 之间的数字。"),
    ({"aid_items": ["flying"]}, "请从列表中选择"),
])  # fmt: skip
def test_bad_institutions_are_refused_and_nothing_changes(world, as_role, change, message):
    institution = world.a.institutions[0]
    form = {"name": "改名", "out_of_county": "false", "aid_items": ["mobility_aid"],
            "capacity": "5", "active": "true", **change}  # fmt: skip
    admin = as_role("admin")
    for url in ("/admin/institutions/new", f"/admin/institutions/{institution.id}"):
        response = admin.post(url, form)
        assert response.status_code == 422, url
        assert message in response.get_data(as_text=True), url
    assert Institution.select().count() == 6
    unchanged = Institution.get_by_id(institution.id)
    assert (unchanged.name, unchanged.capacity) == (institution.name, institution.capacity)


def test_institutions_of_another_county_are_out_of_scope(world, as_role):
    theirs = world.b.institutions[0]
    admin = as_role("admin")
    assert admin.get(f"/admin/institutions/{theirs.id}").status_code == 403
    form = {"name": "改名", "capacity": "1", "out_of_county": "false", "active": "true"}
    assert admin.post(f"/admin/institutions/{theirs.id}", form).status_code == 403
    assert Institution.get_by_id(theirs.id).name == theirs.name
    assert refusals(world.a.users["admin"]) == 2
    assert admin.get("/admin/institutions/99999").status_code == 404


# subsidy standards, billing cycle and deadlines


def test_the_policy_page_shows_the_standards_and_deadlines(world, as_role):
    page = as_role("admin").text("/admin/policy?year=2026")
    assert "2026 救助年度补助标准" in page
    assert "人工耳蜗" in page and "12000.00" in page and "政策默认" in page
    assert "审核申请" in page and "15 个工作日" in page
    assert 'value="quarterly" selected' in page  # the policy's default cycle


def test_the_admin_sets_a_standard_from_an_aid_year_on(world, as_role):
    admin = as_role("admin")
    response = admin.post(
        "/admin/policy/standards/2027/training_autism",
        {"amount": "18000", "monthly_amount": "1800.50", "year": "2027"},
    )
    assert response.status_code == 302
    row = PolicyStandard.get(county=world.a.county.id, aid_year=2027, aid_item="training_autism")
    assert (row.amount_fen, row.monthly_fen) == (1800000, 180050)
    page = admin.text("/admin/policy?year=2027")
    assert "18000.00" in page and "1800.50" in page and "2027 救助年度" in page
    assert "17000.00" in admin.text("/admin/policy?year=2026")  # earlier years keep theirs


@pytest.mark.parametrize("item, form, message", [
    ("cochlear_implant", {"amount": "12,000.555"}, "请按元填写金额，如 1200.00。"),
    ("cochlear_implant", {"amount": "一万"}, "请按元填写金额，如 1200.00。"),
    ("cochlear_implant", {"amount": "-5"}, "不能为负数。"),
    ("cochlear_implant", {"amount": ""}, "此项为必填项。"),
    ("training_autism", {"amount": "18000"}, "该救助项目按月补助：请填写每月上限。"),
    ("training_autism", {"amount": "100", "monthly_amount": "200"},
     "每月上限须在 0 到年度标准之间。"),
    ("cochlear_implant", {"amount": "100", "monthly_amount": "10"}, "一次性救助项目没有月度上限。"),
])  # fmt: skip
def test_bad_standards_are_refused_and_nothing_is_written(world, as_role, item, form, message):
    response = as_role("admin").post(f"/admin/policy/standards/2026/{item}",
                                     {**form, "year": "2026"})  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "未作任何修改" in page
    assert PolicyStandard.select().count() == 0


def test_the_admin_changes_the_cycle_and_a_deadline(world, as_role):
    admin = as_role("admin")
    assert admin.post("/admin/policy/cycle", {"cycle": "monthly"}).status_code == 302
    assert SettlementCycle.get(county=world.a.county.id).cycle == "monthly"
    done = admin.post("/admin/policy/deadlines/review", {"amount": "20", "unit": "days"})
    assert done.status_code == 302
    row = DeadlinePolicy.get(county=world.a.county.id, name="review")
    assert (row.amount, row.unit) == (20, "days")
    page = admin.text("/admin/policy")
    assert "已调整" in page and 'value="monthly" selected' in page
    refused = admin.post("/admin/policy/cycle", {"cycle": "weekly"})
    assert refused.status_code == 422 and "请从列表中选择。" in refused.get_data(as_text=True)
    assert SettlementCycle.get(county=world.a.county.id).cycle == "monthly"


@pytest.mark.parametrize("form, message", [
    ({"amount": "400", "unit": "days"}, "请输入 0 到 366 之间的整数。"),
    ({"amount": "two", "unit": "days"}, "请输入 0 到 366 之间的整数。"),
    ({"amount": "5", "unit": "weeks"}, "请从列表中选择"),
])  # fmt: skip
def test_bad_deadlines_are_refused(world, as_role, form, message):
    response = as_role("admin").post("/admin/policy/deadlines/review", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert DeadlinePolicy.select().count() == 0


def test_another_county_is_never_touched(world, as_role):
    as_role("admin", world.b).post("/admin/policy/standards/2026/cochlear_implant",
                                   {"amount": "1"})  # fmt: skip
    assert PolicyStandard.get().county_id == world.b.county.id
    assert "12000.00" in as_role("admin").text("/admin/policy?year=2026")


def test_a_locked_user_shows_as_locked_with_the_way_to_unlock(world, pages, as_role):
    from tests.web.pages.test_admin_pages import lock_out

    lock_out(pages, world.a.users["reviewer"].username)
    page = as_role("admin").text("/admin/users")
    row = page.split(world.a.users["reviewer"].username)[1].split("</tr>")[0]
    assert "已锁定" in row and 'href="/admin/locked"' in row


@pytest.mark.parametrize("role", ["reviewer", "leader", "institution_staff"])
def test_other_roles_cannot_post_the_admin_forms(world, as_role, role):
    browser = as_role(role)
    target = world.a.users["teacher"].id
    posts = {
        "/admin/users": {**NEW_USER, "place_id": world.a.villages[0].id},
        f"/admin/users/{target}/active": {"active": "false"},
        f"/admin/users/{target}/password": {"password": "handed-over",
                                            "confirm_password": "handed-over"},
        "/admin/institutions/new": {"name": "新机构", "capacity": "1", "active": "true"},
        "/admin/policy/standards/2026/cochlear_implant": {"amount": "1"},
        "/admin/policy/cycle": {"cycle": "monthly"},
        "/admin/policy/deadlines/review": {"amount": "1", "unit": "days"},
    }  # fmt: skip
    for url, form in posts.items():
        assert browser.post(url, form).status_code == 403, url
    assert User.get_or_none(username="wangfang") is None
    assert User.get_by_id(target).active and Institution.select().count() == 6
    assert PolicyStandard.select().count() == SettlementCycle.select().count() == 0
    assert DeadlinePolicy.select().count() == 0
    assert refusals(world.a.users[role]) == len(posts)
