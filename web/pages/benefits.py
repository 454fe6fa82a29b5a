"""The benefits on a child's file, on the child's page: the list for whoever reads the file,
and the windows' form to record one (the county's benefit list to choose from, the amount per
month or once, the dates). The rules are casework.services.benefits'."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.models import ChildBenefit
from casework.rules.money import format_yuan
from casework.services import benefits, children
from casework.workflows.benefit_payloads import BenefitChange, BenefitPayload
from web.pages import messages, pickers
from web.pages.forms import payload_from, schema_fields
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_benefits", __name__, template_folder="templates", url_prefix="/children")
bp.before_request(require_sign_in)


def on_file(child) -> dict:
    """What the child's page shows of the benefits: the rows, and whether to offer the form."""
    return {
        "benefits": benefits.for_child(actor(), child.id),
        "can_record_benefit": actor().role in benefits.RECORDERS,
    }


@bp.route("/<int:child_id>/benefits/new", methods=["GET", "POST"], endpoint="new")
@roles_required(sorted(benefits.RECORDERS))
def new(child_id: int):
    child = children.get_child(actor(), child_id)
    specs = _form(BenefitPayload)
    values = request.form.to_dict() if request.method == "POST" else request.args.to_dict()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            benefits.record(actor(), child.id, payload_from(request.form, specs), now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("Done: %(action)s.", action=_l("Record a benefit")), "success")
            return redirect(url_for("pages_children.show", child_id=child.id) + "#benefits")
    pickers.fill(specs, values)
    return render_template(
        "cases/new.html",
        title=_l("Record a benefit"),
        specs=specs,
        values=values,
        errors=errors,
        back=url_for("pages_children.show", child_id=child.id),
        workflow_title=child.name,
    ), (422 if errors else 200)


@bp.route("/<int:child_id>/benefits/<int:benefit_id>", methods=["GET", "POST"],
          endpoint="change")  # fmt: skip
@roles_required(sorted(benefits.RECORDERS))
def change(child_id: int, benefit_id: int):
    """A benefit's later news: granted or refused, its amount known, ended on a day."""
    child = children.get_child(actor(), child_id)
    row = ChildBenefit.get_or_none(id=benefit_id, child=child.id)
    if row is None:
        return redirect(url_for("pages_children.show", child_id=child.id))
    specs = _form(BenefitChange)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            benefits.change(actor(), row.id, payload_from(request.form, specs), now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("Done: %(action)s.", action=_l("Update")), "success")
            return redirect(url_for("pages_children.show", child_id=child.id) + "#benefits")
    else:
        values = {name: _shown(getattr(row, name)) for name in benefits.CHANGED}
    return render_template(
        "cases/new.html",
        title=_l("Update"),
        specs=specs,
        values=values,
        errors=errors,
        back=url_for("pages_children.show", child_id=child.id),
        workflow_title=child.name,
    ), (422 if errors else 200)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_yuan(value)  # the one integer field: the amount, in fen
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _form(schema) -> list:
    """The schema's form; its `period` is what an amount is counted per, not a settlement's."""
    specs = schema_fields(schema)
    for spec in specs:
        if spec.name == "period":
            spec.label = str(_l("Per"))
    return specs
