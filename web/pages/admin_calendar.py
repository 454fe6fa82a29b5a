"""The admin's holiday calendar page (节假日安排): a year's days off and adjusted working days
as deadlines count them, where they come from (entered here, or the package's data), entered
as a whole year or imported from a CSV of date,kind rows. The service keeps the rules and
recomputes the open deadlines a change moves (casework/services/holiday_calendar.py)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import FieldError, Invalid
from casework.rules import calendar as rules
from casework.services import holiday_calendar
from casework.vocabulary import Role
from web.pages import messages
from web.pages.casefile import local_today
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin_calendar", __name__, template_folder="templates",
               url_prefix="/admin/calendar")  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]
SOURCES = {
    "kept": _l("Entered by the administrator"),
    "package": _l("From the software's built-in data: check it against the State Council's notice"),
    "none": _l("Not entered: deadlines count Monday to Friday"),
}


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index(errors: dict | None = None, status: int = 200):
    year = _year(request.values.get("year"))
    view = holiday_calendar.year_view(year)
    posted = request.form if errors else {}
    return render_template(
        "admin/calendar.html",
        year=year,
        view=view,
        source=SOURCES[view.source.value],
        days_off=posted.get("days_off", "\n".join(d.isoformat() for d in view.days_off)),
        working_days=posted.get(
            "working_days", "\n".join(d.isoformat() for d in view.working_days)
        ),  # fmt: skip
        reason=posted.get("reason", ""),
        missing=holiday_calendar.missing_next_year(local_today(now())),
        errors=errors or {},
    ), status


def _year(text: str | None) -> int:
    try:
        year = int(text or "")
    except ValueError:
        return local_today(now()).year
    return year if rules.FIRST_YEAR <= year <= rules.LAST_YEAR else local_today(now()).year


@bp.post("/<int:year>", endpoint="set_year")
@roles_required(ADMIN)
def set_year(year: int):
    form = request.form
    off, off_errors = _dates(form.get("days_off", ""))
    working, working_errors = _dates(form.get("working_days", ""))
    errors = {}
    if off_errors:
        errors["days"] = off_errors
    if working_errors:
        errors["working_days"] = working_errors
    if not errors:
        try:
            entered = holiday_calendar.set_year(actor(), year, off, working, now(),
                                                form.get("reason", ""))  # fmt: skip
        except Invalid as exc:
            errors = messages.field_errors(exc) or {"_": [messages.for_error(exc)]}
    if errors:
        return index(errors, status=422)
    flash(_l("The calendar of %(year)s is saved; %(n)s open deadlines were recomputed.",
             year=year, n=len(entered.recomputed)), "success")  # fmt: skip
    return redirect(url_for(".index", year=year))


@bp.post("/import", endpoint="import_csv")
@roles_required(ADMIN)
def import_csv():
    upload = request.files.get("file")
    text = upload.read().decode("utf-8", errors="replace") if upload else ""
    try:
        entered = holiday_calendar.import_csv(actor(), text, now(), request.form.get("reason", ""))
    except Invalid as exc:
        return index(messages.field_errors(exc) or {"_": [messages.for_error(exc)]}, status=422)
    years = "、".join(str(e.year.year) for e in entered)
    flash(_l("Imported the calendar of %(years)s; %(n)s open deadlines were recomputed.",
             years=years, n=sum(len(e.recomputed) for e in entered)), "success")  # fmt: skip
    return redirect(url_for(".index", year=entered[0].year.year))


def _dates(text: str) -> tuple[list[dt.date], list[str]]:
    """Dates one a line (or separated by commas or spaces); a range as 2027-02-06..2027-02-13."""
    days, errors = [], []
    for word in text.replace(",", " ").replace("，", " ").split():
        first, _, last = word.partition("..")
        try:
            start = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last) if last else start
        except ValueError:
            errors.append(messages.field_message(
                FieldError(word, code="calendar_not_a_date", params={"text": word})))  # fmt: skip
            continue
        while start <= end and len(days) < 400:
            days.append(start)
            start += dt.timedelta(days=1)
    return days, errors
