"""Periodic returns: the fixed layout counted as of a moment, a submission recorded with who
and when, and a submitted return counted again after later changes giving the same figures.
Hand-counted: one approval, one visit, one report before the return; more of each after."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from casework.errors import Invalid, NotPermitted
from casework.models import AuditEntry
from casework.services import returns, screening, visits
from casework.settings import Settings
from tests.conftest import NOW
from tests.integration.report_cases import file_report

DAY = dt.timedelta(days=1)
SETTINGS = Settings(aid_target=365)


def _visit(world, child, day: str):
    visits.record_visit(world.a.actor("child_director"), {
        "child_id": child.id, "kind": "regular", "visited_on": day, "findings": "生活正常"},
        world.now)  # fmt: skip


def _march(world):
    application = world.application()
    world.advance(application.id, "approved")
    _visit(world, application.child, "2026-03-02")
    file_report(world)


def test_a_submitted_return_is_counted_again_with_the_same_figures(world):
    _march(world)
    leader = world.a.actor("leader")
    world.now = NOW + DAY  # 3 March: the month still runs, counted as of now
    sent = returns.submit(leader, "monthly", "2026-03", world.now, SETTINGS)
    figures = dict(sent.figures)
    assert figures == {
        "aided_this_year": 1, "aid_target": 365, "aid_expected": 62, "aid_behind": 61,
        "paid_this_year": 0, "budget_this_year": 0, "reports_received": 1, "visits_made": 1,
        "home_education_children": 0, "home_education_reaching": 0,
        # the child's file was opened in March: no visit owed yet; the approval moved the
        # application out of the review's clock before its deadline; nothing screened
        "visits_due": 0, "visits_on_time": 0, "handled_due": 1, "handled_on_time": 1,
        "handled_late": 0, "handled_overdue": 0, "screened_needing_file": 0, "screened_filed": 0,
    }  # fmt: skip
    assert [code for code, _ in sent.figures] == [code for code, _, _ in returns.LAYOUT]
    entry = AuditEntry.get(AuditEntry.entity == "return", AuditEntry.entity_id == sent.id)
    assert (entry.action, entry.actor_id) == ("submit_return", leader.id)

    world.now = NOW + 5 * DAY  # later: another approval, a visit entered late, a report
    late = world.application()
    world.advance(late.id, "approved")
    _visit(world, late.child, "2026-03-02")
    file_report(world)
    again = returns.reproduce(leader, sent.id)
    assert again.figures == figures
    now = returns.current(leader, "monthly", "2026-03", world.now, SETTINGS).figures
    assert (now["aided_this_year"], now["visits_made"], now["reports_received"]) == (2, 2, 2)
    assert [s.id for s in returns.submissions(world.a.actor("case_worker"))] == [sent.id]
    assert returns.submissions(world.b.actor("leader")) == []


def test_the_quarterly_return_as_a_spreadsheet(world):
    _march(world)
    counted = returns.current(world.a.actor("admin"), "quarterly", "2026-Q1", world.now, SETTINGS)
    book = load_workbook(io.BytesIO(returns.to_xlsx(counted)))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][0] == f"{world.a.county.name}2026-Q1季度统计报表"
    assert rows[1][0] == "统计截至:2026-03-02"
    assert rows[2] == ["序号", "指标", "单位", "数值"]
    assert [r[1] for r in rows[3:]] == [name for _, name, _ in returns.LAYOUT]
    assert rows[3][3] == 1 and rows[9][3] == 1 and rows[10][3] == 1
    assert len(rows) == 3 + len(returns.LAYOUT)  # no totals: each row is its own figure


def test_who_reads_and_who_submits_and_no_period_ahead(world):
    with pytest.raises(NotPermitted):
        returns.current(world.a.actor("reviewer"), "monthly", "2026-03", world.now, SETTINGS)
    with pytest.raises(NotPermitted):
        returns.submit(world.a.actor("case_worker"), "monthly", "2026-03", world.now, SETTINGS)
    with pytest.raises(Invalid):
        returns.current(world.a.actor("leader"), "monthly", "2026-04", world.now, SETTINGS)
    with pytest.raises(Invalid):
        returns.current(world.a.actor("leader"), "monthly", "2026-Q1", world.now, SETTINGS)


def test_the_three_rates_in_a_quarterly_return_counted_again_after_later_changes(world):
    worker = world.a.actor("case_worker")
    world.now = dt.datetime(2025, 12, 10, 2)
    child = world.categorise(world.child(disabilities=()), "guardianship")
    world.now = dt.datetime(2026, 1, 15, 2)
    _visit(world, child, "2026-01-15")  # January visited; February and March not
    world.now = NOW
    round_ = screening.launch(worker, {"title": "春季排查", "starts_on": "2026-03-01",
                                       "ends_on": "2026-03-31"}, world.now)  # fmt: skip
    place = world.a.villages[0].id
    found = [screening.record(worker, round_.id, {"household": name, "place_id": place,
                                                  "result": "new_file"}, world.now)
             for name in ("张家", "李家")]  # fmt: skip
    application = world.application()
    world.advance(application.id, "approved")  # within the review's 15 working days
    world.now = dt.datetime(2026, 4, 2, 2)  # the quarter is over: counted as of its end
    leader = world.a.actor("leader")
    sent = returns.submit(leader, "quarterly", "2026-Q1", world.now, SETTINGS)
    figures = dict(sent.figures)
    assert {k: figures[k] for k, _, _ in returns.LAYOUT[10:]} == {
        "visits_due": 3, "visits_on_time": 1,
        "handled_due": 1, "handled_on_time": 1, "handled_late": 0, "handled_overdue": 0,
        "screened_needing_file": 2, "screened_filed": 0,
    }  # fmt: skip

    world.now += DAY  # later: February's visit entered late, a file opened for the 张家 child
    _visit(world, child, "2026-02-20")
    opened = world.child()
    screening.link_file(worker, round_.id, found[0].id, {"child_id": opened.id}, world.now)
    assert returns.reproduce(leader, sent.id).figures == figures
    again = returns.current(leader, "quarterly", "2026-Q1", world.now, SETTINGS)
    assert again.figures == figures  # a past period counts as of its end
    book = load_workbook(io.BytesIO(returns.to_xlsx(again)))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[-8:] == [
        [str(n), name, unit, figures[code]]
        for n, (code, name, unit) in enumerate(returns.LAYOUT[10:], 11)
    ]


def test_a_return_sent_before_the_layout_grew_is_shown_with_the_rows_it_was_sent_with(world):
    """A return submitted with the older ten rows (before the three rates added eight) is
    shown with exactly those rows and values, not recounted with rows never sent."""
    from casework.models import ReturnSubmission

    _march(world)
    leader = world.a.actor("leader")
    old = [[code, n] for n, (code, _, _) in enumerate(returns.LAYOUT[:10], 100)]
    sent = ReturnSubmission.create(
        county=world.a.county.id, kind="monthly", period="2026-03", as_of=world.now,
        figures=old, submitted_by=leader.id, submitted_at=world.now,
    )  # fmt: skip
    shown = returns.reproduce(leader, sent.id)
    assert [(r["code"], r["value"]) for r in shown.rows()] == [tuple(pair) for pair in old]
    assert [r["name"] for r in shown.rows()] == [name for _, name, _ in returns.LAYOUT[:10]]
    assert "screened_filed" not in shown.figures and shown.title.endswith("2026-03月度统计报表")
    book = load_workbook(io.BytesIO(returns.to_xlsx(shown)))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert len(rows) == 3 + 10 and rows[3][1:] == ["本年累计救助儿童数", "人", 100]
