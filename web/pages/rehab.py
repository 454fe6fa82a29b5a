"""Rehab-aid applications: the reviewer's work queue, the application page, and the forms of
the actions open to the signed-in user (drawn from the REHAB workflow definition)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid, NotPermitted
from casework.queries import institutions
from casework.services import places, rehab
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.rehab import REHAB
from web.access import unmask_for
from web.pages import casefile, documents, messages, navigation
from web.pages.forms import action_fields, payload_from
from web.pages.labels import ACTIONS, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_rehab", __name__, template_folder="templates", url_prefix="/applications")
bp.before_request(require_sign_in)
PER_PAGE = 50
QUEUE_ROLES = [r for r in Role if r not in (Role.SYSTEM, Role.INSTITUTION_STAFF)]
SPECIAL = {"refer": frozenset({"institution_id"})}  # fields the page draws itself

navigation.add("pages_rehab.queue", _l("Applications"), QUEUE_ROLES, order=10)
navigation.set_home("pages_rehab.queue", [Role.REVIEWER, Role.SETTLEMENT_AUDITOR])


@bp.get("")
@roles_required(QUEUE_ROLES)
def queue():
    """Applications in scope, earliest deadline first (so the overdue come first)."""
    filters = _filters()
    rows, total = rehab.list_applications(actor(), now=now(), per_page=PER_PAGE, **filters)
    return render_template(
        "applications/queue.html",
        rows=casefile.queue_rows(rows, now()),
        total=total,
        filters=filters,
        pages=max(1, -(-total // PER_PAGE)),
        states=[s.value for s in REHAB.states],
        townships=[p for p in places.places_in(actor()) if p.level == PlaceLevel.TOWNSHIP],
    )


def _filters() -> dict:
    args = request.args
    state = args.get("state") or None
    if state and state not in {s.value for s in REHAB.states}:
        state = None
    overdue = {"yes": True, "no": False}.get(args.get("overdue", ""))
    place_id = args.get("place_id", type=int)
    page = max(1, args.get("page", 1, type=int))
    return {"state": state, "place_id": place_id, "overdue": overdue, "page": page}


@bp.get("/<int:application_id>")
def show(application_id: int):
    record = rehab.get_application(actor(), application_id)
    unmask_for(actor(), "rehab", application_id, record.application.county_id)
    file = casefile.application_file(record)
    return render_template(
        "applications/show.html",
        record=record,
        file=file,
        papers=documents.panel("rehab", application_id),
        agreement_papers=documents.panel("agreement", file["agreement"].id)
        if file["agreement"]
        else None,
        buttons=[_button(record, name) for name in record.open_actions],
    )


def _button(record, name: str) -> dict:
    action = REHAB.action(name)
    specs = action_fields(action, SPECIAL.get(name, frozenset()))
    eligible = record.application.eligibility.get("eligible", False)
    # one click when nothing is asked; approving an ineligible application asks for a reason
    inline = eligible if name == "approve" else not specs and name not in SPECIAL
    return {"name": name, "label": label(ACTIONS, name), "inline": inline}


@bp.route("/<int:application_id>/actions/<name>", methods=["GET", "POST"])
def act(application_id: int, name: str):
    action = REHAB.action(name)
    if action is None or not action.sources:
        abort(404)
    record = rehab.get_application(actor(), application_id)
    specs = action_fields(action, SPECIAL.get(name, frozenset()))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        extra = _special_payload(name, form)
        try:
            rehab.act(
                actor(),
                application_id,
                name,
                now=now(),
                reason=form.get("reason", ""),
                payload=payload_from(form, specs, extra) if action.payload else None,
                expected_version=form.get("expected_version", type=int),
            )
        except Invalid as exc:
            errors = messages.form_errors(exc)
        except Conflict as exc:
            flash(messages.for_error(exc), "error")
            return redirect(url_for(".show", application_id=application_id))
        else:
            flash(_l("Done: %(action)s.", action=label(ACTIONS, name)), "success")
            return redirect(url_for(".show", application_id=application_id))
    if name not in record.open_actions:
        if actor().role not in action.roles:
            raise NotPermitted("your role may not open this page")
        flash(messages.translate(f"{name} is not possible in state {record.state}"), "error")
        return redirect(url_for(".show", application_id=application_id))
    return render_template(
        "applications/action.html",
        record=record,
        action=action,
        action_label=label(ACTIONS, name),
        specs=specs,
        values=_initial(record, name) | request.form.to_dict(),
        checked=_checked(record, name),
        errors=errors,
        candidates=_candidates(record) if name == "refer" else [],
        file=casefile.application_file(record),
    ), (422 if errors else 200)


def _special_payload(name: str, form) -> dict:
    """The institution only when the reviewer picked another than the one proposed: the
    proposal (the guardian's choice, else the nearest with room) is what the engine picks."""
    chosen = form.get("institution_id")
    if name == "refer" and chosen and chosen != form.get("proposed_institution_id"):
        return {"institution_id": chosen}
    return {}


def _initial(record, name: str) -> dict:
    today = casefile.local_today(now()).isoformat()
    if name in ("sign_agreement",):
        return {"signed_on": today, "guardian_name": record.application.applicant_name}
    if name == "record_plan":
        return {"assessed_on": today, "starts_on": today, "planned_months": "10"}
    if name in ("report_dropout", "complete"):
        return {"dropped_on": today, "completed_on": today, "last_month": today[:7]}
    if name == "record_attendance":
        return {"month": today[:7]}
    return {}


def _checked(record, name: str) -> set[str]:
    if name in ("record_documents", "resubmit"):
        return {k for k, received in rehab.documents(record.application).items() if received}
    return set()


def _candidates(record) -> list[dict]:
    application = record.application
    items = [i.aid_item for i in application.items]
    declined = {r.institution_id for r in application.referrals if r.answer == "declined"}
    found = institutions.candidates(application.county_id, items, application.place)
    chosen = application.preferred_institution_id
    if chosen in declined or chosen not in {c.institution.id for c in found}:
        chosen = next(
            (c.institution.id for c in found if c.has_room and c.institution.id not in declined),
            None,
        )
    return [
        {
            "candidate": c,
            "declined": c.institution.id in declined,
            "preferred": c.institution.id == application.preferred_institution_id,
            "checked": c.institution.id == chosen,
        }
        for c in found
    ]
