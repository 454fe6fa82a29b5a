"""Children's files: find a child, register one (a duplicate ID number leads to the existing
file), see the file, and submit a rehab-aid application for the child."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from casework.errors import REQUIRED, Conflict, Invalid
from casework.models import Child
from casework.services import children, home_education, places, rehab, visits
from casework.vocabulary import (
    AidItem,
    DisabilityType,
    DocumentKind,
    PlaceLevel,
    ResidenceBasis,
    Role,
)
from casework.workflows.claim import READERS as CLAIM_READERS
from casework.workflows.register import RegisterState
from casework.workflows.rehab import REHAB
from web.access import unmask_for
from web.pages import benefits as benefits_pages
from web.pages import family as family_pages
from web.pages import messages, navigation
from web.pages.casefile import local_today
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_children", __name__, template_folder="templates", url_prefix="/children")
bp.before_request(require_sign_in)
READERS = [r for r in children.KEEPERS if r not in (Role.SYSTEM, Role.INSTITUTION_STAFF)]
REGISTRARS = [Role.INTAKE_CLERK, Role.REVIEWER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR]
APPLICANTS = [r for r in REHAB.action("submit").roles if r != Role.INSTITUTION_STAFF]
PER_PAGE = 50
CHOICES = {
    "residence": [r.value for r in ResidenceBasis],
    "disabilities": [d.value for d in DisabilityType],
    "items": [i.value for i in AidItem],
    "documents": [d.value for d in DocumentKind if d != DocumentKind.AGREEMENT],
}

navigation.add("pages_children.index", _l("Children"), READERS, order=20)
navigation.add("pages_children.register", _l("Register a child"), REGISTRARS, order=21)
navigation.set_home("pages_children.index", [Role.INTAKE_CLERK])


@bp.get("")
@roles_required(READERS)
def index():
    term = request.args.get("q", "").strip()
    page = max(1, request.args.get("page", 1, type=int))
    query = children.matching(children.scoped(actor()), term, actor().role)
    state = request.args.get("state", "")
    if state in set(RegisterState):  # the register's counts link here
        query = query.where(Child.state == state)
    total = query.count()
    # newest first, by `id + 0`: by the bare id PostgreSQL walked the province's primary key
    # backwards, reading every county's children until it had a page of its own
    rows = list(query.order_by((Child.id + 0).desc()).paginate(page, PER_PAGE))
    return render_template(
        "children/index.html",
        rows=rows,
        total=total,
        term=term,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(REGISTRARS)
def register():
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        try:
            child = children.register_child(actor(), _child_data(form), now())
        except Conflict as exc:
            existing = exc.extra.get("existing_id")
            if existing is None:
                raise
            flash(_l("A file for this ID number already exists: here it is."), "info")
            return redirect(url_for(".show", child_id=existing))
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The child's file has been opened."), "success")
            return redirect(url_for(".show", child_id=child.id))
    return _file_form(form, errors)


def _file_form(form, errors: dict, **extra):
    """The child's file form, for opening a file or editing one; 422 while it has errors."""
    page = render_template(
        "children/register.html", errors=errors, form=form, villages=_villages(),
        choices=CHOICES, **extra)  # fmt: skip
    return page, (422 if errors else 200)


def _child_data(form) -> dict:
    """The file as typed; guardians are the form's rows with a name (one row when registering,
    one per guardian and a blank one when editing)."""
    columns = [form.getlist(f"guardian_{k}") for k in ("name", "relation", "phone")]
    rows = zip(*columns, strict=False)  # a browser sends the three inputs of every row
    guardians = [
        {"name": name.strip(), "relation": relation.strip(), "phone": phone.strip()}
        for name, relation, phone in rows
        if name.strip()
    ]
    data = {
        "id_number": form.get("id_number", ""),
        "name": form.get("name", "").strip(),
        "place_id": form.get("place_id", type=int),
        "address": form.get("address", "").strip(),
        "residence_basis": form.get("residence_basis") or None,
        "disability_types": form.getlist("disability_types"),
    }
    if guardians or form.get("editing"):
        data["guardians"] = guardians
    return data


def _villages():
    mine = actor().place_path
    return [
        p
        for p in places.places_in(actor())
        if p.level == PlaceLevel.VILLAGE and p.path.startswith(mine)
    ]


@bp.route("/<int:child_id>/edit", methods=["GET", "POST"])
@roles_required(REGISTRARS)
def edit(child_id: int):
    child = children.get_child(actor(), child_id)
    errors: dict[str, list[str]] = {}
    form = request.form if request.method == "POST" else _as_form(child)
    if request.method == "POST":
        data = {k: v for k, v in _child_data(form).items() if k != "id_number"}
        try:
            version = form.get("expected_version", type=int)
            children.update_child(actor(), child.id, data, now(), expected_version=version)
        except Conflict as exc:
            flash(messages.for_error(exc), "error")
            return redirect(url_for(".show", child_id=child.id))
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The child's file has been saved."), "success")
            return redirect(url_for(".show", child_id=child.id))
    return _file_form(
        form,
        errors,
        child=child,
        guardian_rows=len(form.getlist("guardian_name")) + (0 if errors else 1),
    )


def _as_form(child: Child) -> MultiDict:
    """The file as the edit form shows it."""
    form = MultiDict(
        {
            "name": child.name,
            "place_id": str(child.place_id),
            "address": child.address or "",
            "residence_basis": child.residence_basis or "",
        }
    )
    for value in child.disability_types or []:
        form.add("disability_types", value)
    for guardian in child.guardians:
        for key in ("name", "relation", "phone"):
            form.add(f"guardian_{key}", getattr(guardian, key) or "")
    return form


@bp.get("/<int:child_id>")
@roles_required(READERS)
def show(child_id: int):
    child = children.get_child(actor(), child_id)
    unmask_for(actor(), "child", child.id, child.place.county_id)
    applications = list(
        rehab.scoped(actor()).where(rehab.A.child == child.id).order_by(rehab.A.id.desc())
    )
    return render_template(
        "children/show.html",
        child=child,
        guardians=list(child.guardians),
        applications=applications,
        aid_years=rehab.aid_history(actor(), child.id),
        claim_links=actor().role in CLAIM_READERS,
        can_apply=actor().role in APPLICANTS,
        can_edit=actor().role in REGISTRARS,
        **_home_education(child),
        **benefits_pages.on_file(child),
        **family_pages.panel(child),
    )


def _home_education(child: Child) -> dict:
    """Whether the child is taught at home, for the roles that follow home education."""
    if actor().role not in home_education.READERS:
        return {"home_education_shown": False}
    return {
        "home_education_shown": True,
        "home_enrolment": home_education.current_enrolment(actor(), child.id, local_today(now())),
        "can_enrol": actor().role in visits.ENROLLERS,
    }


@bp.route("/<int:child_id>/apply", methods=["GET", "POST"])
@roles_required(APPLICANTS)
def apply(child_id: int):
    child = children.get_child(actor(), child_id)
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        try:
            application = rehab.submit_application(actor(), _application_data(child, form), now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The application has been submitted."), "success")
            return redirect(url_for("pages_rehab.show", application_id=application.id))
    guardian = child.guardians.first()
    return render_template(
        "children/apply.html",
        child=child,
        errors=errors,
        form=form,
        choices=CHOICES,
        institutions=[i for i in places.institutions_for(actor()) if i.active],
        defaults={
            "applied_on": local_today(now()).isoformat(),
            "applicant_name": guardian.name if guardian else "",
            "applicant_relation": guardian.relation if guardian else "",
        },
    ), (422 if errors else 200)


def _application_data(child: Child, form) -> dict:
    applied_on = form.get("applied_on", "")
    try:
        day = dt.date.fromisoformat(applied_on) if applied_on else None
    except ValueError as exc:
        raise Invalid(
            "the payload is not valid",
            {"applied_on": ["Not a valid date."]},
            code="invalid_payload",
        ) from exc
    data = {
        "child_id": child.id,
        "items": form.getlist("items"),
        "applied_on": day,
        "late_reason": form.get("late_reason", "").strip(),
        "applicant_name": form.get("applicant_name", "").strip(),
        "applicant_relation": form.get("applicant_relation", "").strip(),
        "diagnosis": form.get("diagnosis", "").strip(),
        "documents_received": form.getlist("documents_received"),
        "preferred_institution_id": form.get("preferred_institution_id", type=int),
    }
    missing = {k: [REQUIRED] for k in ("applicant_name", "applicant_relation") if not data[k]}
    if missing:
        raise Invalid("the payload is not valid", missing, code="invalid_payload")
    return data
