"""A page's arguments refused in the page's words, never a 500, and its redirects kept on this
site."""

from __future__ import annotations

import pytest

from tests.web.pages.test_protection_pages import reminder  # noqa: F401 (a fixture)


@pytest.mark.parametrize("year", ["99999", "0", "-5", "1999"])
def test_the_dashboard_refuses_a_year_out_of_range(world, as_role, year):
    response = as_role("leader").get(f"/dashboard?year={year}")
    assert response.status_code == 422
    assert "年度须在 2000 到 2100 之间" in response.get_data(as_text=True)


def test_the_attendance_grid_refuses_a_year_out_of_range(world, as_role):
    browser = as_role("institution_staff")
    assert browser.get("/institution/attendance?year=99999").status_code == 422
    assert browser.get("/institution/attendance?year=2026").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "/inbox/../..//evil.example",
        "/inbox\\..\\..\\/evil.example",
        "/inboxes",
        "//evil.example",
        "/inbox/%2e%2e/admin",
    ],
)
def test_the_inbox_goes_back_only_to_the_inbox(world, as_role, reminder, target):  # noqa: F811
    from casework.models import User

    owner = User.get_by_id(reminder.assignee_id)
    key = next(k for k, u in world.a.users.items() if u.id == owner.id)
    browser = as_role(key)
    browser.get("/inbox")
    response = browser.post(f"/inbox/{reminder.id}/read", {"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox"
    browser.get("/inbox")
    kept = browser.post(f"/inbox/{reminder.id}/read", {"next": "/inbox?snoozed=yes"})
    assert kept.headers["Location"] == "/inbox?snoozed=yes"
