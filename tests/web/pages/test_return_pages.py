"""The returns page: the returns submitted with who and when, a period's return counted and
shown, downloaded as the fixed-layout spreadsheet, recorded as submitted (admin, leader);
bad periods said in Chinese with what was typed; another county sees none of it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from casework.models import AuditEntry, ReturnSubmission
from tests.integration.test_returns import _march


def test_count_show_download_and_submit_a_month(as_role, world):
    _march(world)  # one approval, one visit, one report in March
    leader = as_role("leader")
    page = leader.text("/returns")
    assert "信息报送" in page and 'value="2026-03"' in page  # this month offered
    assert "尚未报送任何报表。" in page
    page = leader.text("/returns?kind=monthly&period=2026-03")
    assert f"{world.a.county.name}2026-03月度统计报表" in page
    assert "本年累计救助儿童数" in page and "本期走访次数" in page
    assert 'id="submit-return"' in page
    response = leader.client.get("/returns/download?kind=monthly&period=2026-03")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[2] == ["序号", "指标", "单位", "数值"]
    assert rows[3][3] == 1 and rows[10][3] == 1  # one child aided, one visit

    response = leader.post("/returns/submit", {"kind": "monthly", "period": "2026-03"})
    assert response.status_code == 302
    row = ReturnSubmission.get()
    assert (row.kind, row.period, row.submitted_by_id) == (
        "monthly", "2026-03", world.a.users["leader"].id
    )  # fmt: skip
    assert AuditEntry.get(AuditEntry.entity == "return").action == "submit_return"
    page = leader.text("/returns")
    assert "2026-03 报表已登记为已报送。" in page
    listed = page.split('id="submitted-returns"')[1]
    assert "月度统计报表" in listed and world.a.users["leader"].name in listed
    assert f"/returns/submissions/{row.id}" in listed
    again = leader.text(f"/returns/submissions/{row.id}")
    assert "本期接报强制报告数" in again


def test_the_case_worker_reads_but_does_not_submit(as_role, world):
    worker = as_role("case_worker")
    page = worker.text("/returns?kind=quarterly&period=2026-Q1")
    assert "2026-Q1季度统计报表" in page and 'id="submit-return"' not in page
    response = worker.post("/returns/submit", {"kind": "monthly", "period": "2026-03"})
    assert response.status_code == 403
    assert ReturnSubmission.select().count() == 0
    as_role("reviewer").text("/returns", status=403)
    assert 'href="/returns"' not in as_role("reviewer").text("/applications")


def test_a_bad_period_is_said_in_chinese_and_kept(as_role, world):
    leader = as_role("leader")
    response = leader.get("/returns?kind=monthly&period=2026-13x")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="2026-13x"' in html and 'id="period-error"' in html
    assert "请按 2026-03 填写月份,或按 2026-Q1 填写季度。" in html
    response = leader.get("/returns?kind=quarterly&period=2026-Q2")  # not begun on 2 March
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "该期间尚未开始。" in html and 'id="period-error"' in html
    assert '<option value="quarterly" selected>' in html
    response = leader.post("/returns/submit", {"kind": "monthly", "period": "2026-04"})
    assert response.status_code == 422 and 'value="2026-04"' in response.get_data(as_text=True)
    assert ReturnSubmission.select().count() == 0


def test_another_county_sees_none_of_the_returns(as_role, world):
    _march(world)
    leader = as_role("leader")
    leader.post("/returns/submit", {"kind": "monthly", "period": "2026-03"})
    row = ReturnSubmission.get()
    other = as_role("leader", world.b)
    page = other.text("/returns")
    assert "尚未报送任何报表。" in page and f"/returns/submissions/{row.id}" not in page
    other.text(f"/returns/submissions/{row.id}", status=404)
    counted = other.text("/returns?kind=monthly&period=2026-03")
    assert f"{world.b.county.name}2026-03月度统计报表" in counted
    assert world.a.county.name not in counted
