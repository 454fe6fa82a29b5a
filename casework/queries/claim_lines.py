"""Claim lines: which cases, items and months an institution may bill in a period, and new
lines written in batches (a county period runs to thousands). Their subsidy: claim_pricing."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.clock import stored_date
from casework.db import db, execute_many, rows_of
from casework.errors import FieldError
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
from casework.vocabulary import AidItem, LineStatus

if TYPE_CHECKING:
    from casework.queries.claim_pricing import Pricing

L = ClaimLine
A = RehabApplication
ONCE = "once"
# API name -> column of the line; insurance in the order docs/domain.md
# ("Settlement") lists it
COST_COLUMNS = {
    "total_cost": "total_fen",
    "basic_medical": "basic_medical_fen",
    "critical_illness": "critical_illness_fen",
    "supplementary_critical_illness": "supplementary_fen",
    "medical_aid": "medical_aid_fen",
}
# see claim_pricing; the year-to-date figures after the subsidy, which stays fourth
PRICE_COLUMNS = ("standard_fen", "monthly_fen", "cap_fen", "subsidy_fen",
                 "ytd_remainder_fen", "ytd_months", "ytd_cap_fen", "ytd_approved_fen")  # fmt: skip
UNPRICED = (0, None, 0, 0, 0, 0, 0, 0)
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


def rows_of_lines(query, ids: list[int]) -> list[tuple]:
    """The raw rows of a query on the lines (the line id first) of only the lines `ids`: an
    IN for a few ids; for many, the query's rows filtered here, as building an IN of
    thousands of parameters costs more than reading the claim's lines."""
    if len(ids) <= 100:
        query = query.where(L.id.in_(ids))
    wanted = set(ids)
    return [row for row in rows_of(query) if row[0] in wanted]


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
        attended[app].append(stored_date(month))
    last = {
        app: stored_date(month)
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
        completed = stored_date(completed)
        service_on = completed if completed and completed in period else None
        if (app, code, ONCE) in taken:
            service_on = None
        found.append(Billable(app, child, code, bool(free), months, service_on, stop))
    return found


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


def cost_problems(values: dict[str, int]) -> dict[str, list[FieldError]]:
    """Problems of costs given by API name, named by API field."""
    amounts = [values.get(name, 0) for name in COST_COLUMNS]
    if min(amounts) >= 0 and sum(amounts[1:]) <= amounts[0]:
        return {}  # the usual case, checked without building the rule's objects
    costs = subsidy.Costs(*amounts)
    return {_RULE_FIELD.get(k, k): v for k, v in costs.problems().items()}


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
        price = UNPRICED
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
