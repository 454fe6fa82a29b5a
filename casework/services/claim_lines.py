"""Claim lines: which cases, items and months an institution may bill in a period, and the
subsidy of each line, computed in batches (a county period runs to thousands of lines)."""

from __future__ import annotations

import datetime as dt
import functools
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
from casework.vocabulary import AidItem, LineStatus

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
MONTHLY_ITEMS = frozenset(item.value for item in AidItem if subsidy.is_monthly(item))


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
        return self.aid_item in MONTHLY_ITEMS


@functools.lru_cache(maxsize=4096)
def month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"  # a dozen months, labelled thousands of times


def agreed_applications(institution_id: int):
    """Applications referred to the institution that signed the agreement with it."""
    return (
        A.select(A.id)
        .join(Agreement, on=(Agreement.application == A.id))
        .where(A.institution == institution_id, Agreement.institution == institution_id)
    )


def billable(claim: Claim, period: Period, application_id: int | None = None) -> list[Billable]:
    """Every item of the institution's agreed cases with something left to bill in the period.
    Rows are read raw (dates converted once per distinct value): a county runs to thousands."""
    agreed = agreed_applications(claim.institution_id)
    if application_id is not None:
        agreed = agreed.where(A.id == application_id)
    attended = defaultdict(list)
    for app, month in rows_of(
        Attendance.select(Attendance.application, Attendance.month)
        .where(
            Attendance.application.in_(agreed),
            Attendance.days_attended > 0,
            Attendance.month.between(period.start, period.end),
        )
        .order_by(Attendance.month)
    ):
        attended[app].append(as_date(month))
    last = {
        app: as_date(month)
        for app, month in rows_of(
            DropoutReport.select(DropoutReport.application, DropoutReport.last_month).where(
                DropoutReport.application.in_(agreed)
            )
        )
    }
    taken = billed_units(agreed, [month_label(m) for m in period.months] + [ONCE])
    found = []
    items = rows_of(
        ApplicationItem.select(
            ApplicationItem.application, ApplicationItem.aid_item, ApplicationItem.free_device,
            A.child, A.completed_on,
        )
        .join(A)
        .where(ApplicationItem.application.in_(agreed))
        .order_by(ApplicationItem.application, ApplicationItem.id)
    )  # fmt: skip
    for app, code, free, child, completed in items:
        stop = last.get(app)
        months = [
            m for m in attended.get(app, [])
            if (stop is None or m <= stop) and (app, code, month_label(m)) not in taken
        ]  # fmt: skip
        completed = as_date(completed)
        service_on = completed if completed and completed in period else None
        if (app, code, ONCE) in taken:
            service_on = None
        found.append(Billable(app, child, code, bool(free), months, service_on, stop))
    return found


def rows_of(query) -> list[tuple]:
    """The query's rows as the driver returns them, without peewee's per-value conversion."""
    return db.execute(query).fetchall()


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def as_date(value) -> dt.date | None:
    """A DateField as the driver gives it: a date (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, dt.date):
        return value
    return _parse_date(value)


def billed_units(applications, units: list[str]) -> set[tuple[int, str, str]]:
    query = BilledUnit.select(BilledUnit.application, BilledUnit.aid_item, BilledUnit.unit).where(
        BilledUnit.application.in_(applications), BilledUnit.unit.in_(units)
    )
    return set(rows_of(query))


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


def cost_problems(values: dict[str, int]) -> dict[str, list[str]]:
    """Problems of costs given by API name, named by API field."""
    amounts = [values.get(name, 0) for name in COST_COLUMNS]
    if min(amounts) >= 0 and sum(amounts[1:]) <= amounts[0]:
        return {}  # the usual case, checked without building the rule's objects
    costs = subsidy.Costs(*amounts)
    return {_RULE_FIELD.get(k, k): v for k, v in costs.problems().items()}


def priors(claim_id: int, aid_year: int, applications=None) -> dict[tuple, subsidy.Prior]:
    """Months and subsidy already approved on other claims for this claim's cases and items
    (or for `applications`, a query of their ids, before the claim has lines)."""
    if applications is None:
        applications = L.select(L.application).where(L.claim == claim_id)
    query = (
        L.select(L.application, L.aid_item, fn.SUM(L.month_count), fn.SUM(L.subsidy_fen))
        .where(
            L.status == LineStatus.APPROVED,
            L.claim != claim_id,
            L.aid_year == aid_year,
            L.application.in_(applications),
        )
        .group_by(L.application, L.aid_item)
    )
    rows = db.execute(query).fetchall()  # plain integers: no per-row conversion
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


NO_PRIOR = subsidy.Prior()
PRICE_COLUMNS = ("standard_fen", "monthly_fen", "cap_fen", "subsidy_fen")


class Pricing:
    """The standards in force for a claim's aid year and what other claims had approved:
    everything a line's subsidy depends on besides its own costs and months."""

    def __init__(self, claim: Claim, aid_year: int, applications=None):
        self.standards = {
            item: entry.standard
            for item, entry in policy.standards(claim.county_id, aid_year).items()
        }
        self.prior = priors(claim.id, aid_year, applications)
        self._known: dict[tuple, tuple] = {}

    def price(self, application, aid_item, months, free_device, costs: tuple) -> tuple:
        """(standard, monthly cap, cap left, subsidy) of a line with `costs` (the
        COST_COLUMNS' values): the PRICE_COLUMNS. Lines alike are computed once."""
        prior = self.prior.get((application, aid_item), NO_PRIOR)
        key = (aid_item, months, bool(free_device), costs, prior)
        if key not in self._known:
            standard = self.standards[aid_item]
            result = subsidy.compute(
                subsidy.Costs(*costs),
                standard,
                months=months,
                prior=prior,
                free_device=bool(free_device),
            )
            self._known[key] = (standard.amount, standard.monthly, result.cap, result.amount)
        return self._known[key]


def recompute(claim: Claim, line_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Compute the subsidy of the claim's unapproved lines (or of `line_ids`) against the
    standards in force and what other claims had approved; returns {line: [old, new]} of
    subsidies that changed. Approved lines keep the standard they were audited with.
    Only lines whose price moved are written: a resubmission rewrites nothing."""
    costs = [getattr(L, c) for c in COST_COLUMNS.values()]
    prices = [getattr(L, c) for c in PRICE_COLUMNS]
    query = L.select(
        L.id, L.application, L.aid_item, L.aid_year, L.month_count, L.free_device, *costs, *prices
    ).where(L.claim == claim.id)
    if line_ids is None:
        query = query.where(L.status != LineStatus.APPROVED)
    elif len(line_ids) <= 100:
        query = query.where(L.id.in_(line_ids))
    wanted = None if line_ids is None else set(line_ids)  # thousands: filter here, not in SQL
    lines = [r for r in db.execute(query).fetchall() if wanted is None or r[0] in wanted]
    if not lines:
        return {}
    pricing = Pricing(claim, lines[0][3])
    rows, changed = [], {}
    for line_id, app, item, _, months, free, *rest in lines:
        old = tuple(rest[5:])
        new = pricing.price(app, item, months, free, tuple(rest[:5]))
        if new != old:
            rows.append((*new, line_id))
        if new[3] != old[3]:
            changed[line_id] = [old[3], new[3]]
    sets = ", ".join(f'"{c}" = {db.obj.param}' for c in PRICE_COLUMNS)
    execute_many(f'UPDATE "claim_line" SET {sets} WHERE "id" = {db.obj.param}', rows)
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
                *PRICE_COLUMNS, "status", "rejection_reason")  # fmt: skip


def insert_lines(rows: list[dict], pricing: Pricing | None = None) -> None:
    """Insert new lines (rows from `new_line`) in one statement run many times: for a county
    period of thousands of lines the ORM's per-row statement building is the cost. With
    `pricing`, each line is written with its subsidy; else recompute the lines after."""
    names = ", ".join(f'"{c}"' for c in LINE_COLUMNS)
    marks = ", ".join([db.obj.param] * len(LINE_COLUMNS))
    values = []
    for r in rows:
        costs = tuple(r[c] for c in COST_COLUMNS.values())
        price = (0, None, 0, 0)
        if pricing is not None:
            price = pricing.price(r["application"], r["aid_item"], r["month_count"],
                                  r["free_device"], costs)  # fmt: skip
        values.append(
            (r["claim"], r["application"], r["child"], r["aid_item"], r["aid_year"],
             _months_json(tuple(r["months"])), r["month_count"], r["service_on"], r["free_device"],
             *costs, *price, LineStatus.PENDING.value, "")
        )  # fmt: skip
    execute_many(f'INSERT INTO "claim_line" ({names}) VALUES ({marks})', values)


@functools.lru_cache(maxsize=1024)
def _months_json(months: tuple[str, ...]) -> str:
    return L.months.db_value(list(months))  # a few distinct sets of months on thousands of lines
