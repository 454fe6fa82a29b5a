"""A month's attendance for every child of an institution at once: the sheet to fill (the
children with a plan, what is recorded, which months are open and how many days they can
hold) and the recording of many children's months in one transaction, each through the
rehab workflow's `record_attendance` action (one audit row a month changed), or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.db import write_transaction
from casework.errors import DomainError, FieldError, Invalid
from casework.models import Attendance, Child, DropoutReport, RehabPlan
from casework.rules import attendance as rule
from casework.rules.deadlines import local_date
from casework.services import rehab
from casework.workflows.definition import Actor

A = rehab.A
WITH_PLAN = ("in_rehabilitation", "dropped_out", "completed")


@dataclass(frozen=True)
class SheetRow:
    """One child's month: what is recorded, whether it may be recorded, and at most how many
    days (the days passed so far in this month)."""

    application_id: int
    child_id: int
    child_name: str
    month: dt.date
    days_attended: int | None
    sessions: int
    note: str
    open: bool
    most_days: int


def sheet(actor: Actor, months: list[dt.date], now: dt.datetime) -> list[SheetRow]:
    """The actor's institution's children with a rehab plan (in rehabilitation, dropped out or
    completed), by name, one row per child and month of `months` (first days)."""
    today = local_date(now)
    applications = list(
        rehab.scoped(actor, A.select(A.id, Child.id, Child.name).join_from(A, Child))
        .where(A.institution == actor.institution_id, A.state.in_(WITH_PLAN))
        .order_by(Child.name, A.id)
        .tuples()
    )
    ids = [app for app, *_ in applications] or [0]
    starts = dict(
        RehabPlan.select(RehabPlan.application, RehabPlan.starts_on)
        .where(RehabPlan.application.in_(ids))
        .tuples()
    )
    stops = dict(
        DropoutReport.select(DropoutReport.application, DropoutReport.last_month)
        .where(DropoutReport.application.in_(ids))
        .tuples()
    )
    recorded = {
        (r.application_id, r.month): r
        for r in Attendance.select().where(
            Attendance.application.in_(ids), Attendance.month.in_(months)
        )
    }
    rows = []
    for app, child_id, name in applications:
        if app not in starts:
            continue
        for month in months:
            found = recorded.get((app, month))
            refused = rule.refusal(month, starts[app], today, stops.get(app))
            rows.append(
                SheetRow(
                    app, child_id, name, month,
                    found.days_attended if found else None,
                    found.sessions if found else 0,
                    found.note if found else "",
                    refused is None,
                    rule.most_days(month, today),
                )  # fmt: skip
            )
    return rows


def record_many(actor: Actor, records: list[dict], now: dt.datetime) -> int:
    """Record each of `records` ({application_id, month, days_attended, sessions?, note?})
    through the engine, all in one transaction: every record is tried, and if any is refused
    nothing is written and one Invalid lists each refusal under `records.<n>.<field>`, with
    `records.<n>` naming the child and the month. A record equal to what is on file is
    skipped (no audit row for nothing). Returns how many months were recorded."""
    seen: set[tuple[int, dt.date]] = set()
    problems: dict[str, list] = {}
    changed = 0
    with write_transaction():
        current = _recorded(records)
        for index, record in enumerate(records):
            key = (record["application_id"], record["month"])
            if key in seen:
                twice = FieldError("this child's month is given twice", code="record_given_twice")
                problems[f"records.{index}"] = [twice]
                continue
            seen.add(key)
            wanted = (record["days_attended"], record.get("sessions", 0), record.get("note", ""))
            if current.get(key) == wanted:
                continue
            payload = {"month": f"{record['month']:%Y-%m}", "days_attended": wanted[0],
                       "sessions": wanted[1], "note": wanted[2]}  # fmt: skip
            try:
                with write_transaction():  # a savepoint: the others are still tried
                    rehab.act(actor, key[0], "record_attendance", now=now, payload=payload)
                changed += 1
            except DomainError as exc:
                problems.update(_refusal(actor, index, record, exc))
        if problems:
            raise Invalid(
                "attendance not recorded: nothing was saved",
                problems,
                code="attendance_refused",
                params={"count": sum(1 for k in problems if k.count(".") == 1)},
            )
    return changed


def _recorded(records: list[dict]) -> dict[tuple[int, dt.date], tuple[int, int, str]]:
    ids = {r["application_id"] for r in records} or {0}
    months = {r["month"] for r in records} or {dt.date(1, 1, 1)}
    rows = Attendance.select().where(
        Attendance.application.in_(ids), Attendance.month.in_(months)
    )
    return {(r.application_id, r.month): (r.days_attended, r.sessions, r.note) for r in rows}


def _refusal(actor: Actor, index: int, record: dict, exc: DomainError) -> dict[str, list]:
    """The refusal of one record, under its index: what the engine said of each field, and
    which child and month it was (the child named only to those who may see the case)."""
    month = f"{record['month']:%Y-%m}"
    params = {"application_id": record["application_id"], "month": month, "reason": exc.code}
    visible = rehab.scoped(actor, A.select(Child.name).join_from(A, Child)).where(
        A.id == record["application_id"]
    )
    name = visible.scalar()
    if name is not None:
        params["child"] = name
    who = name or f"application {record['application_id']}"
    found: dict[str, list] = {
        f"records.{index}": [
            FieldError(f"{who} {month}: {exc.detail}", code="record_refused", params=params)
        ]
    }
    for field, messages in getattr(exc, "fields", {}).items():
        found[f"records.{index}.{field}"] = list(messages)
    return found
