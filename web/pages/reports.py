"""Mandatory-report cases for signed-in users: file a report (anyone may), the list of cases
in one's area, a case's page, and the pages of the actions open to the user
(web/pages/actions.py), laid out for phones."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.rules.deadlines import local_date
from casework.services import places, reports, visits
from casework.vocabulary import HarmType, PlaceLevel, Role
from casework.workflows.report import PROTECTION_ROLES, REPORT, ReportState
from web.access import unmask_for
from web.idempotency import idempotent
from web.pages import actions, casefile, documents, messages, navigation, pickers, transfer_links
from web.pages.actions import CasePages
from web.pages.offline import wants_json
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_reports", __name__, template_folder="templates", url_prefix="/reports")
bp.before_request(require_sign_in)
FILERS = sorted(REPORT.action("file").roles)
WATCHERS = sorted(PROTECTION_ROLES)
FIELDS = ("reporter_name", "reporter_organisation", "reporter_phone", "child_description",
          "harm_type", "facts")  # fmt: skip


navigation.add("pages_reports.index", _l("Report cases"), WATCHERS, order=40)
navigation.add("pages_reports.new", _l("File a report"), [*WATCHERS, Role.TEACHER], order=41)
navigation.set_home("pages_reports.index", [Role.CASE_WORKER])


@bp.get("")
@roles_required(FILERS)
def index():
    state = request.args.get("state", "")
    state = state if state in set(ReportState) else ""
    overdue = True if request.args.get("overdue") == "yes" else None
    rows, total = reports.list_reports(actor(), now=now(), state=state or None, overdue=overdue,
                                       per_page=200)  # fmt: skip
    return render_template(
        "reports/index.html",
        rows=rows,
        total=total,
        state=state,
        overdue=overdue,
        states=list(ReportState),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(FILERS)
@idempotent(actor)
def new():
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        payload = {name: form.get(name, "").strip() for name in FIELDS}
        payload |= {
            "place_id": form.get("place_id", type=int),
            "child_id": form.get("child_id", type=int),
            "urgent": form.get("urgent") == "yes",
        }
        try:
            case = reports.file_report(actor(), payload, now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
            if wants_json():
                return jsonify({"errors": {k: [str(m) for m in v] for k, v in errors.items()}}), 422
        else:
            if wants_json():  # the phone's outbox
                return jsonify({"id": case.id}), 201
            flash(_l("The report has been filed as case %(id)s.", id=case.id), "success")
            return redirect(url_for(".show", case_id=case.id))
    defaults = {"reporter_name": actor().name, "child_id": request.args.get("child_id", "")}
    chosen = form.get("child_id", defaults["child_id"])
    choosing = actor().role in pickers.CHILD_PICKERS
    choices, search_url = pickers.child_picker(chosen) if choosing else (None, None)
    return render_template(
        "reports/new.html",
        errors=errors,
        form=form,
        defaults=defaults,
        children=choices,
        chosen=chosen,
        search_url=search_url,
        places=_places(),
        harm_types=[h.value for h in HarmType],
        urgent_hours=reports.urgent_hours(actor(), local_date(now())),
    ), (422 if errors else 200)


def _places():
    """Townships and villages of the user's county, the user's own area first."""
    mine = actor().place_path or ""
    found = [p for p in places.places_in(actor()) if p.level != PlaceLevel.COUNTY]
    return sorted(found, key=lambda p: (not (mine and p.path.startswith(mine)), p.path))


@bp.get("/<int:case_id>")
@roles_required(FILERS)
def show(case_id: int):
    record = reports.read(actor(), case_id)
    if isinstance(record, reports.ReportReceipt):
        return render_template("reports/receipt.html", case=record)
    unmask_for(actor(), "report", case_id, record.case.county_id)  # the reporter's phone
    buttons = actions.buttons(PAGES, record)
    return render_template(
        "reports/show.html",
        record=record,
        case=record.case,
        buttons=buttons,
        history=[casefile._event(e) for e in reversed(record.history)],
        can_visit=visits.may_follow_up(actor(), record.state),
        filer=casefile.user_name(record.case.reported_by_id),
        papers=documents.panel("report", case_id),
        transfers_here=transfer_links.panel("report_case_id", case_id),
        visit_transfer_url=lambda visit_id: transfer_links.new_url("visit_id", visit_id),
    )


PAGES = CasePages(
    REPORT,
    load=reports.get_report,
    act=reports.act,
    case_id="case_id",
    show="pages_reports.show",
    index="pages_reports.index",
    page_class="field-page",
    roles=FILERS,
)
actions.register(bp, PAGES)
