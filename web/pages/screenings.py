"""Village screening (排查) on the pages: the county's rounds (the case worker launches one),
progress per township and village, and a village's list for its child director on a phone:
each child on file with a result to record, the families without a file, and "village done"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid, NotFound
from casework.services import screening
from casework.vocabulary import Role, ScreeningResult
from web.pages import casefile, messages, navigation
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_screenings", __name__, template_folder="templates", url_prefix="/screenings")
bp.before_request(require_sign_in)
READERS = sorted(screening.READERS)
RESULTS = [r.value for r in ScreeningResult]

navigation.add("pages_screenings.index", _l("Screening"), READERS, order=44)


def _errors(exc: Invalid | Conflict | NotFound) -> dict[str, list[str]]:
    if isinstance(exc, Invalid):
        return messages.form_errors(exc)
    if isinstance(exc, NotFound) and exc.params.get("record") in ("child", "report case"):
        # the child's file or the report typed does not exist (or is outside the area)
        field = "child_id" if exc.params["record"] == "child" else "report_case_id"
        return {field: [messages.for_error(exc)]}
    return {"_": [messages.for_error(exc)]}


@bp.route("", methods=["GET", "POST"])
@roles_required(READERS)
def index():
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        payload = {k: request.form.get(k, "").strip() for k in ("title", "starts_on", "ends_on")}
        try:
            launched = screening.launch(actor(), payload, now())
        except Invalid as exc:
            errors = _errors(exc)
        else:
            flash(_l("The screening has been launched in every village."), "success")
            return redirect(url_for(".show", screening_id=launched.id))
    rounds = screening.list_screenings(actor())
    if actor().role == Role.CHILD_DIRECTOR and rounds and request.method == "GET":
        # a director's one concern: their village's list in the latest round
        return redirect(url_for(".village", screening_id=rounds[0].id, village_id=actor().place_id))
    return render_template(
        "screenings/index.html",
        rounds=rounds,
        today=casefile.local_today(now()),
        can_launch=actor().role in screening.LAUNCHERS,
        errors=errors,
        form=request.form,
    ), (422 if errors else 200)


@bp.get("/<int:screening_id>")
@roles_required(READERS)
def show(screening_id: int):
    found = screening.progress(actor(), screening_id, casefile.local_today(now()))
    return render_template("screenings/show.html", found=found, results=RESULTS)


@bp.route("/<int:screening_id>/villages/<int:village_id>", methods=["GET", "POST"])
@roles_required(READERS)
def village(screening_id: int, village_id: int):
    errors: dict[str, list[str]] = {}
    failed_for = None  # the form that failed: its child's id, or "household"
    if request.method == "POST":
        form = request.form
        if form.get("link"):  # the file opened for a family found without one
            entry_id = form.get("link", type=int) or 0
            payload = {"child_id": form.get("child_id", "").strip() or None}
            try:
                screening.link_file(actor(), screening_id, entry_id, payload, now())
            except (Invalid, Conflict, NotFound) as exc:
                errors, failed_for = _errors(exc), f"link-{entry_id}"
            else:
                flash(_l("The file is linked: the family counts as registered."), "success")
                return redirect(url_for(".village", screening_id=screening_id,
                                        village_id=village_id))  # fmt: skip
        elif form.get("done") == "yes":
            try:
                screening.complete(actor(), screening_id, village_id, now())
            except Conflict as exc:
                errors, failed_for = _errors(exc), "done"
            else:
                flash(_l("The village's screening is done."), "success")
                return redirect(url_for(".village", screening_id=screening_id,
                                        village_id=village_id))  # fmt: skip
        else:
            payload = {
                k: form.get(k, "").strip()
                for k in ("result", "note", "household", "report_case_id", "screened_on")
            }
            payload = {k: v for k, v in payload.items() if v}  # fmt: skip
            child_id = form.get("child_id", type=int)
            payload |= {"child_id": child_id} if child_id else {"place_id": village_id}
            try:
                screening.record(actor(), screening_id, payload, now())
            except (Invalid, Conflict, NotFound) as exc:
                errors, failed_for = _errors(exc), child_id or "household"
                if "child_id" in errors:  # no such child on the list: said above it
                    errors, failed_for = {"_": errors["child_id"]}, None
            else:
                flash(_l("Recorded as screened."), "success")
                return redirect(url_for(".village", screening_id=screening_id,
                                        village_id=village_id) + "#left")  # fmt: skip
    found = screening.village_list(actor(), screening_id, village_id)
    return render_template(
        "screenings/village.html",
        found=found,
        results=RESULTS,
        left=sum(1 for _, entry in found.children if entry is None),
        can_record=actor().role in screening.SCREENERS,
        errors=errors,
        failed_for=failed_for,
        form=request.form,
        today=casefile.local_today(now()),
    ), (422 if errors else 200)
