"""A designated institution's pages: referrals to answer, children in its care, the monthly
attendance grid (children × months) and dropout reports."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import DomainError
from casework.models import Attendance, Child, DropoutReport, RehabPlan
from casework.rules import attendance as attendance_rule
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
    today = casefile.local_today(now())
    year = forms.year_arg(request.values, today.year)
    grid = _grid(year, today)
    if request.method == "POST":
        saved, failed = _save_grid(grid, request.form)
        if saved:
            flash(_l("Attendance saved for %(count)s months.", count=saved), "success")
        for message in failed:
            flash(message, "error")
        if not failed:
            return redirect(url_for(".attendance", year=year))
        grid = _grid(year, today)
    return render_template(
        "institution/attendance.html", grid=grid, year=year, this_year=today.year
    ), (422 if request.method == "POST" else 200)


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
            }
            for m in months
        ]
        rows.append({"application": application, "child": application.child, "cells": cells})
    return {"months": months, "rows": rows}


def _save_grid(grid: dict, form) -> tuple[int, list[str]]:
    saved, failed = 0, []
    for row in grid["rows"]:
        for cell in row["cells"]:
            entered = form.get(cell["name"], "").strip()
            if not cell["open"] or entered == "" or entered == str(cell["days"]):
                continue
            payload = {"month": f"{cell['month']:%Y-%m}", "days_attended": entered}
            try:
                rehab.act(actor(), row["application"].id, "record_attendance", now=now(),
                          payload=payload)  # fmt: skip
                saved += 1
            except DomainError as exc:
                detail = _cell_error(exc)
                failed.append(f"{row['child'].name} {cell['month']:%Y-%m}: {detail}")
    return saved, failed


def _cell_error(exc: DomainError) -> str:
    fields = messages.field_errors(exc) if hasattr(exc, "fields") else {}
    flat = [m for ms in fields.values() for m in ms]
    return "；".join(flat) if flat else messages.for_error(exc)


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
