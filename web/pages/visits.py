"""Visits in the field, made for a phone: "my visits due and overdue", and recording a visit
to a child or a report case (home education: class hours and subject)."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.rules import visits as rules
from casework.services import children, reports, visit_schedule, visits
from casework.vocabulary import Role, VisitKind
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
navigation.set_home("pages_visits.due", FIELD_ROLES)


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
        policy=rules.DEFAULT_POLICY,
        flagged=visits.flagged_visits(actor()) if actor().role in CHECKERS else [],
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
        payload = {
            k: request.form.get(k, "").strip()
            for k in ("visited_on", "kind", "findings", "next_steps", "subject", "class_hours")
        }
        payload = {k: v for k, v in payload.items() if v} | {
            "child_id": child_id,
            "case_id": case_id,
        }
        try:
            visit = visits.record_visit(actor(), payload, now(), captured_offline=offline)
        except Invalid as exc:
            errors = messages.form_errors(exc)
            if wants_json():
                return jsonify({"errors": {k: [str(m) for m in v] for k, v in errors.items()}}), 422
        else:
            if wants_json():  # the phone's outbox
                return jsonify({"id": visit.id, "flag": visit.flag}), 201
            flash(_l("The visit has been recorded."), "success")
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
    ), (422 if errors else 200)
