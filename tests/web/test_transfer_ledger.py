"""The transfer ledger (转介办理台账): one row per request and per sub-case received in the
period, with its department, state, dates, whether its time limits were kept and what the
family was granted; streamed like the other ledgers, masked by role, in the caller's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import Reminder, Transfer
from casework.rules.identity import mask_id_number
from tests.conftest import NOW
from tests.integration.transfer_cases import TRANSFERS, reach, receive
from tests.web.conftest import API, auth, problem
from tests.web.test_ledgers import PERIOD, _sheet

URL = f"{API}/ledgers/transfers.xlsx"
HEADERS = ["序号", "转介编号", "主件编号", "受理日期", "申请人", "儿童姓名", "身份证号", "村(居)",
           "诉求", "承办部门", "状态", "进入状态日期", "答复家庭日期", "按时限办理", "获得帮扶",
           "帮扶内容", "件数", "超时件数"]  # fmt: skip


@pytest.fixture
def transfers(world):
    """Closed, with a benefit, but reminded once on the way; transferred to civil affairs and
    also to health (a sub-case), the first past its deadline; one in county b."""
    closed = reach(world, "closed")
    Reminder.create(rule="transfer.department_answer", entity="transfer", entity_id=closed,
                    instance="1", county=world.a.county.id, due_at=NOW, severity="overdue",
                    created_at=NOW)  # fmt: skip
    request = receive(world)
    TRANSFERS.act(world.a.actor("case_worker"), request.id, "transfer", now=world.now,
                  payload={"department": "civil_affairs", "also_to": ["health"]})  # fmt: skip
    Transfer.update(due_at=NOW - dt.timedelta(hours=1)).where(Transfer.id == request.id).execute()
    sub_case = Transfer.get(Transfer.parent == request.id)
    other = reach(world, "transferred", world.b)
    return {"closed": closed, "request": request.id, "sub_case": sub_case.id, "other": other}


def test_the_ledger_of_the_county_with_count_totals(client, world, transfers):
    rows = _sheet(client.get(URL, query_string=PERIOD, headers=auth(world.a, "leader")))
    title, headers, *body, totals = rows
    assert title[0].startswith("转介办理台账")
    assert headers == HEADERS
    ids = [str(transfers[k]) for k in ("closed", "request", "sub_case")]
    assert [row[1] for row in body] == ids
    assert [row[2] for row in body] == [None, None, ids[1]]  # the sub-case names its request
    assert [row[9] for row in body] == ["民政", "民政", "卫生健康"]
    assert [row[10] for row in body] == ["已结案", "已转介部门", "已转介部门"]
    assert [row[13] for row in body] == ["否", "否", "是"]  # reminded; past its deadline; kept
    assert [row[17] for row in body] == [1, 1, 0]
    assert (body[0][12], body[0][14], body[0][15]) == ("2026-03-02", "是", "临时救助")
    assert body[1][14] is None and body[1][15] is None  # nothing granted yet (empty cells)
    assert body[0][3] == "2026-03-02" and body[0][4] == "王大姐"
    child = Transfer.get_by_id(transfers["closed"]).child
    assert body[0][6] == mask_id_number(child.id_number)  # the leader reads masked
    assert totals == ["合计", *[None] * 15, 3, 2]  # totals under the count columns only


def test_whole_for_the_window_and_nothing_of_the_child_for_a_department(client, world,
                                                                        transfers):  # fmt: skip
    query = {**PERIOD, "whole": "true"}
    rows = _sheet(client.get(URL, query_string=query, headers=auth(world.a, "case_worker")))
    child = Transfer.get_by_id(transfers["closed"]).child
    assert rows[2][6] == child.id_number
    rows = _sheet(client.get(URL, query_string=query,
                             headers=auth(world.a, "department_staff_health")))  # fmt: skip
    body = rows[2:-1]
    assert [row[1] for row in body] == [str(transfers["sub_case"])]  # its department's only
    assert body[0][5] is None and body[0][6] is None


def test_another_county_sees_only_its_own_and_others_are_refused(client, world, transfers):
    rows = _sheet(client.get(URL, query_string=PERIOD, headers=auth(world.b, "leader")))
    assert [row[1] for row in rows[2:-1]] == [str(transfers["other"])]
    outside = {**PERIOD, "place_id": world.a.villages[0].id}
    body = problem(client.get(URL, query_string=outside, headers=auth(world.b, "leader")), 422)
    assert body["code"] == "invalid_ledger_filters"
    for role in ("child_director", "reviewer", "admin"):
        body = problem(client.get(URL, query_string=PERIOD, headers=auth(world.a, role)), 403)
        assert body["code"] == "ledger_readers_only"


def test_a_period_before_the_transfers_is_empty(client, world, transfers):
    query = {"first": "2026-01-01", "last": "2026-02-28"}
    rows = _sheet(client.get(URL, query_string=query, headers=auth(world.a, "leader")))
    assert rows[2:] == [["合计", *[None] * 15, 0, 0]]


def test_an_open_transfer_is_judged_as_of_now_while_the_period_runs(world):
    import io

    from openpyxl import load_workbook

    from casework.services import ledgers

    request = receive(world, child=False)  # due in two working days: after now, in March
    leader = world.a.actor("leader")

    def kept(now):
        ledger, filters = ledgers.filters_for(
            leader, "transfers", None, dt.date(2026, 3, 1), dt.date(2026, 3, 31), False, now
        )
        out = io.BytesIO()
        ledgers.write(ledger, leader, filters, out)
        rows = list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].values)
        assert [row[1] for row in rows[2:-1]] == [str(request.id)]
        return rows[2][13]

    assert kept(NOW) == "是"  # not yet due (as of the period's end it would be past it)
    assert kept(NOW + dt.timedelta(days=10)) == "否"
    assert kept(NOW + dt.timedelta(days=60)) == "否"  # the period over: as of its end
    with pytest.raises(TypeError):  # the moment asked comes from the edge, never the period's end
        ledgers.filters_for(leader, "transfers", None, dt.date(2026, 3, 1),
                            dt.date(2026, 3, 31), False)  # type: ignore[call-arg]  # fmt: skip
