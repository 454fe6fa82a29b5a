"""Claim lines: which cases, items and months an institution may bill in a period, and the
subsidy of each line, computed in batches (a county period runs to thousands of lines)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import __exception_wrapper__ as driver_errors
from peewee import fn

from casework.db import db, is_sqlite
from casework.models import (
    Agreement,
    ApplicationItem,
    Attendance,
    BilledUnit,
    Claim,
    ClaimLine,
    DropoutReport,
    RehabApplication,
)
from casework.rules import subsidy
from casework.rules.periods import Period
from casework.services import settlement_policy as policy
from casework.vocabulary import LineStatus

L = ClaimLine
A = RehabApplication
ONCE = "once"
# API name -> column of the line; insurance in the order DOMAIN.md lists it
COST_COLUMNS = {
    "total_cost": "total_fen",
    "basic_medical": "basic_medical_fen",
    "critical_illness": "critical_illness_fen",
    "supplementary_critical_illness": "supplementary_fen",
    "medical_aid": "medical_aid_fen",
}
_RULE_FIELD = {"total": "total_cost", "supplementary": "supplementary_critical_illness"}


@dataclass
class Billable:
    """An aid item of a child in the institution's care that may still be billed."""

    application_id: int
    child_id: int
    aid_item: str
    free_device: bool
    months: list[dt.date]  # monthly items: months attended in the period, not yet billed
    service_on: dt.date | None  # one-time items: completion inside the period, if any
    dropped_after: dt.date | None = None  # the last month attended before a dropout

    @property
    def monthly(self) -> bool:
        return subsidy.is_monthly(self.aid_item)


def month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def agreed_applications(institution_id: int):
    """Applications referred to the institution that signed the agreement with it."""
    return (
        A.select(A.id)
        .join(Agreement, on=(Agreement.application == A.id))
        .where(A.institution == institution_id, Agreement.institution == institution_id)
    )


def billable(claim: Claim, period: Period, application_id: int | None = None) -> list[Billable]:
    """Every item of the institution's agreed cases with something left to bill in the period."""
    agreed = agreed_applications(claim.institution_id)
    if application_id is not None:
        agreed = agreed.where(A.id == application_id)
    attended = defaultdict(list)
    for app, month in (
        Attendance.select(Attendance.application, Attendance.month)
        .where(
            Attendance.application.in_(agreed),
            Attendance.days_attended > 0,
            Attendance.month.between(period.start, period.end),
        )
        .order_by(Attendance.month)
        .tuples()
    ):
        attended[app].append(month)
    last = dict(
        DropoutReport.select(DropoutReport.application, DropoutReport.last_month)
        .where(DropoutReport.application.in_(agreed))
        .tuples()
    )
    taken = billed_units(agreed, [month_label(m) for m in period.months] + [ONCE])
    found = []
    items = (
        ApplicationItem.select(
            ApplicationItem.application, ApplicationItem.aid_item, ApplicationItem.free_device,
            A.child, A.completed_on,
        )
        .join(A)
        .where(ApplicationItem.application.in_(agreed))
        .order_by(ApplicationItem.application, ApplicationItem.id)
        .tuples()
    )  # fmt: skip
    for app, code, free, child, completed in items:
        stop = last.get(app)
        months = [
            m for m in attended.get(app, [])
            if (stop is None or m <= stop) and (app, code, month_label(m)) not in taken
        ]  # fmt: skip
        service_on = completed if completed and completed in period else None
        if (app, code, ONCE) in taken:
            service_on = None
        found.append(Billable(app, child, code, bool(free), months, service_on, stop))
    return found


def billed_units(applications, units: list[str]) -> set[tuple[int, str, str]]:
    query = BilledUnit.select(BilledUnit.application, BilledUnit.aid_item, BilledUnit.unit).where(
        BilledUnit.application.in_(applications), BilledUnit.unit.in_(units)
    )
    return set(query.tuples())


def new_line(claim: Claim, period: Period, item: Billable, costs: dict[str, int]) -> dict:
    """The row of a line billing `item` (its months or its service date) with `costs` in fen."""
    months = [month_label(m) for m in item.months] if item.monthly else []
    return {
        "claim": claim.id,
        "application": item.application_id,
        "child": item.child_id,
        "aid_item": item.aid_item,
        "aid_year": period.aid_year,
        "months": months,
        "month_count": len(months),
        "service_on": None if item.monthly else item.service_on,
        "free_device": item.free_device,
        "standard_fen": 0,
        "cap_fen": 0,
        **{column: costs.get(name, 0) for name, column in COST_COLUMNS.items()},
    }


def costs_of(line) -> subsidy.Costs:
    return subsidy.Costs(
        line.total_fen,
        line.basic_medical_fen,
        line.critical_illness_fen,
        line.supplementary_fen,
        line.medical_aid_fen,
    )


def cost_problems(values: dict[str, int]) -> dict[str, list[str]]:
    """Problems of costs given by API name, named by API field."""
    costs = subsidy.Costs(*(values.get(name, 0) for name in COST_COLUMNS))
    return {_RULE_FIELD.get(k, k): v for k, v in costs.problems().items()}


def priors(claim_id: int, aid_year: int) -> dict[tuple[int, str], subsidy.Prior]:
    """Months and subsidy already approved on other claims for this claim's cases and items."""
    mine = L.select(L.application).where(L.claim == claim_id)
    rows = (
        L.select(L.application, L.aid_item, fn.SUM(L.month_count), fn.SUM(L.subsidy_fen))
        .where(
            L.status == LineStatus.APPROVED,
            L.claim != claim_id,
            L.aid_year == aid_year,
            L.application.in_(mine),
        )
        .group_by(L.application, L.aid_item)
        .tuples()
    )
    return {(app, item): subsidy.Prior(int(m or 0), int(s or 0)) for app, item, m, s in rows}


def lock_cases(claim_id: int, line_ids: list[int] | None = None) -> None:
    """On PostgreSQL, serialise approvals touching the same cases, in a fixed order so two
    auditors cannot deadlock; SQLite's IMMEDIATE transactions already serialise writers."""
    if is_sqlite():
        return
    lines = L.select(L.application).where(L.claim == claim_id)
    if line_ids is not None:
        lines = lines.where(L.id.in_(line_ids))
    rows = ApplicationItem.select(ApplicationItem.id).where(ApplicationItem.application.in_(lines))
    list(rows.order_by(ApplicationItem.id).for_update())


def recompute(claim: Claim, line_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Compute the subsidy of the claim's unapproved lines (or of `line_ids`) against the
    standards in force and what other claims had approved; returns {line: [old, new]} of
    subsidies that changed. Approved lines keep the standard they were audited with."""
    columns = (L.id, L.application, L.aid_item, L.aid_year, L.month_count, L.free_device,
               L.total_fen, L.basic_medical_fen, L.critical_illness_fen, L.supplementary_fen,
               L.medical_aid_fen, L.subsidy_fen)  # fmt: skip
    query = L.select(*columns).where(L.claim == claim.id)
    if line_ids is None:
        query = query.where(L.status != LineStatus.APPROVED)
    else:
        query = query.where(L.id.in_(line_ids))
    lines = list(query.namedtuples())
    if not lines:
        return {}
    standards = policy.standards(claim.county_id, lines[0].aid_year)
    prior = priors(claim.id, lines[0].aid_year)
    rows, changed = [], {}
    for line in lines:
        standard = standards[line.aid_item].standard
        result = subsidy.compute(
            costs_of(line),
            standard,
            months=line.month_count,
            prior=prior.get((line.application, line.aid_item), subsidy.Prior()),
            free_device=bool(line.free_device),
        )
        rows.append((standard.amount, standard.monthly, result.cap, result.amount, line.id))
        if result.amount != line.subsidy_fen:
            changed[line.id] = [line.subsidy_fen, result.amount]
    p = db.obj.param
    execute_many(
        f'UPDATE "claim_line" SET "standard_fen" = {p}, "monthly_fen" = {p}, "cap_fen" = {p}, '
        f'"subsidy_fen" = {p} WHERE "id" = {p}',
        rows,
    )
    return changed


def execute_many(sql: str, rows: list[tuple]) -> None:
    """One statement, many parameter rows: thousands of lines in one round. Driver errors
    come out as peewee's (IntegrityError ...), as from any other query."""
    if not rows:
        return
    cursor = db.cursor()
    with driver_errors:
        if is_sqlite():
            cursor.executemany(sql, rows)
        else:
            from psycopg2.extras import execute_batch

            execute_batch(cursor, sql, rows, page_size=1000)


LINE_COLUMNS = ("claim_id", "application_id", "child_id", "aid_item", "aid_year", "months",
                "month_count", "service_on", "free_device", *COST_COLUMNS.values(),
                "standard_fen", "cap_fen", "subsidy_fen", "status", "rejection_reason")  # fmt: skip


def insert_lines(rows: list[dict]) -> None:
    """Insert new lines (rows from `new_line`) in one statement run many times: for a county
    period of thousands of lines the ORM's per-row statement building is the cost."""
    names = ", ".join(f'"{c}"' for c in LINE_COLUMNS)
    marks = ", ".join([db.obj.param] * len(LINE_COLUMNS))
    execute_many(
        f'INSERT INTO "claim_line" ({names}) VALUES ({marks})',
        [
            (r["claim"], r["application"], r["child"], r["aid_item"], r["aid_year"],
             L.months.db_value(r["months"]), r["month_count"], r["service_on"], r["free_device"],
             *(r[c] for c in COST_COLUMNS.values()), 0, 0, 0, LineStatus.PENDING.value, "")
            for r in rows
        ],
    )  # fmt: skip
