"""A designated institution's pages: referrals to answer, children in its care, the monthly
attendance grid (children × months) and dropout reports."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.models import Attendance, Child, DropoutReport, RehabPlan
from casework.rules import attendance as attendance_rule
from casework.services import attendance as month_attendance
from casework.services import rehab
from casework.vocabulary import Role
from web.pages import casefile, forms, messages, navigation
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint(
    "pages_institution", __name__, template_folder="templates", url_prefix="/institution"
)
bp.before_request(require_sign_in)
STAFF = [Role.INSTITUTION_STAFF]
IN_CARE = ("accepted", "agreed", "in_rehabilitation")
WITH_PLAN = ("in_rehabilitation", "dropped_out", "completed")
A = rehab.A

navigation.add("pages_institution.referrals", _l("Referrals"), STAFF, order=30)
navigation.add("pages_institution.in_care", _l("Children in care"), STAFF, order=31)
navigation.add("pages_institution.attendance", _l("Attendance"), STAFF, order=32)
navigation.add("pages_institution.dropouts", _l("Dropouts"), STAFF, order=33)
navigation.set_home("pages_institution.referrals", STAFF)


def _mine(states):
    query = rehab.scoped(actor(), A.select(A, Child).join_from(A, Child))
    return query.where(A.institution == actor().institution_id, A.state.in_(states))


@bp.get("/referrals")
@roles_required(STAFF)
def referrals():
    rows = list(_mine(("referred",)).order_by(A.due_at.asc(nulls="LAST"), A.id))
    return render_template("institution/referrals.html", rows=casefile.queue_rows(rows, now()))


@bp.get("/children")
@roles_required(STAFF)
def in_care():
    rows = list(_mine(IN_CARE).order_by(A.due_at.asc(nulls="LAST"), A.id))
    return render_template("institution/in_care.html", rows=casefile.queue_rows(rows, now()))


@bp.route("/attendance", methods=["GET", "POST"])
@roles_required(STAFF)
def attendance():
    """Every child's months of a year in one grid, saved in one step: all the changed cells,
    or, if any is refused, none, the grid drawn again with what was typed and each refused
    cell marked and named (child and month)."""
    today = casefile.local_today(now())
    year = forms.year_arg(request.values, today.year)
    grid = _grid(year, today)
    if request.method == "GET":
        return render_template(
            "institution/attendance.html", grid=grid, year=year, this_year=today.year
        )
    saved, failed = _save_grid(grid, request.form)
    if not failed:
        if saved:
            flash(_l("Attendance saved for %(count)s months.", count=saved), "success")
        return redirect(url_for(".attendance", year=year))
    for message in failed:
        flash(message, "error")
    return render_template(
        "institution/attendance.html", grid=grid, year=year, this_year=today.year
    ), 422


def _grid(year: int, today: dt.date) -> dict:
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    rows = []
    applications = list(_mine(WITH_PLAN).order_by(Child.name, A.id))
    ids = [a.id for a in applications] or [0]
    plans = {p.application_id: p for p in RehabPlan.select().where(RehabPlan.application.in_(ids))}
    stops = {
        d.application_id: d.last_month
        for d in DropoutReport.select().where(DropoutReport.application.in_(ids))
    }
    days = {
        (r.application_id, r.month): r.days_attended
        for r in Attendance.select().where(Attendance.application.in_(ids))
    }
    for application in applications:
        plan = plans.get(application.id)
        if plan is None:
            continue
        last_attended = stops.get(application.id)
        cells = [
            {
                "month": m,
                "open": attendance_rule.refusal(m, plan.starts_on, today, last_attended) is None,
                "most": attendance_rule.most_days(m, today),  # the days passed so far
                "days": days.get((application.id, m)),
                "name": f"days-{application.id}-{m:%Y-%m}",
                "typed": None,  # what was typed, shown again when the grid is refused
                "error": "",
            }
            for m in months
        ]
        rows.append({"application": application, "child": application.child, "cells": cells})
    return {"months": months, "rows": rows}


def _save_grid(grid: dict, form) -> tuple[int, list[str]]:
    """The changed cells through services.attendance.record_many (one transaction); the
    messages of the refused cells, each named by child and month, written into the grid."""
    changed, failed = [], []
    for row in grid["rows"]:
        for cell in row["cells"]:
            entered = form.get(cell["name"], "").strip()
            if not cell["open"] or entered == "" or entered == str(cell["days"]):
                continue
            cell["typed"] = entered
            if not entered.isdigit():
                cell["error"] = messages.field_message("Not a valid integer.")
                failed.append(f"{row['child'].name} {cell['month']:%Y-%m}: {cell['error']}")
                continue
            changed.append((row, cell))
    if failed:
        return 0, failed
    records = [{"application_id": row["application"].id, "month": cell["month"],
                "days_attended": int(cell["typed"])} for row, cell in changed]  # fmt: skip
    try:
        return month_attendance.record_many(actor(), records, now()), []
    except Invalid as exc:
        for index, (row, cell) in enumerate(changed):
            cell["error"] = _cell_error(exc, index)
            if cell["error"]:
                failed.append(f"{row['child'].name} {cell['month']:%Y-%m}: {cell['error']}")
        return 0, failed or [messages.for_error(exc)]


def _cell_error(exc: Invalid, index: int) -> str:
    """What was wrong with the grid's `index`-th changed cell: its fields' messages, else
    the refusal of its action (the record's `reason`); "" for a cell not refused."""
    prefix = f"records.{index}."
    own = [messages.field_message(m) for name, found in exc.fields.items()
           if name.startswith(prefix) for m in found]  # fmt: skip
    if own:
        return "；".join(own)
    refused = exc.fields.get(f"records.{index}")
    if not refused:
        return ""
    params = getattr(refused[0], "params", {})
    return messages.say(params.get("reason", ""), params, messages.say(refused[0].code, params))


@bp.get("/dropouts")
@roles_required(STAFF)
def dropouts():
    in_rehab = list(_mine(("in_rehabilitation",)).order_by(Child.name, A.id))
    reports = list(
        DropoutReport.select(DropoutReport, A, Child)
        .join(A)
        .join(Child)
        .where(A.institution == actor().institution_id)
        .order_by(DropoutReport.reported_at.desc())
    )
    return render_template("institution/dropouts.html", in_rehab=in_rehab, reports=reports)
