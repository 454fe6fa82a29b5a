"""The county admin's age limits: each aid item's limit in force today, its default and the
changes scheduled, and a new version from a day on. The rules (today or later, never past an
application already assessed) are casework.services.county_policy's."""

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
from web.pages.labels import AID_ITEMS, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin_county_policy", __name__, template_folder="templates",
               url_prefix="/admin/age-limits")  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index(errors: dict | None = None, posted: str = "", status: int = 200):
    today = local_date(now())
    county = county_in_scope(actor(), None)
    rows = county_policy.table(county, Kind.AGE_LIMIT, today)
    return render_template(
        "admin/age_limits.html",
        rows=[{**r, "name": label(AID_ITEMS, r["key"])} for r in rows],
        today=today,
        errors=errors or {},
        posted=posted,
        values=request.form,
    ), status


@bp.post("/<string:aid_item>", endpoint="set_limit")
@roles_required(ADMIN)
def set_limit(aid_item: str):
    form, errors = request.form, {}
    text = form.get("max_age", "").strip()
    value = int(text) if text.isdigit() else -1  # not a whole number: the service refuses it
    try:
        day = dt.date.fromisoformat(form.get("effective_from", "").strip())
    except ValueError:
        errors["effective_from"] = [str(messages.MARSHMALLOW["Not a valid date."])]
    if not errors:
        try:
            county_policy.set_value(actor(), None, Kind.AGE_LIMIT, aid_item, value, day, now())
        except Invalid as exc:
            errors = messages.field_errors(exc)
    if errors:
        return index(errors, posted=aid_item, status=422)
    item = label(AID_ITEMS, aid_item)
    message = _l("The age limit of %(item)s is %(age)s from %(day)s on.", item=item, age=value,
                 day=day.isoformat())  # fmt: skip
    flash(message, "success")
    return redirect(url_for(".index"))
