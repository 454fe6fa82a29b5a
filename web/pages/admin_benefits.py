"""The county admin's benefit list: the benefits the county offers today (those every county
offers and those it added), the changes scheduled, and a change from a day on: a benefit
offered or no longer, a benefit of the county's own added by its name. The rules (today or
later, never past a benefit already recorded) are casework.services.county_policy's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.rules.county_policy import Kind
from casework.rules.deadlines import local_date
from casework.services import county_policy
from casework.services.settlement_policy import county_in_scope
from casework.vocabulary import Role
from web.pages import messages
from web.pages.case_labels import REPORT_CHOICES
from web.pages.labels import label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin_benefits", __name__, template_folder="templates",
               url_prefix="/admin/benefits")  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]
NAMES = REPORT_CHOICES["benefit"]


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index(errors: dict | None = None, posted: str = "", status: int = 200):
    today = local_date(now())
    rows = county_policy.table(county_in_scope(actor(), None), Kind.BENEFIT, today)
    return render_template(
        "admin/benefits.html",
        rows=[{**r, "name": label(NAMES, r["key"])} for r in rows],
        today=today,
        errors=errors or {},
        posted=posted,
        values=request.form,
    ), status


@bp.post("", endpoint="set_offered")
@roles_required(ADMIN)
def set_offered():
    form, errors = request.form, {}
    key = form.get("benefit", "").strip()
    offered = form.get("offered") == "true"
    try:
        day = dt.date.fromisoformat(form.get("effective_from", "").strip())
    except ValueError:
        errors["effective_from"] = [str(messages.MARSHMALLOW["Not a valid date."])]
    if not errors:
        try:
            county_policy.set_value(actor(), None, Kind.BENEFIT, key, int(offered), day, now())
        except Invalid as exc:
            errors = messages.field_errors(exc)
    if errors:
        return index(errors, posted=key or "_new", status=422)
    name, when = label(NAMES, key), day.isoformat()
    if offered:
        flash(_l("%(benefit)s is offered from %(day)s on.", benefit=name, day=when), "success")
    else:
        flash(_l("%(benefit)s is no longer offered from %(day)s on.", benefit=name, day=when),
              "success")  # fmt: skip
    return redirect(url_for(".index"))
