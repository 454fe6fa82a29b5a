"""Every page against every role: who may open it, and that nothing outside one's scope shows."""

from __future__ import annotations

import pytest

from casework.models import AccessEntry
from tests.factories import COUNTY_ROLES

ROLES = [*COUNTY_ROLES, "child_supervisor", "child_director", "teacher", "institution_staff"]
COUNTY = set(COUNTY_ROLES)
KEEPERS = {"intake_clerk", "reviewer", "case_worker", "child_supervisor", "child_director",
           "admin"}  # fmt: skip
REGISTRARS = {"intake_clerk", "reviewer", "child_supervisor", "child_director"}
STAFF = {"institution_staff"}
NOT_STAFF = set(ROLES) - STAFF
CLAIMS = {"institution_staff", "settlement_auditor", "finance_officer", "leader", "admin"}
VISITORS = {"case_worker", "child_supervisor", "child_director", "teacher"}
ENROLLERS = {"case_worker", "child_supervisor", "teacher"}  # of home education
HOME_EDUCATION = ENROLLERS | {"child_director", "leader"}
CHILD_PICKERS = (KEEPERS | {"teacher"}) - STAFF
# page -> roles that may open it (every other role gets the 403 page)
PAGES = {
    "/applications": NOT_STAFF,
    "/applications/{application}": set(ROLES),
    "/children": KEEPERS,
    "/children/new": REGISTRARS,
    "/children/{child}": KEEPERS,
    "/children/{child}/apply": {"intake_clerk"},
    "/children/{child}/edit": REGISTRARS,
    "/institution/referrals": STAFF,
    "/institution/children": STAFF,
    "/institution/attendance": STAFF,
    "/institution/dropouts": STAFF,
    "/dashboard": COUNTY,
    "/dashboard/workflow": COUNTY,
    "/account/password": set(ROLES),
    "/papers/rehab/{application}": set(ROLES),  # the application's own scope
    "/account/tokens": set(ROLES),
    "/admin/access-log": {"admin"},
    "/admin/locked": {"admin"},
    "/admin/users": {"admin"},
    "/admin/users/{user}/password": {"admin"},
    "/admin/institutions": {"admin"},
    "/admin/institutions/new": {"admin"},
    "/admin/institutions/{institution}": {"admin"},
    "/admin/policy": {"admin"},
    "/claims": CLAIMS,
    "/reports": set(ROLES),  # everyone follows the reports they filed
    "/reports/new": set(ROLES),
    "/visits": VISITORS,
    "/visits/new": VISITORS,
    "/inbox": set(ROLES),
    "/home-education": HOME_EDUCATION,
    "/home-education/new": ENROLLERS,
    "/home-education/{enrolment}": HOME_EDUCATION,
    "/pickers/children?q=1": CHILD_PICKERS,
}
ADMIN_MENU = ("系统管理",)  # users, institutions, policy, access log, locks: the admin's only


@pytest.fixture
def case(world):
    """An application in rehabilitation at county a's first institution, in its first village
    (so the village and township roles see it too)."""

    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    enrolment = world.enrol_home_education(application.child)
    return {"application": application.id, "child": application.child_id,
            "enrolment": enrolment.id, "user": world.a.users["reviewer"].id,
            "institution": world.a.institutions[0].id}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(role, as_role, case):
    browser = as_role(role)
    for page, allowed in PAGES.items():
        url = page.format(**case)
        response = browser.get(url)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, url, response.status_code)
        html = response.get_data(as_text=True)
        if expected == 403:
            assert "无权" in html and 'lang="zh-CN"' in html
    menu = browser.text("/account/password").split("</nav>")[0]
    assert "我的接口令牌" in menu
    assert all((entry in menu) == (role == "admin") for entry in ADMIN_MENU), role


@pytest.mark.parametrize("role", ROLES)
def test_records_of_another_county_are_refused(role, world, pages):
    from tests.web.pages.conftest import Browser

    theirs = world.application(world.b)
    world.advance(theirs.id, "in_rehabilitation", world.b)
    browser = Browser(pages)
    assert browser.sign_in(world.a.users[role].username).status_code == 302
    urls = (f"/applications/{theirs.id}", f"/applications/{theirs.id}/actions/complete",
            f"/papers/rehab/{theirs.id}")  # fmt: skip
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 403, (role, url)
        assert "不在您的管辖范围内" in response.get_data(as_text=True)
        assert world.b.county.name not in response.get_data(as_text=True)
    refused = AccessEntry.select().where(AccessEntry.action == "denied",
                                         AccessEntry.entity_id == theirs.id)  # fmt: skip
    assert refused.count() == len(urls)  # each attempt is in the access log, as the API's
    assert {(e.user_id, e.county_id) for e in refused} == {
        (world.a.users[role].id, world.b.county.id)}  # fmt: skip
    if role in KEEPERS:
        assert browser.get(f"/children/{theirs.child_id}").status_code == 403
    if role != "institution_staff":
        listing = browser.text("/applications")
        assert f">#{theirs.id}<" not in listing


def test_an_action_out_of_scope_changes_nothing(world, as_role):
    from casework.services import rehab

    theirs = world.application(world.b)
    browser = as_role("reviewer")
    browser.get("/applications")
    response = browser.post(f"/applications/{theirs.id}/actions/start_review")
    assert response.status_code == 403
    assert rehab.require(theirs.id).state == "submitted"


def test_other_institutions_and_villages_do_not_see_the_case(world, as_role, case):
    application = case["application"]
    assert as_role("institution_staff_2").get(f"/applications/{application}").status_code == 403
    other_village = world.application(village=3)  # the second township's second village
    director = as_role("child_director")
    assert director.get(f"/applications/{other_village.id}").status_code == 403
    assert director.get(f"/children/{other_village.child_id}").status_code == 403
    listing = director.text("/applications")
    assert f">#{application}<" in listing and f">#{other_village.id}<" not in listing


def test_unknown_records_and_pages_are_404_in_chinese(as_role):
    browser = as_role("reviewer")
    for url in ("/applications/9999", "/children/9999", "/no-such-page"):
        response = browser.get(url)
        assert response.status_code == 404
        assert 'lang="zh-CN"' in response.get_data(as_text=True)
    assert browser.get("/applications/1/actions/fly").status_code in (404,)


def test_the_api_keeps_its_problem_json_and_needs_no_csrf(world, pages):
    client = pages.test_client()
    response = client.get("/api/v1/no-such-resource")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    response = client.post("/api/v1/no-such-resource", json={})
    assert response.status_code in (404, 405)  # not the CSRF refusal
    assert response.content_type == "application/problem+json"
