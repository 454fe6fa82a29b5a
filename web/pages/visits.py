"""Visits in the field, made for a phone: "my visits due and overdue", and recording a visit
to a child or a report case (home education: class hours and subject)."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid
from casework.rules import visit_risks
from casework.services import area_figures, children, reports, visit_schedule, visits
from casework.vocabulary import HarmType, ParentsContact, RiskFlag, Role, Schooling, VisitKind
from web.idempotency import idempotent
from web.pages import casefile, messages, navigation, pickers
from web.pages.offline import wants_json
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_visits", __name__, template_folder="templates", url_prefix="/visits")
bp.before_request(require_sign_in)
VISITORS = sorted({r for roles in visits.VISITORS.values() for r in roles})
FIELD_ROLES = [Role.CHILD_DIRECTOR, Role.TEACHER]
CHECKERS = {Role.CHILD_SUPERVISOR, Role.CASE_WORKER}  # see the visits flagged from phones

navigation.add("pages_visits.due", _l("My visits"), VISITORS, order=42)
# the township's supervisor too: the figures of their area head the page (area_figures)
navigation.set_home("pages_visits.due", [*FIELD_ROLES, Role.CHILD_SUPERVISOR])


def kinds_for(role: Role) -> list[str]:
    return [k.value for k in VisitKind if role in visits.VISITORS[k]]


@bp.get("")
@roles_required(VISITORS)
def due():
    today = casefile.local_today(now())
    rows = visit_schedule.due_visits(actor(), today)
    return render_template(
        "visits/due.html",
        rows=rows,
        today=today,
        overdue=sum(1 for r in rows if r.status == "overdue"),
        policy=visit_schedule.policy_for(actor(), today),
        flagged=visits.flagged_visits(actor()) if actor().role in CHECKERS else [],
        figures=area_figures.of_area(actor(), today),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(VISITORS)
@idempotent(actor)
def new():
    kinds = kinds_for(actor().role)
    source = request.form if request.method == "POST" else request.args
    child_id, case_id = source.get("child_id", type=int), source.get("case_id", type=int)
    # sent from the phone's outbox: the child may have moved meanwhile (the service flags it)
    offline = request.method == "POST" and request.form.get("captured_offline") == "yes"
    child = children.get_child(actor(), child_id) if child_id and not offline else None  # 403
    case = reports.get_report(actor(), case_id).case if case_id else None
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        texts = ("visited_on", "kind", "findings", "next_steps", "subject", "class_hours")
        texts += ("carer", "schooling", "health", "safety", "needs", "parents_contact")
        payload = {k: request.form.get(k, "").strip() for k in texts}
        payload = {k: v for k, v in payload.items() if v} | {
            "child_id": child_id,
            "case_id": case_id,
            "risk_flags": request.form.getlist("risk_flags"),
        }
        adequate = request.form.get("care_adequate")
        if adequate in ("yes", "no"):
            payload["care_adequate"] = adequate == "yes"
        # "file the report now": the visit and its report in one transaction
        report = {} if request.form.get("file_report") == "yes" else None
        try:
            visit = visits.record_visit(
                actor(), payload, now(), report=report, captured_offline=offline
            )
        except (Invalid, Conflict) as exc:
            errors = _errors(exc)
            if wants_json():  # the phone's outbox: what was refused, to show beside the item
                said = {k: [str(m) for m in v] for k, v in errors.items()}
                return jsonify({"errors": said}), 409 if isinstance(exc, Conflict) else 422
        else:
            if wants_json():  # the phone's outbox
                return jsonify({"id": visit.id, "flag": visit.flag}), 201
            if visit.opened_report_id:
                flash(_l("The visit and its mandatory report have been recorded."), "success")
                return redirect(url_for("pages_reports.show", case_id=visit.opened_report_id))
            flash(_l("The visit has been recorded."), "success")
            if visit.risk_flags:  # the report its risks call for, one step away
                return redirect(url_for(".show", visit_id=visit.id))
            if case_id:
                return redirect(url_for("pages_reports.show", case_id=case_id))
            return redirect(url_for(".due"))
    default_kind = "monitoring" if case_id else kinds[0]
    # a child already chosen (or the case's) is shown as fixed: the picker only without one
    choices, search_url = ([], None) if (child or case) else pickers.child_picker()
    return render_template(
        "visits/new.html",
        errors=errors,
        form=request.form,
        kinds=kinds,
        kind=source.get("kind") if source.get("kind") in kinds else default_kind,
        child=child,
        case=case,
        today=casefile.local_today(now()).isoformat(),
        choices=choices,
        search_url=search_url,
        **FINDING_CHOICES,
    ), (422 if errors else 200)


def _errors(exc: Invalid | Conflict) -> dict[str, list[str]]:
    """The fields' errors, or a refusal of the whole (the report filed meanwhile) as "_"."""
    if isinstance(exc, Invalid):
        return messages.form_errors(exc)
    return {"_": [messages.for_error(exc)]}


FINDING_CHOICES = {
    "schooling_choices": [s.value for s in Schooling],
    "contact_choices": [c.value for c in ParentsContact],
    "flag_choices": [f.value for f in RiskFlag],
    "reportable_flags": [f.value for f in visit_risks.REPORTED_AS],
}


@bp.route("/<int:visit_id>", methods=["GET", "POST"])
@roles_required(VISITORS)
def show(visit_id: int):
    """A visit as recorded; with risks and no report yet, the report they call for, filled
    in from the visit, to file in one step."""
    visit = visits.visible_visit(actor(), visit_id)
    draft = visits.report_draft(visit) if visit.risk_flags and not visit.opened_report_id else None
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and draft is not None:
        payload = {k: request.form.get(k, "").strip() for k in ("harm_type", "facts")}
        payload = {k: v for k, v in payload.items() if v}
        payload["urgent"] = request.form.get("urgent") == "yes"
        try:
            case = visits.open_report(actor(), visit.id, payload, now())
        except (Invalid, Conflict) as exc:
            errors = _errors(exc)
        else:
            flash(_l("The mandatory report has been filed."), "success")
            return redirect(url_for("pages_reports.show", case_id=case.id))
    child = visit.child if visit.child_id else None
    return render_template(
        "visits/show.html",
        visit=visit,
        child=child,
        draft=draft,
        form=request.form if request.method == "POST" else {},
        errors=errors,
        harms=[h.value for h in HarmType],
    ), (422 if errors else 200)
