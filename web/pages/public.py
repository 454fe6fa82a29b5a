"""The public report form: anyone who finds a child in danger reports it, without an account.
Rate limited per client address; the report lands in `reported` for the county's case worker."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid, TooManyRequests
from casework.services import public_reports
from casework.vocabulary import HarmType, PlaceLevel
from web import security
from web.pages import messages
from web.pages.session import now

bp = Blueprint("pages_public", __name__, template_folder="templates")
DEFAULT_LIMIT = (5, dt.timedelta(hours=1))  # reports per address per hour
FIELDS = ("reporter_name", "reporter_phone", "reporter_organisation", "place_id", "harm_type",
          "child_description", "facts")  # fmt: skip


@bp.route("/report", methods=["GET", "POST"])
def report():
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        limit, window = current_app.config.get("PUBLIC_REPORT_LIMIT", DEFAULT_LIMIT)
        try:  # per client address, as web/security.py reads it (CASEWORK_TRUSTED_PROXIES)
            security.limit_per_address("public-report", limit, window.total_seconds())
        except TooManyRequests as exc:
            message = messages.say("too_many_reports")
            # the real wait (up to the window, an hour), not web/security.py's default minute
            wait = {"Retry-After": str(exc.retry_after)}
            return render_template("public/report.html", errors={"_": [message]}, form=form,
                                   **_choices()), 429, wait  # fmt: skip
        payload = {name: form.get(name, "").strip() for name in FIELDS}
        payload["place_id"] = form.get("place_id", type=int)
        payload["urgent"] = form.get("urgent") == "yes"
        try:
            case = public_reports.file_public_report(payload, now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            return render_template("public/thanks.html", case=case)
    return render_template("public/report.html", errors=errors, form=form, **_choices()), (
        422 if errors else 200
    )


def _choices() -> dict:
    everything = public_reports.places()
    counties = {p.id: p.name for p in everything if p.level == PlaceLevel.COUNTY}
    names = {p.id: p.name for p in everything}
    places = [
        {"id": p.id, "county": counties.get(p.county_id, ""), "name": _full_name(p, names)}
        for p in everything
        if p.level != PlaceLevel.COUNTY
    ]
    return {
        "places": places,
        "harm_types": [h.value for h in HarmType],
        "title": _l("Report a child in danger"),
    }


def _full_name(place, names: dict[int, str]) -> str:
    """ "Township · Village", so two villages of the same name can be told apart."""
    parts = [int(i) for i in place.path.strip("/").split("/")[1:]]
    return " · ".join(names[i] for i in parts if i in names)
