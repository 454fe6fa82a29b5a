"""The transfer workflow on the generic pages (web/pages/cases.py): its list, a new request,
its page with the actions open now, the one action handler, refusals in Chinese."""

from __future__ import annotations

import re

from casework.models import Transfer
from tests.integration.transfer_cases import reach


def test_receive_transfer_and_follow_a_request(world, as_role):
    worker = as_role("case_worker")
    form = worker.text("/transfers/new")
    assert "窗口受理" in form and "诉求" in form and "家属姓名" in form
    assert world.a.villages[0].name in form  # the place picker offers the worker's villages
    assert world.b.villages[0].name not in form
    typed = {"place_id": world.a.villages[0].id, "family_name": "王大姐", "request": "申请临时救助"}
    response = worker.post("/transfers/new", typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    transfer = Transfer.get()
    assert response.headers["Location"].endswith(f"/transfers/{transfer.id}")
    page = worker.text(f"/transfers/{transfer.id}")
    assert "转介 #" in page and "窗口已受理" in page and "申请临时救助" in page
    assert f'href="/transfers/{transfer.id}/actions/transfer">转介部门' in page
    action = worker.text(f"/transfers/{transfer.id}/actions/transfer")
    assert "医疗保障" in action and "残联" in action  # the departments by their names
    done = worker.post(f"/transfers/{transfer.id}/actions/transfer",
                       {"department": "medical_insurance", "expected_version": 1})  # fmt: skip
    assert done.status_code == 302
    page = worker.text(f"/transfers/{transfer.id}")
    assert "已转介部门" in page and "医疗保障" in page
    listed = worker.text("/transfers?state=transferred")
    assert f"/transfers/{transfer.id}" in listed and "王大姐" in listed and "医疗保障" in listed
    assert f"/transfers/{transfer.id}" not in worker.text("/transfers?state=received")


def test_refusals_are_told_in_chinese(world, as_role):
    worker = as_role("case_worker")
    refused = worker.post("/transfers/new", {"place_id": world.a.villages[0].id})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "此项为必填项" in html
    case_id = reach(world, "refused")
    again = worker.post(f"/transfers/{case_id}/actions/transfer",
                        {"department": "civil_affairs", "expected_version": 3},
                        follow_redirects=True)  # fmt: skip
    assert "民政部门已退回该诉求，请转介其他部门。" in again.get_data(as_text=True)
    assert Transfer.get_by_id(case_id).state == "refused"
    department = as_role("department_staff")
    no_reason = department.post(f"/transfers/{reach(world, 'transferred')}/actions/refuse",
                                {"expected_version": 2})  # fmt: skip
    assert no_reason.status_code == 422 and "理由" in no_reason.get_data(as_text=True)


def test_another_county_and_other_roles_see_nothing(world, as_role):
    case_id = reach(world, "accepted")
    other = as_role("case_worker", world.b)
    assert other.get(f"/transfers/{case_id}").status_code == 403
    assert f"/transfers/{case_id}" not in other.text("/transfers")
    assert as_role("reviewer").get("/transfers").status_code == 403
    assert "转介办理流程" in as_role("case_worker").text("/transfers")  # its navigation entry


def test_a_department_starts_on_its_requests_and_answers_them(world, as_role):
    civil, health = reach(world, "transferred"), reach(world, "received")
    department = as_role("department_staff")  # civil affairs at the county
    home = department.get("/", follow_redirects=True)
    listed = home.get_data(as_text=True)
    assert home.request.path == "/transfers"
    assert f"/transfers/{civil}" in listed and f"/transfers/{health}" not in listed
    assert department.get(f"/transfers/{health}").status_code == 403
    page = department.text(f"/transfers/{civil}")
    assert f'/transfers/{civil}/actions/accept"' in page and "受理" in page
    done = department.post(f"/transfers/{civil}/actions/accept", {"expected_version": 2})
    assert done.status_code == 302 and Transfer.get_by_id(civil).state == "accepted"
    # nothing else of the child: no registry, no rehab, no visits, no new request (the reports
    # page lists only the reports they filed themselves, as for anyone)
    for path in ("/children", "/rehab", "/transfers/new", "/visits/due"):
        assert department.get(path).status_code in (403, 404), path


def test_the_window_transfers_to_several_departments_at_once(world, as_role):
    case_id = reach(world, "received")
    worker = as_role("case_worker")
    form = worker.text(f"/transfers/{case_id}/actions/transfer")
    assert "同时转介" in form and 'value="health"' in form
    done = worker.post(f"/transfers/{case_id}/actions/transfer",
                       {"department": "civil_affairs", "also_to": ["health", "education"],
                        "expected_version": 1})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    subs = {t.department: t.state for t in Transfer.select().where(Transfer.parent == case_id)}
    assert subs == {"health": "transferred", "education": "transferred"}


def test_the_request_lists_its_sub_cases_each_as_its_department_sees_it(world, as_role):
    case_id = reach(world, "received")
    worker = as_role("case_worker")
    done = worker.post(f"/transfers/{case_id}/actions/transfer",
                       {"department": "civil_affairs", "also_to": ["health", "education"],
                        "expected_version": 1})  # fmt: skip
    assert done.status_code == 302, done.get_data(as_text=True)
    subs = {t.department: t.id for t in Transfer.select().where(Transfer.parent == case_id)}
    page = worker.text(f"/transfers/{case_id}")
    assert "子件" in page  # the heading
    for department, name in (("health", "卫生健康"), ("education", "教育")):
        row = re.search(rf'<a href="/transfers/{subs[department]}">.*?</li>', page, re.S)
        assert row, department
        assert name in row.group(0) and "已转介" in row.group(0)  # its department, its state
    sub_page = worker.text(f"/transfers/{subs['health']}")
    assert f'所属主件 <a href="/transfers/{case_id}">' in sub_page  # back to the request
    assert 'id="subs-h"' not in sub_page  # a request with no sub-case has no such list
    # civil affairs' staff read their own request, not the other departments' sub-cases
    civil = as_role("department_staff").text(f"/transfers/{case_id}")
    assert f'href="/transfers/{subs["health"]}"' not in civil
