"""/api/v1/calendar: a year read by anyone, entered by an admin (the deadlines it moves listed),
refused with a stable code and nothing written."""

from __future__ import annotations

import pytest

from casework.models import AuditEntry, CalendarDay, CalendarYear
from casework.queries import work_calendar
from tests.web.conftest import API, auth, problem

URL = f"{API}/calendar/years"
OFF = ["2027-01-01"] + [f"2027-02-{d:02}" for d in range(6, 14)]
WORKING = ["2027-01-31", "2027-02-20"]


@pytest.fixture(autouse=True)
def _package_through_2026(published_through_2026):
    work_calendar.invalidate()
    yield
    work_calendar.invalidate()


def nothing_kept() -> bool:
    return CalendarYear.select().count() == CalendarDay.select().count() == 0


def test_a_year_read_then_entered_by_the_admin(client, world):
    read = client.get(f"{URL}/2027", headers=auth(world.a, "reviewer")).get_json()
    assert (read["source"], read["days_off"], read["revision"]) == ("none", [], 0)
    assert client.get(f"{URL}/2026", headers=auth(world.a, "reviewer")).json["source"] == "package"
    body = {"days_off": OFF, "working_days": WORKING, "reason": "国务院通知"}
    entered = client.put(f"{URL}/2027", json=body, headers=auth(world.a, "admin"))
    assert entered.status_code == 200, entered.get_data(as_text=True)
    answer = entered.get_json()
    assert answer["year"]["source"] == "kept" and answer["year"]["days_off"] == OFF
    assert "2027-02-08" in answer["changed_days"] and answer["recomputed"] == []
    again = client.get(f"{URL}/2027", headers=auth(world.b, "intake_clerk")).get_json()
    assert again["working_days"] == WORKING and again["revision"] == 1


def test_only_an_admin_enters_a_year(client, world):
    body = {"days_off": OFF, "working_days": WORKING}
    refused = client.put(f"{URL}/2027", json=body, headers=auth(world.a, "reviewer"))
    assert problem(refused, 403)["code"] == "admin_only"
    assert nothing_kept()


@pytest.mark.parametrize(
    "year, off, working, code",
    [
        (2027, ["2027-02-08"], ["2027-02-08"], "calendar_day_off_and_working"),
        (2027, [], ["2027-02-09"], "calendar_working_day_on_weekday"),
        (2027, ["2028-01-03"], [], "calendar_day_outside_year"),
        (2027, ["2027-02-08", "2027-02-08"], [], "calendar_day_repeated"),
        (1990, [], [], "calendar_year_out_of_range"),
    ],
)
def test_bad_input_is_a_422_with_its_code_and_nothing_written(client, world, year, off, working,
                                                              code):  # fmt: skip
    audit_rows = AuditEntry.select().count()
    body = {"days_off": off, "working_days": working}
    refused = problem(client.put(f"{URL}/{year}", json=body, headers=auth(world.a, "admin")), 422)
    assert refused["code"] == "invalid_calendar"
    assert code in [c["code"] for codes in refused["error_codes"].values() for c in codes]
    assert nothing_kept() and AuditEntry.select().count() == audit_rows


def test_a_csv_import(client, world):
    text = "date,kind\n" + "".join(f"{d},off\n" for d in OFF) + "2027-01-31,working\n"
    done = client.post(f"{API}/calendar/import", json={"csv": text}, headers=auth(world.a, "admin"))
    assert done.status_code == 200, done.get_data(as_text=True)
    assert [y["year"]["year"] for y in done.get_json()["years"]] == [2027]
    bad = client.post(f"{API}/calendar/import", json={"csv": "2027-02-08;off\n"},
                      headers=auth(world.a, "admin"))  # fmt: skip
    assert problem(bad, 422)["error_codes"] == {
        "file": [{"code": "calendar_csv_bad_line", "params": {"line": 1}}]
    }
