"""Home-delivered education (送教上门) on the pages: the children taught at home in one's area
and where each stands against the minimum, enrolling a child with a teacher of its township,
one enrolment with its lessons (class hours and subject), and ending it. Lessons themselves are
recorded by the teacher as home-education visits (web/pages/visits.py)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid
from casework.services import home_education, visit_schedule, visits
from casework.vocabulary import Role
from casework.workflows.payloads import load_payload
from web.pages import casefile, messages, navigation, pickers
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint(
    "pages_home_education", __name__, template_folder="templates", url_prefix="/home-education"
)
bp.before_request(require_sign_in)
READERS = sorted(home_education.READERS)
ENROLLERS = sorted(visits.ENROLLERS)

navigation.add("pages_home_education.index", _l("Home education"), READERS, order=43)


def _today() -> dt.date:
    return casefile.local_today(now())


@bp.get("")
@roles_required(READERS)
def index():
    ended = request.args.get("ended") == "yes"
    return render_template(
        "home_education/index.html",
        rows=home_education.list_enrolments(actor(), _today(), current=not ended),
        ended=ended,
        policy=visit_schedule.policy_for(actor(), _today()),
        can_enrol=actor().role in ENROLLERS,
        teaches=actor().role == Role.TEACHER,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(ENROLLERS)
def enrol():
    form, errors = request.form, {}
    if request.method == "POST":
        try:
            enrolment = visits.enrol_home_education(actor(), _enrolment_data(form), now())
        except Conflict as exc:
            existing = exc.extra.get("existing_id")
            if existing is None:
                raise
            flash(messages.for_error(exc), "info")
            return redirect(url_for(".show", enrolment_id=existing))
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("%(name)s is now taught at home.", name=enrolment.child.name), "success")
            return redirect(url_for(".show", enrolment_id=enrolment.id))
    chosen = form.get("child_id", request.args.get("child_id", ""))
    choices, search_url = pickers.child_picker(chosen)
    return render_template(
        "home_education/new.html",
        form=form,
        errors=errors,
        chosen=chosen,
        children=choices,
        search_url=search_url,
        teachers=home_education.teachers_for(actor()),
        today=_today().isoformat(),
    ), (422 if errors else 200)


def _enrolment_data(form) -> dict:
    """The form through the enrolment's rules (the API's too): a missing or malformed field
    is refused, with the field named, before anything is written."""
    names = ("child_id", "teacher_id", "school", "started_on")
    filled = {name: form.get(name, "").strip() for name in names}
    return load_payload(visits.EnrolmentPayload, {k: v for k, v in filled.items() if v})


@bp.get("/<int:enrolment_id>")
@roles_required(READERS)
def show(enrolment_id: int):
    record = home_education.get_enrolment(actor(), enrolment_id, _today())
    return render_template(
        "home_education/show.html",
        record=record,
        enrolment=record.enrolment,
        policy=visit_schedule.policy_for(actor(), _today()),
        can_end=actor().role in ENROLLERS and record.enrolment.ended_on is None,
        # a lesson is accepted on any day the enrolment runs, its last day included: the
        # days it has a standing (the standings are those of the enrolments running today)
        teaches=actor().role == Role.TEACHER and record.standing is not None,
        today=_today().isoformat(),
        errors={},
    )


@bp.post("/<int:enrolment_id>/end")
@roles_required(ENROLLERS)
def end(enrolment_id: int):
    home_education.get_enrolment(actor(), enrolment_id, _today())  # 403/404 before anything
    try:
        day = dt.date.fromisoformat(request.form.get("ended_on", "").strip())
    except ValueError:
        flash(_l("Enter a valid date."), "error")
        return redirect(url_for(".show", enrolment_id=enrolment_id))
    try:
        visits.end_home_education(actor(), enrolment_id, day, now())
    except (Invalid, Conflict) as exc:
        details = messages.field_errors(exc) if isinstance(exc, Invalid) else {}
        flash(next(iter(details.values()), [messages.for_error(exc)])[0], "error")
    else:
        flash(_l("Home education has been ended."), "success")
    return redirect(url_for(".show", enrolment_id=enrolment_id))
