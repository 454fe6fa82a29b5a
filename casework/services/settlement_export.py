"""Settlement statements for finance (结算明细表): per claim, and per county and period, as
.xlsx (amounts as numbers in yuan, format 0.00) and .csv (UTF-8 with a BOM for Excel)."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from peewee import JOIN

from casework.db import db
from casework.errors import NotPermitted
from casework.models import Child, Claim, ClaimLine, Institution, PolicyVersion
from casework.rules.identity import mask_id_number
from casework.rules.money import format_yuan
from casework.rules.periods import period_label
from casework.services import settlement_policy as policy
from casework.services.csv_files import write_csv
from casework.services.xlsx_rows import StreamedSheet
from casework.vocabulary import LineStatus, Role
from casework.workflows import engine
from casework.workflows.claim import CLAIM, READERS, ClaimState

L = ClaimLine
# The pages' names for the same codes (web/pages/labels.py, case_labels.py, in Chinese):
# tests/web/test_statement_terms.py holds the two to one wording.
AID_ITEMS = {
    "cochlear_implant": "人工耳蜗植入手术",
    "limb_surgery": "肢体矫治手术",
    "training_visual": "视力残疾儿童康复训练",
    "training_hearing": "听力残疾儿童康复训练",
    "training_speech": "言语残疾儿童康复训练",
    "training_limb": "肢体残疾儿童康复训练",
    "training_intellectual": "智力残疾儿童康复训练",
    "training_autism": "孤独症儿童康复训练",
    "early_intervention": "早期干预",
    "hearing_aids": "助听器适配",
    "prosthesis_orthosis": "假肢矫形器",
    "mobility_aid": "轮椅等辅助器具",
}
STATUSES = {"pending": "待审核", "approved": "审核通过", "rejected": "审核驳回"}
# The default rejection codes' wording; a line rejected under a county's version of its code
# (its own code, or a default one it worded anew) reads as that version words it.
REJECTIONS = {
    "no_attendance": "无出勤记录",
    "receipts_missing": "缺少票据",
    "insurance_not_deducted": "未扣除保险报销",
    "cost_not_supported": "费用依据不足",
    "outside_agreement": "超出协议范围",
    "not_eligible": "不符合条件",
    "other": "其他",
}
STATES = {
    "draft": "草稿",
    "self_audited": "已提交（机构自审）",
    "federation_audited": "残联已审核",
    "sent_to_finance": "已送财政",
    "paid": "已付款",
    "discarded": "已作废",
}
TEXT_HEADERS = [
    "序号",
    "定点机构",
    "申报单号",
    "结算期",
    "儿童姓名",
    "身份证号",
    "救助项目",
    "训练月份/服务日期",
    "月数",
]
MONEY_HEADERS = [
    "总费用",
    "基本医保",
    "大病保险",
    "补充大病保险",
    "医疗救助",
    "扣除保险后余额",
    "补助标准",
    "申报补助",
    "核定补助",
]
# Money columns that hold a rate (the monthly or per-item standard), not an amount paid out
RATES = frozenset({"补助标准"})
TAIL_HEADERS = ["审核结果", "驳回原因"]
HEADERS = TEXT_HEADERS + MONEY_HEADERS + TAIL_HEADERS
AUDITED = (ClaimState.FEDERATION_AUDITED, ClaimState.SENT_TO_FINANCE, ClaimState.PAID)


@dataclass
class Statement:
    title: str
    rows: list[tuple]  # text columns, then money in fen, then status and reason
    claims: list[tuple] = field(default_factory=list)  # the summary by claim (county statement)

    @functools.cached_property
    def totals(self) -> list[int | None]:
        """The 合计 row: each money column's sum; None under a rate, which adds up to nothing."""
        start = len(TEXT_HEADERS)
        return [
            None if header in RATES else sum(row[start + i] for row in self.rows)
            for i, header in enumerate(MONEY_HEADERS)
        ]

    @property
    def approved_total(self) -> int:
        return self.totals[-1]


def _rows(claim_filter) -> list[tuple]:
    query = (
        L.select(
            Institution.name,
            Claim.id,
            Claim.period,
            Child.name,
            Child.id_number,
            L.aid_item,
            L.months,
            L.service_on,
            L.month_count,
            L.total_fen,
            L.basic_medical_fen,
            L.critical_illness_fen,
            L.supplementary_fen,
            L.medical_aid_fen,
            L.standard_fen,
            L.subsidy_fen,
            L.status,
            L.rejection_code,
            L.rejection_reason,
            PolicyVersion.label,
        )
        .join(Claim)
        .join(Institution)
        .switch(L)
        .join(Child, on=(L.child == Child.id))
        .switch(L)
        .join(PolicyVersion, JOIN.LEFT_OUTER, on=(L.rejection_policy == PolicyVersion.id))
        .where(claim_filter)
        .order_by(Institution.name, Claim.id, L.id)
    )
    rows = []  # read raw: peewee's per-value conversion costs more than the rest together
    for n, r in enumerate(db.execute(query).fetchall(), start=1):
        inst, claim_id, period, name, id_number, item, months, service_on, count = r[:9]
        total, basic, critical, supplementary, aid, standard, subsidy, status, code = r[9:18]
        reason, worded = r[18:]  # worded: by the code's version kept on the line, if any
        when = _months_text(months) or str(service_on or "")  # ISO date either way
        remainder = total - basic - critical - supplementary - aid
        approved = subsidy if status == LineStatus.APPROVED else 0
        why = f"{worded or REJECTIONS.get(code, code)}: {reason}" if code else ""
        rows.append(
            (n, inst, claim_id, period, name, mask_id_number(id_number),  # never whole in exports
             AID_ITEMS.get(item, item), when, count,
             total, basic, critical, supplementary, aid, remainder, standard, subsidy, approved,
             STATUSES.get(status, status), why)
        )  # fmt: skip
    return rows


@functools.lru_cache(maxsize=1024)
def _months_text(months: str | None) -> str:
    """'["2026-01", "2026-02"]' as the column shows it, once per distinct set of months."""
    return ", ".join(L.months.python_value(months) or [])


def claim_statement(actor, claim_id: int) -> Statement:
    engine.load_visible(CLAIM, claim_id, actor)
    claim = Claim.select(Claim, Institution).join(Institution).where(Claim.id == claim_id).get()
    title = f"{claim.institution.name} {claim.period} 康复救助结算申报单 第{claim.id}号"
    return Statement(title, _rows(Claim.id == claim_id))


def reads_county_statement(actor) -> bool:
    """Whether `actor` may have their county's statement: the pages offer it to them alone."""
    try:
        _require_role(actor)
        _require_whole_county(actor, policy.actor_county(actor))
    except NotPermitted:
        return False
    return True


def _require_role(actor) -> None:
    if actor.role not in READERS:
        raise NotPermitted(
            "settlement claims are no part of your role's work", code="no_business_with_claims"
        )
    if actor.role == Role.INSTITUTION_STAFF:
        raise NotPermitted(
            "the county statement shows every institution: county users only",
            code="county_users_only",
        )


def _require_whole_county(actor, county_id: int | None) -> None:
    if actor.role != Role.SYSTEM and (
        county_id is None or actor.place_path.strip("/") != str(county_id)
    ):
        # a township's or a village's user lists none of the county's claims
        raise NotPermitted(
            "the county statement is for users of the whole county", code="county_users_only"
        )


def county_statement(actor, county_id: int | None, period: str) -> Statement:
    """Every audited claim of the county for the period: the statement finance pays from.
    Only for those whose list of claims shows the whole county."""
    _require_role(actor)
    county_id = policy.county_in_scope(actor, county_id)
    _require_whole_county(actor, county_id)
    period = period_label(period)  # either form: a county may have changed its cycle
    chosen = (Claim.county == county_id) & (Claim.period == period) & Claim.state.in_(AUDITED)
    statement = Statement(f"{period} 残疾儿童康复救助结算汇总表", _rows(chosen))
    for claim in Claim.select(Claim, Institution).join(Institution).where(chosen):
        approved = sum(r[17] for r in statement.rows if r[2] == claim.id)
        statement.claims.append(
            (
                claim.institution.name,
                "县外" if claim.institution.out_of_county else "县内",
                claim.id,
                STATES[claim.state],
                approved,
                claim.paid_fen,
                claim.voucher_number or "",
            )
        )
    return statement


def to_xlsx(statement: Statement) -> bytes:
    """Write-only mode: 10,000 lines stream out without holding a sheet of cell objects."""
    book = Workbook(write_only=True)
    money = range(len(TEXT_HEADERS), len(TEXT_HEADERS) + len(MONEY_HEADERS))
    sheet = StreamedSheet(book, "结算明细", money_columns=money)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, statement.title, font=bold)])
    sheet.append([_cell(sheet, h, font=bold) for h in HEADERS])
    for row in statement.rows:
        sheet.append(row)
    blanks = [None] * (len(TEXT_HEADERS) - 1)
    sheet.append(
        [
            _cell(sheet, "合计", font=bold),
            *blanks,
            *(None if v is None else sheet.yuan_cell(v, bold) for v in statement.totals),
        ]
    )
    if statement.claims:
        summary = StreamedSheet(book, "机构汇总", money_columns=(4, 5))
        summary.append(
            ["定点机构", "县内/县外", "申报单号", "状态", "核定补助", "已支付", "凭证号"]
        )
        for row in statement.claims:
            summary.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, font=None) -> WriteOnlyCell:
    if type(value) is str:
        return sheet.text_cell(value, font)  # the title holds the institution's name
    cell = WriteOnlyCell(sheet, value=value)
    if font:
        cell.font = font
    return cell


def to_csv(statement: Statement) -> bytes:
    """The statement's lines and total, through the project's one CSV writer."""
    money_from, money_to = len(TEXT_HEADERS), len(TEXT_HEADERS) + len(MONEY_HEADERS)

    def rows():
        yield HEADERS
        for row in statement.rows:
            amounts = map(format_yuan, row[money_from:money_to])
            yield [*row[:money_from], *amounts, *row[money_to:]]
        yield ["合计", *[""] * (len(TEXT_HEADERS) - 1), *map(_yuan_or_blank, statement.totals)]

    return write_csv(rows())


def _yuan_or_blank(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen)
