"""The county admin's policy page: the billing cycle, the subsidy standards in force for an aid
year, and the deadlines, each changeable where the API allows it. The services keep the rules:
a new standard applies from its aid year on and never alters a claim already computed
(settlement_policy.py); a new deadline applies to cases entering a state afterwards
(deadline_policy.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.rules.money import MoneyError, parse_yuan
from casework.rules.periods import Cycle
from casework.rules.subsidy import is_monthly
from casework.services import deadline_policy
from casework.services import settlement_policy as policy
from casework.vocabulary import Role
from web.pages import messages
from web.pages.labels import AID_ITEMS, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin_policy", __name__, template_folder="templates",
               url_prefix="/admin/policy")  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]
CYCLES = {"monthly": _l("Monthly"), "quarterly": _l("Quarterly")}
UNITS = {"workdays": _l("Working days"), "days": _l("Calendar days"), "hours": _l("Hours")}
DEADLINES = {
    "review": _l("Reviewing an application"),
    "referral_answer": _l("An institution answering a referral"),
    "agreement": _l("Signing the rehab agreement"),
    "rehab_plan": _l("Assessment and rehab plan"),
    "claim_submission": _l("Submitting a claim after its period"),
    "federation_audit": _l("The federation auditing a claim"),
    "finance_payment": _l("Finance paying a claim"),
    "report_acceptance": _l("Accepting a report"),
    "emergency_response": _l("The emergency response to an urgent report"),
    "assessment": _l("Assessing a report case"),
    "assistance_plan": _l("The assistance plan of a report case"),
    "escalation_grace": _l("Grace after a reminder reaches its person before it is escalated"),
    "snooze": _l("Longest snooze of a reminder (twice at most)"),
    "attendance": _l("Recording a month's attendance, from the month's last day"),
}


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index(errors: dict | None = None, posted: str = "", status: int = 200):
    """`errors` and `posted` (the row sent) show a refused change next to its row."""
    year = _year(request.values.get("year"))
    county = policy.county_in_scope(actor(), None)
    return render_template(
        "admin/policy.html",
        year=year,
        cycle=policy.cycle_of(county).value,
        cycles=[(c.value, label(CYCLES, c.value)) for c in Cycle],
        standards=[_standard(s) for s in policy.standards(county, year).values()],
        deadlines=[_deadline(e) for e in _in_step_order(deadline_policy.county_policy(county))],
        errors=errors or {},
        posted=posted,
        values=request.form,
    ), status


def _year(text: str | None) -> int:
    try:
        year = int(text or "")
    except ValueError:
        return now().year
    return year if policy.FIRST_YEAR <= year <= policy.LAST_YEAR else now().year


def _standard(found) -> dict:
    return {
        "item": found.aid_item.value,
        "name": label(AID_ITEMS, found.aid_item.value),
        "amount": found.standard.amount,
        "monthly": found.standard.monthly,
        "is_monthly": is_monthly(found.aid_item),
        "since": found.since_year,
    }


def _in_step_order(entries: list) -> list:
    """The deadlines in the order a case meets them (DEADLINES), any new one last."""
    order = list(DEADLINES)
    return sorted(entries, key=lambda e: order.index(e.name) if e.name in order else len(order))


def _deadline(entry) -> dict:
    return {
        "name": entry.name,
        "label": label(DEADLINES, entry.name),
        "amount": entry.amount,
        "unit": entry.unit,
        # an hours deadline stays in hours, a days deadline in days (the service refuses else)
        "units": [(u, label(UNITS, u)) for u in UNITS if (u == "hours") == (entry.unit == "hours")],
        "default": _length(entry.default_amount, entry.default_unit),
        "overridden": entry.overridden,
    }


def _length(amount: int, unit: str) -> str:
    if unit == "hours":
        return str(_l("%(n)s hours", n=amount))
    if unit == "workdays":
        return str(_l("%(n)s working days", n=amount))
    return str(_l("%(n)s days", n=amount))


@bp.post("/cycle", endpoint="set_cycle")
@roles_required(ADMIN)
def set_cycle():
    try:
        cycle = policy.set_cycle(actor(), None, request.form.get("cycle", ""), now())
    except Invalid as exc:
        return index(messages.field_errors(exc), posted="cycle", status=422)
    flash(_l("The billing cycle is now: %(cycle)s.", cycle=label(CYCLES, cycle.value)), "success")
    return redirect(url_for(".index", year=request.form.get("year")))


@bp.post("/standards/<int:aid_year>/<string:aid_item>", endpoint="set_standard")
@roles_required(ADMIN)
def set_standard(aid_year: int, aid_item: str):
    form, errors = request.form, {}
    amounts = {}
    for name in ("amount", "monthly_amount"):
        text = form.get(name, "").strip()
        try:
            amounts[name] = parse_yuan(text) if text else None
        except MoneyError:
            errors[name] = [messages.say("not_an_amount")]
    if amounts.get("amount") is None and "amount" not in errors:
        errors["amount"] = [messages.say("required")]
    if not errors:
        try:
            policy.set_standard(actor(), None, aid_year, aid_item, amounts["amount"],
                                amounts["monthly_amount"], now())  # fmt: skip
        except Invalid as exc:
            errors = messages.field_errors(exc)
    if errors:
        return index(errors, posted=f"standard.{aid_item}", status=422)
    flash(_l("The standard for %(item)s applies from aid year %(year)s on.",
             item=label(AID_ITEMS, aid_item), year=aid_year), "success")  # fmt: skip
    return redirect(url_for(".index", year=aid_year))


@bp.post("/deadlines/<string:name>", endpoint="set_deadline")
@roles_required(ADMIN)
def set_deadline(name: str):
    form = request.form
    text = form.get("amount", "").strip()
    amount = int(text) if text.isdigit() else -1  # not a whole number: the service refuses it
    try:
        deadline_policy.set_deadline(actor(), name, amount, form.get("unit", ""), now())
    except Invalid as exc:
        return index(messages.field_errors(exc), posted=f"deadline.{name}", status=422)
    flash(_l("The deadline “%(name)s” applies to cases from now on.",
             name=label(DEADLINES, name)), "success")  # fmt: skip
    return redirect(url_for(".index", year=form.get("year")))
