"""The county's ledgers (台账) as spreadsheets: each a fixed list of Chinese columns, its rows
filtered by place (the actor's area, or a township or village within it) and period, personal
data masked unless a role that reads it whole asks for it whole (the caller logs that).

Rows are made one at a time (`db.stream`: no list of model objects) and go straight into
openpyxl's write-only sheet, which keeps them in a temporary file, and the book into a file on
disk that the web layer sends in chunks. On SQLite the database hands rows over one at a time;
on PostgreSQL the query runs as a server-side cursor fetched in batches, so a province-sized
ledger never sits whole in the worker. Totals sit only under count and money columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font
from peewee import JOIN, Case, fn

from casework.db import stream
from casework.errors import FieldError, Invalid, NotPermitted, not_found
from casework.models import (
    Agreement,
    ApplicationItem,
    Child,
    Claim,
    ClaimLine,
    HomeEducation,
    Institution,
    NationalEntry,
    Place,
    RehabApplication,
    Reminder,
    ReportCase,
    Transfer,
    User,
    Visit,
)
from casework.queries import county_policy
from casework.queries.child_scope import scoped
from casework.reminders.calendar_math import end_of_day, local_midnight
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.rules.identity import mask_id_number
from casework.rules.masking import UNMASKED_ROLES
from casework.services.settlement_export import AID_ITEMS
from casework.services.xlsx_rows import StreamedSheet
from casework.vocabulary import DEPARTMENT_NAMES, Role, VisitKind
from casework.workflows.claim import ClaimState
from casework.workflows.definition import Actor
from casework.workflows.report import PROTECTION_ROLES, sees_file
from casework.workflows.transfer import READERS as TRANSFER_WINDOWS
from casework.workflows.transfer import STATE_NAMES, TRANSFER

TEXT, COUNT, MONEY = "text", "count", "money"
# those who keep or oversee the protection ledgers of their area
READERS = frozenset(
    {Role.ADMIN, Role.LEADER, Role.CASE_WORKER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR}
)
DIFFICULTY = {  # what the child counts as (child.categories), as the ledger words it
    "orphan": "孤儿",
    "unsupported": "事实无人抚养",
    "left_behind": "留守",
    "family": "家庭困境",
    "self": "自身困境",
    "guardianship": "监护困境",
    "temporary": "临时困境",
}
DISABILITY = {
    "visual": "视力", "hearing": "听力", "speech": "言语", "limb": "肢体",
    "intellectual": "智力", "autism": "孤独症", "mental": "精神", "multiple": "多重",
}  # fmt: skip
VISIT_KIND = {"regular": "定期走访", "monitoring": "监测期回访", "home_education": "送教上门"}


@dataclass(frozen=True)
class Filters:
    place: Place  # the area: the actor's own, or a township or village within it
    first: dt.date
    last: dt.date
    whole: bool  # personal data whole (only for the roles that read it whole)
    now: dt.datetime  # the moment asked (from the edge): an open case is judged late as of it

    @property
    def as_of(self) -> dt.datetime:
        """The period's end, or now while it runs: never a moment yet to come."""
        return min(end_of_day(self.last), self.now)


@dataclass(frozen=True)
class Ledger:
    name: str
    title: str  # the sheet's and the file's name
    columns: tuple[tuple[str, str], ...]  # (Chinese header, TEXT / COUNT / MONEY)
    rows: Callable[[Actor, Filters], Iterator[tuple]]
    readers: frozenset[Role] = READERS  # who keeps it, each over their area

    @property
    def headers(self) -> list[str]:
        return [header for header, _ in self.columns]


def _id(number: str, filters: Filters) -> str:
    return number if filters.whole else mask_id_number(number)


def _names(codes: Iterable[str] | None, table: dict[str, str]) -> str:
    return "、".join(table.get(code, code) for code in codes or [])


def _in_area(place_column, filters: Filters):
    area = Place.alias("area")
    return place_column.in_(area.select(area.id).where(area.path.startswith(filters.place.path)))


def _created_in(created_at, filters: Filters):
    """The rows created within the period, by China's days."""
    return (created_at >= local_midnight(filters.first)) & (created_at < end_of_day(filters.last))


def _in_actor_area(place_column, actor: Actor):
    """The rows of a place in the actor's area (none without one)."""
    return place_column.in_(
        Place.select(Place.id).where(Place.path.startswith(actor.place_path or "-"))
    )


def _register(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Children in difficulty registered by the period's end, by village and name."""
    village, township = Place.alias("village"), Place.alias("township")
    query = (
        scoped(
            actor,
            Child.select(
                Child, village.name.alias("village_name"), township.name.alias("township_name")
            ),
        )
        .switch(Child)
        .join(village, on=(Child.place == village.id))
        .join(township, on=(village.parent == township.id))
        .where(
            _in_area(Child.place, filters),
            fn.LENGTH(Child.categories) > 2,  # counted as any category: not "[]"
            Child.created_at < end_of_day(filters.last),
        )
        .order_by(township.name, village.name, Child.name, Child.id)
    )
    # the county's own categories by their Chinese names
    names = {**DIFFICULTY, **county_policy.category_names(filters.place.county_id)}
    for n, child in enumerate(stream(query.objects()), 1):
        yield (
            n, child.name, _id(child.id_number, filters), "男" if child.sex == "M" else "女",
            child.birth_date.isoformat()[: 10 if filters.whole else 7], child.township_name,
            child.village_name, _names(child.categories, names),
            _names(child.disability_types, DISABILITY), 1,
        )  # fmt: skip


def _visits(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Visits made in the period, by day."""
    village, visitor = Place.alias("village"), User.alias("visitor")
    query = (
        Visit.select(
            Visit,
            Child.name,
            Child.id_number,
            village.name.alias("village_name"),
            visitor.name.alias("visitor_name"),
        )
        .join(Child, on=(Visit.child == Child.id))
        .switch(Visit)
        .join(village, on=(Visit.place == village.id))
        .switch(Visit)
        .join(visitor, on=(Visit.visitor == visitor.id))
        .where(
            Visit.child.in_(scoped(actor, Child.select(Child.id))),
            _in_area(Visit.place, filters),
            Visit.visited_on.between(filters.first, filters.last),
        )
        .order_by(Visit.visited_on, Visit.id)
    )
    for n, visit in enumerate(stream(query.objects()), 1):
        yield (
            n, visit.visited_on.isoformat(), visit.name, _id(visit.id_number, filters),
            visit.village_name, VISIT_KIND.get(visit.kind, visit.kind), visit.visitor_name,
            visit.findings, visit.next_steps, visit.class_hours or 0, 1,
        )  # fmt: skip


def _home_education(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Each child taught at home in the period, per school year it touches: the lessons and
    class hours given in that school year within the period, against 40 hours a year."""
    village, teacher = Place.alias("village"), User.alias("teacher")
    enrolments = (
        HomeEducation.select(
            HomeEducation,
            Child.name,
            Child.id_number,
            village.name.alias("village_name"),
            teacher.name.alias("teacher_name"),
        )
        .join(Child)
        .join(village, on=(Child.place == village.id))
        .switch(HomeEducation)
        .join(teacher, JOIN.LEFT_OUTER, on=(HomeEducation.teacher == teacher.id))
        .where(
            HomeEducation.child.in_(scoped(actor, Child.select(Child.id))),
            _in_area(Child.place, filters),
            HomeEducation.started_on <= filters.last,
            HomeEducation.ended_on.is_null() | (HomeEducation.ended_on >= filters.first),
        )
        .order_by(village.name, Child.name, HomeEducation.started_on)
    )
    n = 0
    for enrolment in stream(enrolments.objects()):
        year_first, _ = schedule.school_year(max(filters.first, enrolment.started_on))
        while year_first <= filters.last:
            first, last = schedule.school_year(year_first)
            lessons, hours = (
                Visit.select(fn.COUNT(Visit.id), fn.COALESCE(fn.SUM(Visit.class_hours), 0))
                .where(
                    Visit.child == enrolment.child_id,
                    Visit.kind == VisitKind.HOME_EDUCATION,
                    Visit.visited_on.between(max(first, filters.first), min(last, filters.last)),
                )
                .tuples()
                .get()
            )
            n += 1
            yield (
                n, enrolment.name, _id(enrolment.id_number, filters), enrolment.village_name,
                enrolment.teacher_name or "", f"{first.year}-{last.year}学年", lessons, int(hours),
                schedule.DEFAULT_POLICY.home_hours_a_year,
            )  # fmt: skip
            year_first = dt.date(last.year, 9, 1)


REHAB_STATES = {
    "submitted": "已申请", "under_review": "审核中", "returned": "退回补正",
    "resubmitted": "已补正", "rejected": "不予救助", "approved": "已批准",
    "referred": "已转介", "accepted": "机构已接收",
    "agreed": "已签协议", "in_rehabilitation": "康复中", "dropped_out": "中途退出",
    "completed": "康复完成", "settled": "已结算", "closed": "已结案", "withdrawn": "已撤回",
}  # fmt: skip
REPORT_STATES = {
    "reported": "已报告", "accepted": "已受理", "screened_out": "不予受理",
    "emergency_response": "应急处置", "assessment": "调查评估", "assistance": "帮扶",
    "guardianship_intervention": "监护干预", "monitoring": "监测回访", "closed": "已结案",
}  # fmt: skip
HARM_TYPES = {
    "abuse": "虐待", "abandonment": "遗弃", "accidental_injury": "意外伤害",
    "unlawful_harm": "不法侵害", "guardianship_absent": "监护缺失", "street_child": "流浪",
}  # fmt: skip
OUTCOMES = {
    "safe_with_family": "家庭监护恢复", "placed_with_relatives": "亲属照料",
    "guardian_changed": "变更监护人", "institutional_care": "机构养育", "moved_away": "迁出",
    "came_of_age": "已满十八周岁", "deceased": "死亡",
}  # fmt: skip
REHAB_READERS = frozenset(
    {Role.ADMIN, Role.LEADER, Role.INTAKE_CLERK, Role.REVIEWER, Role.SETTLEMENT_AUDITOR,
     Role.FINANCE_OFFICER}
)  # fmt: skip
REPORT_READERS = PROTECTION_ROLES


def _rehab_aid(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Each aid item of the applications made in the period: the institution, the state, the
    costs and subsidy approved on audited claim lines, and what of it was paid."""
    A, Item, L = RehabApplication, ApplicationItem, ClaimLine
    village, institution = Place.alias("village"), Institution.alias("institution")
    in_period = (
        _in_actor_area(A.place, actor),
        _in_area(A.place, filters),
        A.applied_on.between(filters.first, filters.last),
    )
    # the approved lines' sums per application and item, in one grouped query joined to the
    # items (a query per item ran a county's thousand items as a thousand queries)
    paid = Case(None, [(Claim.state == ClaimState.PAID, L.subsidy_fen)], 0)
    money = (
        L.select(
            L.application.alias("application_id"),
            L.aid_item.alias("aid_item"),
            fn.SUM(L.total_fen).alias("cost"),
            fn.SUM(L.subsidy_fen).alias("subsidy"),
            fn.SUM(paid).alias("paid"),
        )
        .join(Claim)
        .where(L.status == "approved", L.application.in_(A.select(A.id).where(*in_period)))
        .group_by(L.application, L.aid_item)
        .alias("money")
    )
    query = (
        Item.select(
            Item.aid_item,
            A.id.alias("application_id"),
            A.applied_on,
            A.state,
            Child.name,
            Child.id_number,
            Child.disability_types,
            village.name.alias("village_name"),
            institution.name.alias("institution_name"),
            fn.COALESCE(money.c.cost, 0).alias("cost"),
            fn.COALESCE(money.c.subsidy, 0).alias("subsidy"),
            fn.COALESCE(money.c.paid, 0).alias("paid"),
        )
        .join(A)
        .join(Child, on=(A.child == Child.id))
        .switch(A)
        .join(village, on=(A.place == village.id))
        .switch(A)
        .join(institution, JOIN.LEFT_OUTER, on=(A.institution == institution.id))
        .switch(Item)
        .join(
            money,
            JOIN.LEFT_OUTER,
            on=((money.c.application_id == A.id) & (money.c.aid_item == Item.aid_item)),
        )
        .where(*in_period)
        .order_by(A.applied_on, A.id, Item.id)
    )
    for n, item in enumerate(stream(query.objects()), 1):
        yield (
            n, str(item.application_id), item.name, _id(item.id_number, filters),
            item.village_name, _names(item.disability_types, DISABILITY),
            AID_ITEMS.get(item.aid_item, item.aid_item), item.institution_name or "",
            item.applied_on.isoformat(), REHAB_STATES.get(item.state, item.state),
            int(item.cost), int(item.subsidy), int(item.paid), 1,
        )  # fmt: skip


def _reports(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Mandatory reports received in the period, by day."""
    village, child = Place.alias("village"), Child.alias("reported_child")
    query = (
        ReportCase.select(
            ReportCase,
            child.name.alias("child_name"),
            child.id_number,
            village.name.alias("village_name"),
            village.path.alias("village_path"),
        )
        .join(village, on=(ReportCase.place == village.id))
        .switch(ReportCase)
        .join(child, JOIN.LEFT_OUTER, on=(ReportCase.child == child.id))
        .where(
            _in_area(ReportCase.place, filters),
            _created_in(ReportCase.created_at, filters),
        )
        .order_by(ReportCase.created_at, ReportCase.id)
    )
    n = 0
    for case in stream(query.objects()):
        if not sees_file(actor, case.village_path):  # as the case files are read
            continue
        n += 1
        yield (
            n, str(case.id), local_date(case.created_at).isoformat(),
            case.child_name or case.child_description,
            _id(case.id_number, filters) if case.id_number else "",
            case.village_name, HARM_TYPES.get(case.harm_type, case.harm_type),
            "是" if case.urgent else "否", REPORT_STATES.get(case.state, case.state),
            OUTCOMES.get(case.outcome or "", ""), 1,
        )  # fmt: skip


def _national(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """The national system's fields for each approved claim line of the claims of the period
    (docs/national-system.md): one line is one aid item of one child for the months or the
    service it bills, with its costs, what insurance paid and the subsidy."""
    A, L = RehabApplication, ClaimLine
    village, institution = Place.alias("village"), Institution.alias("institution")
    query = (
        L.select(
            L,
            Child.name,
            Child.id_number,
            Child.disability_types,
            institution.name.alias("institution_name"),
            Agreement.signed_on,
            NationalEntry.entered_on,
            NationalEntry.reference,
        )
        .join(Claim)
        .switch(L)
        .join(A, on=(L.application == A.id))
        .join(Child, on=(A.child == Child.id))
        .switch(A)
        .join(village, on=(A.place == village.id))
        .switch(Claim)
        .join(institution, on=(Claim.institution == institution.id))
        .switch(A)
        .join(Agreement, JOIN.LEFT_OUTER, on=(Agreement.application == A.id))
        .switch(A)
        .join(NationalEntry, JOIN.LEFT_OUTER, on=(NationalEntry.application == A.id))
        .where(
            _in_actor_area(A.place, actor),
            _in_area(A.place, filters),
            L.status == "approved",
            # the county's claims first (index county, period): a claim bills the children of
            # the county it was drafted for, and a province has hundreds of counties' claims
            Claim.county == filters.place.county_id,
            Claim.period_start <= filters.last,
            Claim.period_end >= filters.first,
        )
        .order_by(Claim.period_start, A.id, L.id)
    )
    for n, line in enumerate(stream(query.objects()), 1):
        service = line.service_on.isoformat() if line.service_on else "、".join(line.months or [])
        yield (
            n, line.name, _id(line.id_number, filters), _names(line.disability_types, DISABILITY),
            "", "", AID_ITEMS.get(line.aid_item, line.aid_item), line.institution_name,
            line.signed_on.isoformat() if line.signed_on else "", service,
            int(line.total_fen), int(line.basic_medical_fen), int(line.critical_illness_fen),
            int(line.supplementary_fen), int(line.medical_aid_fen), int(line.subsidy_fen),
            line.entered_on.isoformat() if line.entered_on else "", line.reference or "",
        )  # fmt: skip


TRANSFER_READERS = TRANSFER_WINDOWS | {Role.DEPARTMENT_STAFF}


def _transfers(actor: Actor, filters: Filters) -> Iterator[tuple]:
    """Each request received in the period and each of its sub-cases, in the actor's scope as
    the transfers are listed (a department's staff: those transferred to their department,
    nothing of the child): its department, state, dates, whether every time limit was kept
    (no deadline reminder raised for it, and not past its deadline as of the period's end or
    now), and what the family was granted."""
    T, child = Transfer, Child.alias("transfer_child")
    as_of = filters.as_of
    late = Reminder.select(Reminder.entity_id).where(
        Reminder.entity == TRANSFER.name,
        Reminder.rule.startswith(f"{TRANSFER.name}."),
        Reminder.created_at <= as_of,
    )
    query = (
        TRANSFER.scope(
            actor,
            T.select(
                T,
                Place.name.alias("village_name"),
                child.name.alias("child_name"),
                child.id_number,
                T.id.in_(late).alias("reminded"),
            ),
        )
        .switch(T)
        .join(child, JOIN.LEFT_OUTER, on=(T.child == child.id))
        .where(
            _in_area(T.place, filters),
            _created_in(T.created_at, filters),
        )
        .order_by(T.created_at, T.id)
    )
    of_the_child = actor.role != Role.DEPARTMENT_STAFF
    terminal = {str(state) for state in TRANSFER.terminal}
    for n, case in enumerate(stream(query.objects()), 1):
        overdue = case.state not in terminal and case.due_at is not None and case.due_at < as_of
        late_now = bool(case.reminded) or overdue
        granted = {True: "是", False: "否"}.get(case.benefit_granted, "")
        yield (
            n, str(case.id), str(case.parent_id or ""), local_date(case.created_at).isoformat(),
            case.family_name, (case.child_name or "") if of_the_child else "",
            _id(case.id_number, filters) if of_the_child and case.id_number else "",
            case.village_name, case.request,
            DEPARTMENT_NAMES.get(case.department or "", case.department or ""),
            STATE_NAMES.get(case.state, case.state),
            local_date(case.state_entered_at).isoformat(),
            case.answered_on.isoformat() if case.answered_on else "",
            "否" if late_now else "是", granted, case.benefit, 1, int(late_now),
        )  # fmt: skip


LEDGERS = {
    ledger.name: ledger
    for ledger in (
        Ledger(
            "register",
            "困境儿童名册",
            (
                ("序号", TEXT),
                ("姓名", TEXT),
                ("身份证号", TEXT),
                ("性别", TEXT),
                ("出生日期", TEXT),
                ("乡镇(街道)", TEXT),
                ("村(居)", TEXT),
                ("困境类别", TEXT),
                ("残疾类别", TEXT),
                ("人数", COUNT),
            ),
            _register,
        ),
        Ledger(
            "visits",
            "走访台账",
            (
                ("序号", TEXT),
                ("走访日期", TEXT),
                ("儿童姓名", TEXT),
                ("身份证号", TEXT),
                ("村(居)", TEXT),
                ("走访类型", TEXT),
                ("走访人", TEXT),
                ("走访情况", TEXT),
                ("后续措施", TEXT),
                ("课时", COUNT),
                ("次数", COUNT),
            ),
            _visits,
        ),
        Ledger(
            "home-education",
            "送教上门台账",
            (
                ("序号", TEXT),
                ("儿童姓名", TEXT),
                ("身份证号", TEXT),
                ("村(居)", TEXT),
                ("送教教师", TEXT),
                ("学年", TEXT),
                ("送教次数", COUNT),
                ("课时", COUNT),
                ("学年应达课时", TEXT),
            ),
            _home_education,
        ),
        Ledger(
            "rehab-aid",
            "康复救助台账",
            (
                ("序号", TEXT),
                ("申请编号", TEXT),
                ("儿童姓名", TEXT),
                ("身份证号", TEXT),
                ("村(居)", TEXT),
                ("残疾类别", TEXT),
                ("救助项目", TEXT),
                ("定点机构", TEXT),
                ("申请日期", TEXT),
                ("状态", TEXT),
                ("康复费用(元)", MONEY),
                ("核定补助(元)", MONEY),
                ("已支付(元)", MONEY),
                ("项目数", COUNT),
            ),
            _rehab_aid,
            REHAB_READERS,
        ),
        Ledger(
            "reports",
            "强制报告台账",
            (
                ("序号", TEXT),
                ("案件编号", TEXT),
                ("接报日期", TEXT),
                ("儿童", TEXT),
                ("身份证号", TEXT),
                ("村(居)", TEXT),
                ("侵害类型", TEXT),
                ("紧急", TEXT),
                ("状态", TEXT),
                ("结案情形", TEXT),
                ("件数", COUNT),
            ),
            _reports,
            REPORT_READERS,
        ),
        Ledger(
            "national-system",
            "全国康复救助系统导出",
            (
                ("序号", TEXT),
                ("儿童姓名", TEXT),
                ("身份证号", TEXT),
                ("残疾类别", TEXT),
                ("残疾等级", TEXT),
                ("残疾证号", TEXT),
                ("救助项目", TEXT),
                ("定点康复机构", TEXT),
                ("协议签订日期", TEXT),
                ("服务日期或训练月份", TEXT),
                ("康复总费用(元)", MONEY),
                ("基本医疗保险(元)", MONEY),
                ("大病保险(元)", MONEY),
                ("补充保险(元)", MONEY),
                ("医疗救助(元)", MONEY),
                ("救助补助(元)", MONEY),
                ("国家系统录入日期", TEXT),
                ("国家系统编号", TEXT),
            ),
            _national,
            REHAB_READERS,
        ),
        Ledger(
            "transfers",
            "转介办理台账",
            (
                ("序号", TEXT),
                ("转介编号", TEXT),
                ("主件编号", TEXT),
                ("受理日期", TEXT),
                ("申请人", TEXT),
                ("儿童姓名", TEXT),
                ("身份证号", TEXT),
                ("村(居)", TEXT),
                ("诉求", TEXT),
                ("承办部门", TEXT),
                ("状态", TEXT),
                ("进入状态日期", TEXT),
                ("答复家庭日期", TEXT),
                ("按时限办理", TEXT),
                ("获得帮扶", TEXT),
                ("帮扶内容", TEXT),
                ("件数", COUNT),
                ("超时件数", COUNT),
            ),
            _transfers,
            TRANSFER_READERS,
        ),
    )  # fmt: skip
}


def filters_for(
    actor: Actor,
    name: str,
    place_id: int | None,
    first: dt.date,
    last: dt.date,
    whole: bool,
    now: dt.datetime,
) -> tuple[Ledger, Filters]:
    """The ledger and its filters, checked: a known ledger, a reader, a place within the
    actor's area, a period in order; whole values only for the roles that read them whole."""
    ledger = LEDGERS.get(name)
    if ledger is None:
        raise not_found("ledger", name)
    if actor.role not in ledger.readers:
        raise NotPermitted("the ledgers are for those who keep them", code="ledger_readers_only")
    problems: dict[str, list[FieldError]] = {}
    place = Place.get_or_none(id=place_id) if place_id is not None else None
    if place_id is None:
        place = Place.get_or_none(Place.path == actor.place_path)
    if place is None or not place.path.startswith(actor.place_path or "-"):
        problems["place_id"] = [
            FieldError("not a place of your area", code="ledger_place_outside_area")
        ]
    if first > last:
        problems["first"] = [FieldError("the period begins after it ends", code="period_reversed")]
    if problems:
        raise Invalid("the ledger's filters are not valid", problems, code="invalid_ledger_filters")
    assert place is not None
    return ledger, Filters(place, first, last, whole and actor.role in UNMASKED_ROLES, now)


def write(ledger: Ledger, actor: Actor, filters: Filters, out: IO[bytes]) -> int:
    """Write the ledger into `out` (a file); returns the number of rows."""
    book = Workbook(write_only=True)
    kinds = [kind for _, kind in ledger.columns]
    money = [i for i, kind in enumerate(kinds) if kind == MONEY]
    sheet = StreamedSheet(book, ledger.title, money_columns=money)
    bold = Font(bold=True)
    period = f"{filters.first.isoformat()} 至 {filters.last.isoformat()}"
    sheet.append([sheet.text_cell(f"{ledger.title}({filters.place.name},{period})", bold)])
    sheet.append([sheet.text_cell(h, bold) for h in ledger.headers])
    sums = [0] * len(kinds)
    count = 0
    for row in ledger.rows(actor, filters):
        sheet.append(list(row))
        count += 1
        for i, kind in enumerate(kinds):
            if kind != TEXT:
                sums[i] += row[i] or 0
    totals: list = [sheet.text_cell("合计", bold)] + [None] * (len(kinds) - 1)
    for i, kind in enumerate(kinds):
        if kind == COUNT:
            totals[i] = sums[i]
        elif kind == MONEY:
            totals[i] = sheet.yuan_cell(sums[i], bold)
    sheet.append(totals)
    book.save(out)
    return count
