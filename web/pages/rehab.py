"""Rehab-aid applications: the reviewer's work queue, the application page, and the pages of
the actions open to the signed-in user (web/pages/actions.py, with the hints of
web/pages/hints.py): the referral's form lists the institutions to choose from."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from casework.queries import institutions
from casework.services import places, rehab
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.claim import READERS as CLAIM_READERS
from casework.workflows.rehab import REHAB
from web.access import unmask_for
from web.pages import actions, casefile, documents, navigation, transfer_links
from web.pages.actions import CasePages
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_rehab", __name__, template_folder="templates", url_prefix="/applications")
bp.before_request(require_sign_in)
PER_PAGE = 50
QUEUE_ROLES = [r for r in Role if r not in (Role.SYSTEM, Role.INSTITUTION_STAFF)]

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
        buttons=actions.buttons(PAGES, record),
        claim_links=actor().role in CLAIM_READERS,
        transfers_here=transfer_links.panel("rehab_application_id", application_id),
    )


def _chosen_institution(form) -> dict:
    """The institution only when the reviewer picked another than the one proposed: the
    proposal (institutions.referral_options) is what the engine picks by itself."""
    chosen = form.get("institution_id")
    if chosen and chosen != form.get("proposed_institution_id"):
        return {"institution_id": chosen}
    return {}


def _action_context(record, form) -> dict:
    """The application beside every action's form; the candidates beside the referral's."""
    found = {"file": casefile.application_file(record), "summary": "applications/_file.html"}
    found["heading_more"] = found["file"]["child"].name
    if form.name == "refer":
        found["candidates"] = _candidates(record, form.values.get("institution_id"))
    return found


def _candidates(record, typed: str | None) -> list[dict]:
    options = institutions.referral_options(record.application)
    proposed = options.proposed.institution.id if options.proposed else None
    checked = int(typed) if typed and typed.isdigit() else proposed
    return [
        {
            "candidate": c,
            "declined": c.institution.id in options.declined,
            "preferred": c.institution.id == options.preferred,
            "proposed": c.institution.id == proposed,
            "checked": c.institution.id == checked,
        }
        for c in options.candidates
    ]


PAGES = CasePages(
    REHAB,
    load=rehab.get_application,
    act=rehab.act,
    case_id="application_id",
    show="pages_rehab.show",
    index="pages_rehab.queue",
    payloads={"refer": _chosen_institution},
    context=_action_context,
)
actions.register(bp, PAGES)
