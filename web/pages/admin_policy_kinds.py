"""The county admin's other policy by effective date: visit cadences, the aid target by year,
rejection codes, the escalation grace by reminder kind, an urgent report's hours and the rest
of KINDS, one table per kind with each value in force today, its default, the changes
scheduled and a form for a new version. The rules (today or later, never past a decision
already made) are casework.services.county_policy's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.rules.county_policy import REGULAR_KEYS, Kind
from casework.rules.deadlines import local_date
from casework.services import county_policy
from casework.services.settlement_policy import county_in_scope
from casework.vocabulary import Role
from web.pages import messages
from web.pages.case_labels import REJECTION_CODES, REMINDER_RULES
from web.pages.labels import DIFFICULTIES, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin_policy_kinds", __name__, template_folder="templates",
               url_prefix="/admin/county-policy")  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]

KINDS = {
    "visit-cadence": (Kind.VISIT_CADENCE, _l("Visit cadences"), _l(
        "How often children are visited: regular visits monthly or quarterly by difficulty "
        "category (and for a child with an open report case), the follow-ups of a case in "
        "monitoring, and the pace of home education. The visit lists and the reminders follow "
        "the value in force on each day.")),
    "aid-targets": (Kind.AID_TARGET, _l("Aid targets"), _l(
        "The number of children the county means to aid in a year, shown on the dashboard. "
        "Add a year by entering it.")),
    "rejection-codes": (Kind.REJECTION_CODE, _l("Rejection codes"), _l(
        "The reasons a settlement auditor picks from to reject a claim line: 1 offers a code, "
        "0 withdraws it. Add the county's own code with its wording; a line rejected with a "
        "code keeps it.")),
    "escalation-grace": (Kind.ESCALATION_GRACE, _l("Escalation grace"), _l(
        "Working days a reminder waits on its person before it also goes to their supervisor, "
        "by kind of reminder; an escalation keeps the grace it was made with.")),
    "parent-contact": (Kind.PARENT_CONTACT, _l("Parents' contact"), _l(
        "Days a parent working away may go without contacting a left-behind child before the "
        "child director is reminded.")),
    "aid-budget": (Kind.AID_BUDGET, _l("Aid budget"), _l(
        "The year's rehab-aid budget in yuan (0: none set), against which the money paid is "
        "shown.")),
    "national-entry": (Kind.NATIONAL_ENTRY, _l("National system entry"), _l(
        "Working days after an application is approved within which it must be entered in the "
        "national rehab-aid system; after that the federation's reviewer is reminded "
        "(0: no reminder).")),
    "urgent-hours": (Kind.URGENT_HOURS, _l("Urgent reports"), _l(
        "Hours from its filing within which an urgent mandatory report is accepted or screened "
        "out, counted on the clock, weekends and holidays included (24 by default). Each "
        "report keeps the deadline it was filed with.")),
    "child-categories": (Kind.CHILD_CATEGORY, _l("The county's own categories"), _l(
        "Categories of children the county counts besides those every county has: a code, "
        "its Chinese name and how often a child in it is visited. A clerk sets one on a "
        "child's file with a reason, and the supervisor reviews it; a category no longer "
        "offered stays on the files that have it.")),
}  # fmt: skip
VISIT_FIGURES = {
    "monitoring_days": _l("Follow-up of a case in monitoring, every so many days"),
    "due_soon_days": _l("Shown as due so many days before"),
    "home_visits_a_month": _l("Home education: lessons a month at the least"),
    "home_hours_a_visit": _l("Home education: class hours for a lesson to count"),
    "home_hours_a_year": _l("Home education: class hours a school year at the least"),
}
PERIODS = {1: _l("Monthly"), 3: _l("Quarterly")}
# a county category's value: the cadence of a child in it, or withdrawn
OFFERED = {1: _l("Offered, visited monthly"), 3: _l("Offered, visited quarterly"),
           0: _l("No longer offered")}  # fmt: skip


def key_name(kind: Kind, key: str, own: str = "") -> str:
    if kind is Kind.VISIT_CADENCE and key in REGULAR_KEYS:
        what = key.removeprefix("regular.")
        whom = _l("open report case") if what == "open_report" else label(DIFFICULTIES, what)
        return str(_l("Regular visits: %(whom)s", whom=whom))
    if kind is Kind.VISIT_CADENCE:
        return label(VISIT_FIGURES, key)
    if kind is Kind.REJECTION_CODE:
        return own or label(REJECTION_CODES, key)
    if kind is Kind.CHILD_CATEGORY:
        return own or key
    if kind is Kind.ESCALATION_GRACE:
        return label(REMINDER_RULES, key)
    if kind is Kind.PARENT_CONTACT:
        return str(_l("Days without a parent's contact"))
    if kind is Kind.AID_BUDGET:
        return str(_l("Budget, yuan"))
    if kind is Kind.NATIONAL_ENTRY:
        return str(_l("Working days after approval"))
    if kind is Kind.URGENT_HOURS:
        return str(_l("Hours to accept or screen out an urgent report"))
    return key


def value_name(kind: Kind, key: str, value) -> str:
    if kind is Kind.VISIT_CADENCE and key in REGULAR_KEYS:
        return label(PERIODS, value)
    if kind is Kind.CHILD_CATEGORY and value is not None:
        return label(OFFERED, value)
    return "" if value is None else str(value)


def _kind(slug: str) -> tuple[Kind, str, str]:
    if slug not in KINDS:
        abort(404)
    return KINDS[slug]


@bp.get("", endpoint="start")
@roles_required(ADMIN)
def start():
    return redirect(url_for(".index", slug=next(iter(KINDS))))


@bp.get("/<string:slug>", endpoint="index")
@roles_required(ADMIN)
def index(slug: str, errors: dict | None = None, posted: str = "", status: int = 200):
    kind, title, hint = _kind(slug)
    today = local_date(now())
    county = county_in_scope(actor(), None)
    target = current_app.config["CASEWORK_SETTINGS"].aid_target
    rows = county_policy.table(county, kind, today, aid_target=target)
    for r in rows:
        r["name"] = key_name(kind, r["key"], r["label"])
        r["shown"] = value_name(kind, r["key"], r["value"])
        r["default_shown"] = value_name(kind, r["key"], r["default"])
        r["choices"] = PERIODS if kind is Kind.VISIT_CADENCE and r["key"] in REGULAR_KEYS else (
            OFFERED if kind is Kind.CHILD_CATEGORY else None
        )
    return render_template(
        "admin/county_policy.html",
        kinds={s: t for s, (_, t, _) in KINDS.items()},
        slug=slug,
        kind=kind.value,
        title=title,
        hint=hint,
        rows=rows,
        today=today,
        errors=errors or {},
        posted=posted,
        values=request.form,
        opens_keys=kind in (Kind.AID_TARGET, Kind.REJECTION_CODE, Kind.CHILD_CATEGORY),
        new_choices=OFFERED if kind is Kind.CHILD_CATEGORY else None,
    ), status


@bp.post("/<string:slug>", endpoint="set_value")
@roles_required(ADMIN)
def set_value(slug: str):
    kind, _, _ = _kind(slug)
    form, errors = request.form, {}
    key = form.get("key", "").strip()
    text = form.get("value", "").strip()
    value = int(text) if text.isdigit() else -1  # not a whole number: the service refuses it
    try:
        day = dt.date.fromisoformat(form.get("effective_from", "").strip())
    except ValueError:
        errors["effective_from"] = [str(messages.MARSHMALLOW["Not a valid date."])]
    if not errors:
        try:
            county_policy.set_value(actor(), None, kind, key, value, day, now(),
                                    label=form.get("label", ""))  # fmt: skip
        except Invalid as exc:
            errors = messages.field_errors(exc)
    if errors:
        return index(slug, errors, posted="-new" if form.get("new") else key, status=422)
    message = _l("%(what)s is %(value)s from %(day)s on.", what=key_name(kind, key),
                 value=value_name(kind, key, value), day=day.isoformat())  # fmt: skip
    flash(message, "success")
    return redirect(url_for(".index", slug=slug))
