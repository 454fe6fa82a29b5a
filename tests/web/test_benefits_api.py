"""Benefits on a child's file (/api/v1/benefits): recorded by the windows with department,
status, amount per month or once and dates, read by whoever reads the file; the county's
benefit list (/api/v1/policy/benefits) is a county policy the admin extends; a department's
handling of a request and a report case's assistance put them on the file too."""

from __future__ import annotations

import pytest

from casework.errors import Conflict, Invalid
from casework.models import AuditEntry, ChildBenefit, ReportCase, Transfer
from casework.services import reports
from tests.integration.report_cases import reach as report_reach
from tests.integration.transfer_cases import TRANSFERS, actor_for, arguments, receive
from tests.web.conftest import API, auth, problem

URL = f"{API}/benefits"
LIST = f"{API}/policy/benefits"
LOW_INCOME = {"benefit": "subsistence_allowance", "status": "granted", "amount": "680.00",
              "period": "month", "starts_on": "2026-01-01", "note": "全额低保"}  # fmt: skip


def record(client, county, child, body, role="case_worker"):
    return client.post(URL, json={"child_id": child.id, **body}, headers=auth(county, role))


def test_the_window_records_a_benefit_and_the_file_shows_it(client, world):
    child = world.child()
    created = record(client, world.a, child, LOW_INCOME)
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    assert (body["benefit"], body["department"], body["amount"], body["period"]) == (
        "subsistence_allowance", "civil_affairs", "680.00", "month")  # fmt: skip
    assert ChildBenefit.get_by_id(body["id"]).amount == 68000  # fen
    assert AuditEntry.get(AuditEntry.entity == "child_benefit").changes["amount"] == [None, 68000]
    for role in ("case_worker", "leader", "child_director", "intake_clerk"):
        listed = client.get(URL, query_string={"child_id": child.id}, headers=auth(world.a, role))
        assert [b["id"] for b in listed.get_json()] == [body["id"]], role
    ended = client.patch(f"{URL}/{body['id']}", json={"status": "ended", "ends_on": "2026-02-28"},
                         headers=auth(world.a, "child_supervisor"))  # fmt: skip
    assert ended.status_code == 200, ended.get_data(as_text=True)
    assert (ended.get_json()["status"], ended.get_json()["ends_on"]) == ("ended", "2026-02-28")


def test_bad_terms_are_refused_by_field_and_nothing_is_written(client, world):
    child = world.child()
    cases = [
        ({**LOW_INCOME, "period": None}, "period", "benefit_period_required"),
        ({**LOW_INCOME, "ends_on": "2025-12-31"}, "ends_on", "ends_before_start"),
        ({**LOW_INCOME, "amount": "-5"}, "amount", "negative"),
        ({**LOW_INCOME, "benefit": "lottery_win"}, "benefit", "benefit_not_offered"),
        ({**LOW_INCOME, "department": "tax_office"}, "department", "not_one_of"),
    ]
    for body, field, code in cases:
        refused = problem(record(client, world.a, child, body), 422)
        codes = [e["code"] for e in refused["error_codes"][field]]
        assert code in codes or refused["code"] == code, (field, refused)
    assert ChildBenefit.select().count() == 0


def test_scope_every_endpoint(client, world):
    child = world.child()
    mine = record(client, world.a, child, LOW_INCOME).get_json()
    other = world.child(world.b)
    for county, role in [(world.b, "case_worker"), (world.a, "department_staff"),
                         (world.b, "leader")]:  # fmt: skip
        headers = auth(county, role)
        assert problem(client.get(URL, query_string={"child_id": child.id}, headers=headers),
                       403)  # fmt: skip
        assert problem(record(client, county, child, LOW_INCOME, role), 403)
        assert problem(client.patch(f"{URL}/{mine['id']}", json={"status": "ended"},
                                    headers=headers), 403)  # fmt: skip
    # read, but not written, by those who read the file
    refused = problem(record(client, world.a, child, LOW_INCOME, "reviewer"), 403)
    assert refused["code"] == "role_records_no_benefits"
    assert problem(record(client, world.a, other, LOW_INCOME), 403)
    assert problem(client.patch(f"{URL}/999", json={}, headers=auth(world.a, "case_worker")),
                   404)  # fmt: skip
    assert ChildBenefit.select().count() == 1


def test_the_county_adds_benefits_and_stops_offering_others(client, world):
    admin, worker = auth(world.a, "admin"), auth(world.a, "case_worker")
    offered = {b["benefit"]: b["offered"] for b in client.get(LIST, headers=worker).get_json()[
        "benefits"]}  # fmt: skip
    assert offered["temporary_assistance"] and offered["two_exemptions_one_subsidy"]
    added = client.put(f"{LIST}/县困境儿童助学金", json={"offered": True,
                       "effective_from": "2026-03-02"}, headers=admin)  # fmt: skip
    assert added.status_code == 200, added.get_data(as_text=True)
    assert problem(client.put(f"{LIST}/x", json={"offered": True, "effective_from": "2026-03-02"},
                              headers=worker), 403)  # fmt: skip
    stopped = client.put(f"{LIST}/education_aid", json={"offered": False,
                         "effective_from": "2026-04-01"}, headers=admin)  # fmt: skip
    assert stopped.status_code == 200
    rows = {b["benefit"]: b for b in client.get(LIST, headers=worker).get_json()["benefits"]}
    assert rows["县困境儿童助学金"]["added"] and rows["县困境儿童助学金"]["offered"]
    assert rows["education_aid"]["offered"] and rows["education_aid"]["scheduled"][0][
        "effective_from"] == "2026-04-01"  # fmt: skip
    # the county's own names its department; the stopped one is refused from its day on
    child = world.child()
    grant = {"benefit": "县困境儿童助学金", "amount": "1000", "period": "once"}
    needs = problem(record(client, world.a, child, grant), 422)
    assert needs["code"] == "benefit_department_required"
    assert record(client, world.a, child, {**grant, "department": "education"}).status_code == 201
    late = {"benefit": "education_aid", "starts_on": "2026-04-01"}
    assert problem(record(client, world.a, child, late), 422)["code"] == "benefit_not_offered"
    assert record(client, world.a, child, {**late, "starts_on": "2026-03-31"}).status_code == 201
    # and the admin may no longer stop offering a benefit from a day already decided on
    today = client.put(f"{LIST}/县困境儿童助学金", json={"offered": False,
                       "effective_from": "2026-03-02"}, headers=admin)  # fmt: skip
    assert problem(today, 422)["code"] == "policy_changes_decisions"


def test_a_departments_handling_grants_a_benefit_onto_the_file(client, world):
    case = receive(world)
    for action in ("transfer", "accept"):
        TRANSFERS.act(actor_for(world.a, action), case.id, action, now=world.now,
                      **arguments(action))  # fmt: skip
    staff = world.a.actor("department_staff")
    handling = {"handling": "入户核查属实", "benefit_granted": True, "benefit": "临时救助",
                "grant_benefit": "temporary_assistance", "grant_amount": "3000",
                "grant_period": "once", "grant_starts_on": "2026-03-02"}  # fmt: skip
    outcome = TRANSFERS.act(staff, case.id, "record_handling", now=world.now, payload=handling)
    row = ChildBenefit.get(ChildBenefit.transfer == case.id)
    assert outcome.changes["child_benefit"] == [None, row.id]
    assert (row.child_id, row.department, row.status, row.amount, row.period) == (
        case.child_id, "civil_affairs", "granted", 300000, "once")  # fmt: skip
    listed = client.get(URL, query_string={"child_id": case.child_id},
                        headers=auth(world.a, "case_worker")).get_json()  # fmt: skip
    assert [(b["transfer_id"], b["amount"]) for b in listed] == [(case.id, "3000.00")]


def test_a_grant_must_be_granted_and_the_request_must_name_a_child(world):
    case = receive(world, child=False)
    for action in ("transfer", "accept"):
        TRANSFERS.act(actor_for(world.a, action), case.id, action, now=world.now,
                      **arguments(action))  # fmt: skip
    staff = world.a.actor("department_staff")
    base = {"handling": "已办理", "grant_benefit": "temporary_assistance"}
    with pytest.raises(Invalid) as refused:
        TRANSFERS.act(staff, case.id, "record_handling", now=world.now,
                      payload={**base, "benefit_granted": False})  # fmt: skip
    assert refused.value.fields["grant_benefit"][0].code == "grant_not_granted"
    with pytest.raises(Conflict) as conflict:
        TRANSFERS.act(staff, case.id, "record_handling", now=world.now,
                      payload={**base, "benefit_granted": True})  # fmt: skip
    assert conflict.value.code == "transfer_without_child"
    assert ChildBenefit.select().count() == 0
    assert Transfer.get_by_id(case.id).state == "accepted"


def test_a_report_cases_link_is_a_benefit_on_the_file(client, world):
    case_id = report_reach(world, "assistance")
    worker = world.a.actor("case_worker")
    link = {"benefit": "orphan_allowance", "status": "applied"}
    reports.act(worker, case_id, "link_benefit", now=world.now, payload=link)
    granted = {**link, "status": "granted", "amount": "1900", "period": "month",
               "starts_on": "2026-03-01"}  # fmt: skip
    outcome = reports.act(worker, case_id, "link_benefit", now=world.now, payload=granted)
    assert outcome.changes["benefit.orphan_allowance"] == ["applied", "granted"]
    [row] = ChildBenefit.select().where(ChildBenefit.report_case == case_id)
    assert (row.status, row.amount, row.department, row.child_id) == (
        "granted", 190000, "civil_affairs", ReportCase.get_by_id(case_id).child_id)  # fmt: skip
    read = client.get(f"{API}/reports/{case_id}", headers=auth(world.a, "case_worker"))
    assert [(b["benefit"], b["amount"]) for b in read.get_json()["benefits"]] == [
        ("orphan_allowance", "1900.00")]  # fmt: skip
