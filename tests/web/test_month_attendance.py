"""One month's attendance for every child of an institution: the sheet, and many children's
days recorded in one request, all or none, each refusal naming the child and the field."""

from __future__ import annotations

from casework.models import Attendance, AuditEntry
from tests.integration.claim_cases import in_rehab
from tests.web.conftest import API, auth, problem

URL = f"{API}/rehab-applications/attendance"


def days_on_file(application_id):
    rows = Attendance.select().where(Attendance.application == application_id)
    return {f"{r.month:%Y-%m}": r.days_attended for r in rows}


def audits():
    return AuditEntry.select().where(AuditEntry.action == "record_attendance").count()


def test_a_month_for_every_child_in_one_request(client, world):
    first = in_rehab(world, months=())
    second = in_rehab(world, months=())
    in_rehab(world, months=(), staff="institution_staff_2",
             refer_to=world.a.institutions[1].id)  # another institution's child  # fmt: skip
    staff = auth(world.a, "institution_staff")
    sheet = client.get(URL, query_string={"month": "2026-02"}, headers=staff).get_json()
    assert {r["application_id"] for r in sheet["rows"]} == {first.id, second.id}
    assert all(r["open"] and r["most_days"] == 28 and r["days_attended"] is None
               for r in sheet["rows"])  # fmt: skip
    before = audits()
    body = {"month": "2026-02", "records": [
        {"application_id": first.id, "days_attended": 20},
        {"application_id": second.id, "days_attended": 18, "sessions": 36}]}  # fmt: skip
    answer = client.post(URL, json=body, headers=staff)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["recorded"] == 2
    assert {r["application_id"]: r["days_attended"] for r in answer.get_json()["rows"]} == {
        first.id: 20, second.id: 18}  # fmt: skip
    assert audits() == before + 2  # one action, one audit row, per child's month
    again = client.post(URL, json=body, headers=staff).get_json()
    assert again["recorded"] == 0 and audits() == before + 2  # nothing changed: nothing written


def test_one_refusal_saves_nothing_and_names_the_child_and_the_field(client, world):
    first = in_rehab(world, months=())
    second = in_rehab(world, months=())
    staff = auth(world.a, "institution_staff")
    before = audits()
    body = {"month": "2026-03", "records": [  # today is 2 March: two days have passed
        {"application_id": first.id, "days_attended": 2},
        {"application_id": second.id, "days_attended": 5}]}  # fmt: skip
    refused = problem(client.post(URL, json=body, headers=staff), 422)
    assert refused["code"] == "attendance_refused"
    assert set(refused["errors"]) == {"records.1", "records.1.days_attended"}
    [named] = refused["error_codes"]["records.1"]
    child = second.child.name
    assert named["code"] == "record_refused"
    assert (named["params"]["child"], named["params"]["month"]) == (child, "2026-03")
    assert days_on_file(first.id) == {} and audits() == before  # the good record too: none


def test_a_case_outside_the_institution_is_refused_without_its_name(client, world):
    mine = in_rehab(world, months=())
    other = in_rehab(world, months=(), staff="institution_staff_2",
                     refer_to=world.a.institutions[1].id)  # fmt: skip
    body = {"month": "2026-02", "records": [
        {"application_id": mine.id, "days_attended": 20},
        {"application_id": other.id, "days_attended": 20}]}  # fmt: skip
    refused = problem(client.post(URL, json=body, headers=auth(world.a, "institution_staff")), 422)
    [said] = refused["error_codes"]["records.1"]
    assert "child" not in said["params"] and said["params"]["application_id"] == other.id
    assert days_on_file(mine.id) == {} and days_on_file(other.id) == {}


def test_the_sheet_is_the_callers_institutions_only(client, world):
    in_rehab(world, months=())
    for county, role in ((world.b, "institution_staff"), (world.a, "reviewer")):
        sheet = client.get(URL, query_string={"month": "2026-02"}, headers=auth(county, role))
        assert sheet.status_code == 200 and sheet.get_json()["rows"] == [], role
    bad = client.get(URL, query_string={"month": "2026-13"}, headers=auth(world.a, "reviewer"))
    assert "month" in problem(bad, 422)["errors"]
    empty = client.post(URL, json={"month": "2026-02", "records": []},
                        headers=auth(world.a, "institution_staff"))  # fmt: skip
    assert "records" in problem(empty, 422)["errors"]
