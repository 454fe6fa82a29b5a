"""The ledgers as streamed spreadsheets through the API: opened with openpyxl, Chinese
headers, totals only under count and money columns, rows of the caller's area and period
only, ID numbers masked unless a role that reads them whole asks (and that is logged)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from casework.models import AccessEntry
from casework.rules.identity import compose_resident_id, mask_id_number
from casework.services import children, visits
from tests.web.conftest import API, auth, problem
from tests.web.test_scope import ROLES

D = dt.date
PERIOD = {"first": "2026-01-01", "last": "2026-03-31"}
READERS = {"admin", "leader", "case_worker", "child_supervisor", "child_director"}


SERIAL = iter(range(500, 999))


def _in_difficulty(world, county, village: int, name: str, categories=("family",)):
    number = compose_resident_id("330127", D(2018, 6, 1), next(SERIAL))
    child = children.register_child(
        county.actor("intake_clerk"),
        {"id_number": number, "name": name, "place_id": county.villages[village].id,
         "residence_basis": "permanent_hukou"},
        world.now,
    )  # fmt: skip
    return world.categorise(child, *categories, county=county)


def _sheet(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def registered(world):
    found = {
        "a0": _in_difficulty(world, world.a, 0, "张小花"),
        "a1": _in_difficulty(world, world.a, 1, "李小明", ("guardianship", "self")),
        "a2": _in_difficulty(world, world.a, 2, "王小军"),
        "b0": _in_difficulty(world, world.b, 0, "赵小红"),
    }
    world.child(disabilities=())  # a file counted as nothing: not on the register
    return found


def test_the_register_of_the_county_masked_with_a_count_total(client, world, registered):
    rows = _sheet(client.get(f"{API}/ledgers/register.xlsx", query_string=PERIOD,
                             headers=auth(world.a, "leader")))  # fmt: skip
    title, headers, *body, totals = rows
    assert title[0].startswith("困境儿童名册")
    assert headers == ["序号", "姓名", "身份证号", "性别", "出生日期", "乡镇(街道)", "村(居)",
                       "困境类别", "残疾类别", "人数"]  # fmt: skip
    assert [row[1] for row in body] == ["张小花", "李小明", "王小军"]
    assert body[0][2] == mask_id_number(registered["a0"].id_number)
    assert body[1][7] == "自身困境、监护困境"  # in the categories' order
    assert body[0][4] == "2018-06"  # masked with the ID number: year and month only
    assert totals == ["合计", *[None] * 8, 3]  # a total under the count column only
    assert AccessEntry.select().where(AccessEntry.action == "export").count() == 1
    assert AccessEntry.select().where(AccessEntry.action == "view_id").count() == 0


def test_whole_values_for_a_role_that_reads_them_and_logged(client, world, registered):
    query = {**PERIOD, "whole": "true", "place_id": world.a.villages[0].id}
    rows = _sheet(client.get(f"{API}/ledgers/register.xlsx", query_string=query,
                             headers=auth(world.a, "child_director")))  # fmt: skip
    assert [row[2] for row in rows[2:-1]] == [registered["a0"].id_number]
    assert AccessEntry.select().where(AccessEntry.action == "view_id").count() == 1
    # the leader reads masked only, whatever is asked
    rows = _sheet(client.get(f"{API}/ledgers/register.xlsx", query_string=query,
                             headers=auth(world.a, "leader")))  # fmt: skip
    assert [row[2] for row in rows[2:-1]] == [mask_id_number(registered["a0"].id_number)]


def test_a_place_outside_the_area_or_a_reversed_period_is_refused(client, world, registered):
    director = auth(world.a, "child_director")  # village 0 of county a
    outside = {**PERIOD, "place_id": world.a.villages[1].id}
    body = problem(client.get(f"{API}/ledgers/register.xlsx", query_string=outside,
                              headers=director), 422)  # fmt: skip
    assert "place_id" in body["errors"]
    reversed_period = {"first": "2026-03-31", "last": "2026-01-01"}
    body = problem(client.get(f"{API}/ledgers/visits.xlsx", query_string=reversed_period,
                              headers=director), 422)  # fmt: skip
    assert "first" in body["errors"]
    problem(client.get(f"{API}/ledgers/nothing.xlsx", query_string=PERIOD, headers=director), 404)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_own_area_or_a_403(client, world, registered, role):
    for county, names in ((world.a, {"张小花", "李小明", "王小军"}), (world.b, {"赵小红"})):
        response = client.get(f"{API}/ledgers/register.xlsx", query_string=PERIOD,
                              headers=auth(county, role))  # fmt: skip
        if role not in READERS:
            assert problem(response, 403)["code"] == "ledger_readers_only"
            continue
        got = {row[1] for row in _sheet(response)[2:-1]}
        user = county.users[role]
        if role == "child_director":
            names = {n for n in names if n in ("张小花", "赵小红")}  # village 0 only
        elif role == "child_supervisor":
            names = {n for n in names if n != "王小军"}  # township 1 only
        assert got == names, (role, user.place_id)


def test_the_visit_and_home_education_ledgers(client, world, registered):
    child = registered["a0"]
    world.enrol_home_education(child, D(2025, 9, 1))
    for day, hours in ((D(2025, 12, 1), 2), (D(2026, 2, 3), 2), (D(2026, 3, 1), 3)):
        visits.record_visit(world.a.actor("teacher"), {
            "child_id": child.id, "kind": "home_education", "visited_on": day.isoformat(),
            "class_hours": hours, "subject": "语文", "findings": "认字"}, world.now)  # fmt: skip
    visits.record_visit(world.a.actor("child_director"), {
        "child_id": child.id, "kind": "regular", "visited_on": "2026-02-10",
        "findings": "生活正常"}, world.now)  # fmt: skip
    leader = auth(world.a, "leader")
    rows = _sheet(client.get(f"{API}/ledgers/visits.xlsx", query_string=PERIOD, headers=leader))
    body, totals = rows[2:-1], rows[-1]
    assert [(r[1], r[5], r[9]) for r in body] == [
        ("2026-02-03", "送教上门", 2), ("2026-02-10", "定期走访", 0), ("2026-03-01", "送教上门", 3)
    ]  # fmt: skip
    assert totals == ["合计", *[None] * 8, 5, 3]  # class hours and visits counted
    rows = _sheet(client.get(f"{API}/ledgers/home-education.xlsx",
                             query_string={"first": "2025-09-01", "last": "2026-08-31"},
                             headers=leader))  # fmt: skip
    assert rows[1][5:9] == ["学年", "送教次数", "课时", "学年应达课时"]
    assert [r[5:9] for r in rows[2:-1]] == [["2025-2026学年", 3, 7, 40]]
    assert rows[-1] == ["合计", None, None, None, None, None, 3, 7, None]


def test_the_rehab_aid_ledger_with_money_totals(client, world):
    application = world.application()  # applied for on 2 March 2026
    world.advance(application.id, "settled")  # one month billed at 3000.00, 1700.00 paid
    world.application(world.b)
    rows = _sheet(client.get(f"{API}/ledgers/rehab-aid.xlsx", query_string=PERIOD,
                             headers=auth(world.a, "reviewer")))  # fmt: skip
    headers, body, totals = rows[1], rows[2:-1], rows[-1]
    assert headers[10:] == ["康复费用(元)", "核定补助(元)", "已支付(元)", "项目数"]
    assert [(r[1], r[6], r[9], r[10], r[11], r[12], r[13]) for r in body] == [
        (str(application.id), "肢体残疾儿童康复训练", "已结算", 3000, 1700, 1700, 1)
    ]  # fmt: skip
    assert totals == ["合计", *[None] * 9, 3000, 1700, 1700, 1]
    problem(client.get(f"{API}/ledgers/rehab-aid.xlsx", query_string=PERIOD,
                       headers=auth(world.a, "child_director")), 403)  # fmt: skip


def test_the_mandatory_report_ledger(client, world):
    from tests.integration.report_cases import file_report

    case = file_report(world)
    file_report(world, world.b)
    rows = _sheet(client.get(f"{API}/ledgers/reports.xlsx", query_string=PERIOD,
                             headers=auth(world.a, "case_worker")))  # fmt: skip
    body = rows[2:-1]
    assert [(r[1], r[2], r[6], r[7], r[10]) for r in body] == [
        (str(case.id), "2026-03-02", "虐待", "否", 1)
    ]  # fmt: skip
    assert rows[-1] == ["合计", *[None] * 9, 1]
    problem(client.get(f"{API}/ledgers/reports.xlsx", query_string=PERIOD,
                       headers=auth(world.a, "admin")), 403)  # fmt: skip
