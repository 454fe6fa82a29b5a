"""The admin's holiday calendar page: a year shown with its source, entered (ranges allowed)
or imported from a CSV, a bad entry refused in Chinese with nothing kept; the dashboard tells
the admin from 1 October on that next year's calendar is missing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from casework.models import CalendarDay, CalendarYear
from casework.queries import work_calendar


@pytest.fixture(autouse=True)
def _package_through_2026(published_through_2026):
    work_calendar.invalidate()
    yield
    work_calendar.invalidate()


def test_the_admin_enters_a_year_with_ranges(as_role):
    admin = as_role("admin")
    page = admin.text("/admin/calendar?year=2027")
    assert "2027年节假日安排" in page and "未录入" in page
    form = {
        "days_off": "2027-01-01\n2027-02-06..2027-02-13",
        "working_days": "2027-01-31,2027-02-20",
        "reason": "国务院通知",
    }
    response = admin.post("/admin/calendar/2027", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert CalendarDay.select().where(CalendarDay.year == 2027).count() == 11
    page = admin.text("/admin/calendar?year=2027")
    assert "管理员录入" in page and "2027-02-13" in page


def test_a_bad_entry_is_refused_in_chinese_and_nothing_kept(as_role):
    admin = as_role("admin")
    admin.get("/admin/calendar?year=2027")
    response = admin.post("/admin/calendar/2027", {"days_off": "", "working_days": "2027-02-09"})
    assert response.status_code == 422
    assert "调休上班日只能是星期六或星期日" in response.get_data(as_text=True)
    response = admin.post("/admin/calendar/2027", {"days_off": "2027-02-31", "working_days": ""})
    assert response.status_code == 422 and "不是日期" in response.get_data(as_text=True)
    assert CalendarYear.select().count() == 0


def test_a_csv_import(as_role):
    admin = as_role("admin")
    admin.get("/admin/calendar")
    data = {"file": (io.BytesIO("date,kind\n2027-02-08,休\n2027-02-20,班\n".encode()), "2027.csv")}
    response = admin.post("/admin/calendar/import", data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert CalendarYear.get().year == 2027


def test_only_the_admin_opens_the_page(as_role):
    assert as_role("reviewer").get("/admin/calendar").status_code == 403


@pytest.mark.parametrize("today, told", [((2026, 9, 30), False), ((2026, 10, 1), True)])
def test_the_admin_dashboard_says_next_years_calendar_is_missing(pages, as_role, today, told):
    pages.config["CASEWORK_CLOCK"] = lambda: dt.datetime(*today, 2, 0)
    page = as_role("admin").text("/dashboard")
    assert ("2027年节假日安排尚未录入" in page) is told
    assert "2027年节假日安排尚未录入" not in as_role("leader").text("/dashboard")
