"""Settlement statements: the spreadsheet's totals are the sum of the approved lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from casework.errors import NotPermitted
from casework.models import Child, Claim, ClaimLine, Institution
from casework.rules.deadlines import local_date
from casework.rules.money import format_yuan
from casework.services import claims, county_policy, settlement_export
from casework.services.settlement_export import HEADERS, MONEY_HEADERS, TEXT_HEADERS, Statement
from tests.integration.claim_cases import audit, cost_all, draft, in_rehab, lines, pay, submit

APPROVED = HEADERS.index("核定补助")


def read_xlsx(data: bytes):
    sheet = load_workbook(io.BytesIO(data))["结算明细"]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[1], rows[2:-1], rows[-1]  # headers, lines, totals


def test_claim_and_county_statements_add_up(world):
    for _ in range(3):
        in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id, total="4321.09", basic_medical="1000.00")
    submit(world, claim.id)
    audit(world, claim.id, reject=[lines(claim.id)[0].id])
    pay(world, claim.id)
    approved = claims.totals(claim.id).approved
    statement = settlement_export.claim_statement(world.a.actor("institution_staff"), claim.id)
    sheet, headers, body, totals = read_xlsx(settlement_export.to_xlsx(statement))
    assert list(headers) == HEADERS
    assert len(body) == 3 and totals[0] == "合计"
    assert Decimal(str(totals[APPROVED])) == Decimal(format_yuan(approved))
    assert sum(Decimal(str(r[APPROVED])) for r in body) == Decimal(format_yuan(approved))
    assert_money_only(totals)
    money_cell = sheet.cell(row=3, column=len(TEXT_HEADERS) + 1)
    assert money_cell.number_format == "0.00" and money_cell.value == 4321.09
    total_cell = sheet.cell(row=sheet.max_row, column=APPROVED + 1)
    assert total_cell.number_format == "0.00" and total_cell.font.bold
    county = settlement_export.county_statement(world.a.actor("finance_officer"), None, "2026-q1")
    book = load_workbook(io.BytesIO(settlement_export.to_xlsx(county)))
    summary = list(book["机构汇总"].iter_rows(values_only=True))
    assert summary[1][2] == claim.id and Decimal(str(summary[1][4])) * 100 == approved
    text = settlement_export.to_csv(county)
    assert text.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and rows[-1][APPROVED] == format_yuan(approved)
    assert_money_only([None if cell == "" else cell for cell in rows[-1]])
    with pytest.raises(NotPermitted):
        settlement_export.county_statement(world.a.actor("institution_staff"), None, "2026-Q1")
    with pytest.raises(NotPermitted):
        settlement_export.claim_statement(world.b.actor("finance_officer"), claim.id)


def assert_money_only(totals):
    """The 合计 row sums amounts of money: no line number, month count or standard (a rate)."""
    summed = {h for h in MONEY_HEADERS if h not in settlement_export.RATES}
    assert totals[0] == "合计" and "补助标准" not in summed
    padded = [*totals, *[None] * (len(HEADERS) - len(totals))]  # the row may stop at the money
    for header, value in zip(HEADERS[1:], padded[1:], strict=True):
        assert (value is not None) == (header in summed), header


amounts = st.integers(min_value=0, max_value=10**9)


@st.composite
def statements(draw):
    rows = []
    for n in range(draw(st.integers(0, 30))):
        money = draw(st.lists(amounts, min_size=len(MONEY_HEADERS), max_size=len(MONEY_HEADERS)))
        status = draw(st.sampled_from(["审核通过", "审核驳回", "待审核"]))
        money[-1] = money[-2] if status == "审核通过" else 0
        text = [n + 1, "机构", 1, "2026-Q1", "儿童", "330127202105010011", "肢体残疾儿童康复训练",
                "2026-01", 1]  # fmt: skip
        rows.append((*text, *money, status, ""))
    return Statement("标题", rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_spreadsheet_totals_equal_the_sum_of_approved_lines(statement):
    approved = sum(r[APPROVED] for r in statement.rows if r[-2] == "审核通过")
    _, _, body, totals = read_xlsx(settlement_export.to_xlsx(statement))
    assert Decimal(str(totals[APPROVED])) == Decimal(format_yuan(approved))
    assert sum(Decimal(str(r[APPROVED])).quantize(Decimal("0.01")) for r in body) == Decimal(
        format_yuan(approved)
    )


DIRTY = "\x0b\x1f\x08\ufffe"  # pasted from Word or Excel (PostgreSQL refuses \x00 itself)


def test_text_stored_with_control_characters_still_exports(world):
    """Rows written before inputs were cleaned (or by hand) must not break an export: the
    characters XML cannot hold are dropped, tabs and newlines kept."""
    in_rehab(world)
    in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id)
    submit(world, claim.id)
    first = lines(claim.id)[0]
    audit(world, claim.id, reject=[first.id])
    pay(world, claim.id)
    Child.update(name=f"张{DIRTY}三").where(Child.id == first.child_id).execute()
    Institution.update(name=Institution.name.concat(DIRTY)).execute()
    ClaimLine.update(rejection_reason=f"缺少{DIRTY}发票\n第二行").where(
        ClaimLine.id == first.id
    ).execute()
    Claim.update(voucher_number=f"记{DIRTY}-031").execute()
    finance = world.a.actor("finance_officer")
    for statement in (
        settlement_export.claim_statement(finance, claim.id),
        settlement_export.county_statement(finance, None, "2026-Q1"),
    ):
        book = load_workbook(io.BytesIO(settlement_export.to_xlsx(statement)))
        rows = list(book["结算明细"].iter_rows(values_only=True))
        line = rows[2]
        assert line[HEADERS.index("儿童姓名")] == "张三"
        assert line[-1] == "缺少票据: 缺少发票\n第二行"
        assert not any(c in str(rows) for c in DIRTY)
        text = settlement_export.to_csv(statement).decode("utf-8-sig")
        assert "张三" in text and not any(c in text for c in DIRTY)
    summary = list(book["机构汇总"].iter_rows(values_only=True))
    assert summary[1][-1] == "记-031"


def test_a_rejected_line_reads_as_the_countys_version_of_its_code_words_it(world):
    """The reason column names each code as the version kept on the line words it: the
    county's own code, a default code the county worded anew, the default wording otherwise;
    a wording changed later leaves the lines already rejected as they were."""
    admin, today = world.a.actor("admin"), local_date(world.now)
    county_policy.set_value(admin, None, "rejection_code", "late_report", 1, today, world.now,
                            label="逾期报送")  # fmt: skip
    county_policy.set_value(admin, None, "rejection_code", "cost_not_supported", 1, today,
                            world.now, label="收费依据不足")  # fmt: skip
    for _ in range(3):
        in_rehab(world)
    claim = draft(world)
    cost_all(world, claim.id)
    submit(world, claim.id)
    first, second, third = lines(claim.id)
    codes = {first.id: "late_report", second.id: "cost_not_supported", third.id: "other"}
    decisions = [{"line_id": i, "decision": "reject", "code": code, "reason": "说明"}
                 for i, code in codes.items()]  # fmt: skip
    claims.act(world.a.actor("settlement_auditor"), claim.id, "decide_lines", now=world.now,
               payload={"decisions": decisions})  # fmt: skip
    tomorrow = local_date(world.now) + dt.timedelta(days=1)  # the clock moved past the period
    county_policy.set_value(admin, None, "rejection_code", "late_report", 1, tomorrow,
                            world.now, label="超期报送")  # fmt: skip
    statement = settlement_export.claim_statement(world.a.actor("settlement_auditor"), claim.id)
    _, _, body, _ = read_xlsx(settlement_export.to_xlsx(statement))
    assert [row[-1] for row in body] == ["逾期报送: 说明", "收费依据不足: 说明", "其他: 说明"]
    text = settlement_export.to_csv(statement).decode("utf-8-sig")
    assert "逾期报送: 说明" in text and "超期报送" not in text
