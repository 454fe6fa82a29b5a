"""The child's family on the pages: the parents' situations, the carer, the assistance
status; the categories and why; a clerk's category with its reason and the supervisor's
review; the register's actions; files without an ID number; the register's counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from casework.errors import Conflict, DomainError, Invalid
from casework.models import Child, Place
from casework.services import children, documents, family, places, register
from casework.vocabulary import (
    ChildCategory,
    DocumentTarget,
    LeaveReason,
    ParentRole,
    ParentSituation,
    PlaceLevel,
    Role,
    Subsistence,
)
from casework.workflows import engine
from casework.workflows.register import ACTIONS, REGISTER, RegisterState
from web.access import unmask_for
from web.pages import messages, navigation
from web.pages.casefile import local_today
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_family", __name__, template_folder="templates", url_prefix="/family")
bp.before_request(require_sign_in)
READERS = [r for r in children.KEEPERS if r not in (Role.SYSTEM, Role.INSTITUTION_STAFF)]
EDITORS = sorted(family.EDITORS)
REVIEWERS = sorted(family.REVIEWERS)
ROWS = (ParentRole.FATHER, ParentRole.MOTHER, ParentRole.GUARDIAN)  # one form row each
PARENT_KEYS = ("name", "phone", "situation", "since", "until", "away_place", "evidence_id", "note")
CHOICES = {
    "situations": [s.value for s in ParentSituation],
    "subsistence": [s.value for s in Subsistence],
    "roles": [r.value for r in ParentRole],
    "categories": [c.value for c in ChildCategory],
}
# the register's actions a person starts from a page (the birthday is the scheduler's)
PAGE_ACTIONS = [a for a in ACTIONS if Role.SYSTEM not in a.roles]

navigation.add("pages_family.overview", _l("The register"), READERS, order=22)
navigation.add("pages_family.without_id", _l("Open a file without an ID number"), EDITORS, order=23)


def panel(child: Child) -> dict[str, Any]:
    """What the child's page shows of the family, the categories and the register; for a
    left-behind child, the contact card."""
    today = local_today(now())
    case = engine.load_visible(REGISTER, child.id, actor())
    left_behind = ChildCategory.LEFT_BEHIND in child.categories
    return {
        "contact_card": family.contact_card(actor(), child.id, today) if left_behind else None,
        "family": family.explain(child, today),
        "county_categories": family.county_categories(child, today),
        "parents": family.parents_of(child),
        "register_actions": [
            a.name for a in PAGE_ACTIONS if a.name in REGISTER.open_actions(actor(), case)
        ],
        "can_edit_family": actor().role in family.EDITORS,
        "can_review": actor().role in family.REVIEWERS,
        "today": today.isoformat(),
    }


@bp.route("/<int:child_id>", methods=["GET", "POST"])
@roles_required(EDITORS)
def edit(child_id: int):
    child = children.get_child(actor(), child_id)
    unmask_for(actor(), "child", child.id, child.place.county_id)
    errors: dict[str, list[str]] = {}
    form = request.form if request.method == "POST" else _as_form(child)
    if request.method == "POST":
        try:
            data = _family_data(form)
            version = form.get("expected_version", type=int) or 0
            family.record_family(actor(), child.id, data, now(), version)
        except Conflict as exc:
            flash(messages.for_error(exc), "error")
            return redirect(url_for("pages_children.show", child_id=child.id))
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The family's situation has been saved."), "success")
            return redirect(url_for("pages_children.show", child_id=child.id))
    papers = documents.list_documents(actor(), DocumentTarget.CHILD, child.id)
    page = render_template("family/edit.html", child=child, form=form, errors=errors,
                           rows=ROWS, choices=CHOICES, papers=papers)  # fmt: skip
    return page, (422 if errors else 200)


def _as_form(child: Child) -> MultiDict:
    form = MultiDict({"expected_version": str(child.version)})
    for name in family.CARER_FIELDS + ("subsistence", "school"):
        form[name] = getattr(child, name) or ""
    if child.seriously_ill:
        form["seriously_ill"] = "yes"
    for parent in family.parents_of(child):
        row = _row_of(parent["role"], form)
        if row is None:
            continue
        for key in PARENT_KEYS:
            value = parent[key]
            form[f"parent_{row}_{key}"] = "" if value is None else str(value)
    return form


def _row_of(role: str, form: MultiDict) -> int | None:
    """The form row of a parent's record: father, mother, then the other guardian."""
    for n, wanted in enumerate(ROWS):
        if role == wanted and not form.get(f"parent_{n}_situation"):
            return n
    return None


def _family_data(form) -> dict[str, Any]:
    """The family as typed: a row without a situation is not recorded. Field errors are
    named as the service names them (parents.<n>.<field>, n counting recorded rows)."""
    parents, errors = [], {}
    for n, role in enumerate(ROWS):
        situation = form.get(f"parent_{n}_situation", "")
        if not situation:
            continue
        parent: dict[str, Any] = {"role": role.value, "situation": situation}
        for key in ("name", "phone", "away_place", "note"):
            parent[key] = form.get(f"parent_{n}_{key}", "").strip()
        for key in ("since", "until"):
            text = form.get(f"parent_{n}_{key}", "").strip()
            try:
                parent[key] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                errors[f"parents.{len(parents)}.{key}"] = ["Not a valid date."]
        parent["evidence_id"] = form.get(f"parent_{n}_evidence_id", type=int)
        parents.append(parent)
    if errors:
        raise Invalid("the payload is not valid", errors, code="invalid_payload")
    return {
        "parents": parents,
        "carer_name": form.get("carer_name", "").strip(),
        "carer_relation": form.get("carer_relation", "").strip(),
        "carer_phone": form.get("carer_phone", "").strip(),
        "carer_parent": form.get("carer_parent") or None,
        "subsistence": form.get("subsistence") or Subsistence.NONE.value,
        "seriously_ill": bool(form.get("seriously_ill")),
        "school": form.get("school", "").strip(),
    }


@bp.post("/<int:child_id>/contacts")
@roles_required(EDITORS)
def contact(child_id: int):
    """A parent got in touch: recorded from the contact card on the child's page."""
    form = request.form
    text = form.get("contacted_on", "")
    try:
        day = dt.date.fromisoformat(text) if text else None
        data = {"role": form.get("role", ""), "contacted_on": day, "how": form.get("how", "")}
        family.record_contact(actor(), child_id, data, now())
    except ValueError:
        flash(str(messages.MARSHMALLOW["Not a valid date."]), "error")
    except Invalid as exc:
        flash(" ".join(m for found in messages.form_errors(exc).values() for m in found), "error")
    else:
        flash(_l("The contact has been recorded."), "success")
    return redirect(url_for("pages_children.show", child_id=child_id) + "#contact-card")


@bp.post("/<int:child_id>/categories")
@roles_required(EDITORS)
def claim(child_id: int):
    form = request.form
    try:
        family.claim_category(actor(), child_id, form.get("category", ""),
                              form.get("reason", ""), now(),
                              form.get("expected_version", type=int) or 0)  # fmt: skip
    except Invalid as exc:  # said above the form it came from, each field's message
        flash(" ".join(m for found in messages.form_errors(exc).values() for m in found), "error")
    except DomainError as exc:
        flash(messages.for_error(exc), "error")
    else:
        flash(_l("The category has been set: the supervisor will review it."), "success")
    return redirect(url_for("pages_children.show", child_id=child_id))


@bp.post("/<int:child_id>/categories/<string:category>/review")
@roles_required(REVIEWERS)
def review(child_id: int, category: str):
    form = request.form
    try:
        family.review_claim(actor(), child_id, category, form.get("decision") == "confirm",
                            form.get("reason", ""), now(),
                            form.get("expected_version", type=int) or 0)  # fmt: skip
    except DomainError as exc:
        flash(messages.for_error(exc), "error")
    else:
        flash(_l("The review has been recorded."), "success")
    return redirect(url_for("pages_children.show", child_id=child_id))


@bp.route("/<int:child_id>/register/<string:action>", methods=["GET", "POST"])
@roles_required(READERS)
def register_action(child_id: int, action: str):
    """One of the register's actions on a form: leave (why, when), back on, take over."""
    chosen = next((a for a in PAGE_ACTIONS if a.name == action), None)
    if chosen is None:
        abort(404)
    case = engine.load_visible(REGISTER, child_id, actor())
    child = case.record
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        try:
            register.act(actor(), child_id, action, now=now(), reason=form.get("reason", ""),
                         payload=_register_payload(action, form),
                         expected_version=form.get("expected_version", type=int))  # fmt: skip
        except Invalid as exc:
            errors = messages.form_errors(exc)
        except DomainError as exc:
            flash(messages.for_error(exc), "error")
            return redirect(_after(child_id))
        else:
            flash(_l("The register has been updated."), "success")
            return redirect(_after(child_id))
    page = render_template(
        "family/register_action.html", child=child, action=chosen, form=form, errors=errors,
        counties=_other_counties(), villages=_my_villages(),
        today=local_today(now()).isoformat(),
    )  # fmt: skip
    return page, (422 if errors else 200)


def _after(child_id: int) -> str:
    """The child's page, or the register's overview when the child left the actor's scope."""
    if children.scoped(actor()).where(Child.id == child_id).exists():
        return url_for("pages_children.show", child_id=child_id)
    return url_for(".overview")


def _register_payload(action: str, form) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if action.startswith("leave_"):
        payload["left_on"] = form.get("left_on", "")
    if action == "leave_moved_out":
        payload["moved_to"] = form.get("moved_to", "")
        payload["to_county_id"] = form.get("to_county_id", type=int)
    if action == "take_over":
        payload["place_id"] = form.get("place_id", type=int)
    return payload


def _other_counties() -> list[Place]:
    mine = actor().county_id
    return [p for p in Place.select().where(Place.level == PlaceLevel.COUNTY).order_by(Place.name)
            if p.id != mine]  # fmt: skip


def _my_villages() -> list[Place]:
    mine = actor().place_path
    return [p for p in places.places_in(actor())
            if p.level == PlaceLevel.VILLAGE and p.path.startswith(mine)]  # fmt: skip


@bp.route("/without-id", methods=["GET", "POST"])
@roles_required(EDITORS)
def without_id():
    """A file for a child without an ID number: a description and a placeholder."""
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        try:
            child = children.register_without_id(actor(), _without_id_data(form), now())
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The child's file has been opened without an ID number."), "success")
            return redirect(url_for("pages_children.show", child_id=child.id))
    page = render_template("family/without_id.html", form=form, errors=errors,
                           villages=_my_villages())  # fmt: skip
    return page, (422 if errors else 200)


def _without_id_data(form) -> dict[str, Any]:
    text = form.get("birth_date", "").strip()
    try:
        birth = dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise Invalid("the payload is not valid", {"birth_date": ["Not a valid date."]},
                      code="invalid_payload") from None  # fmt: skip
    return {
        "name": form.get("name", "").strip(),
        "sex": form.get("sex", ""),
        "birth_date": birth,
        "place_id": form.get("place_id", type=int),
        "description": form.get("description", "").strip(),
        "address": form.get("address", "").strip(),
    }


@bp.route("/<int:child_id>/id-number", methods=["GET", "POST"])
@roles_required(EDITORS)
def id_number(child_id: int):
    child = children.get_child(actor(), child_id)
    errors: dict[str, list[str]] = {}
    form = request.form
    if request.method == "POST":
        try:
            children.assign_id_number(actor(), child_id, form.get("id_number", ""), now(),
                                      form.get("expected_version", type=int) or 0)  # fmt: skip
        except Conflict as exc:
            existing = exc.extra.get("existing_id")
            if existing is None:
                flash(messages.for_error(exc), "error")
                return redirect(url_for("pages_children.show", child_id=child_id))
            errors = {"id_number": [str(_l("A file for this ID number already exists."))]}
        except Invalid as exc:
            errors = messages.form_errors(exc)
        else:
            flash(_l("The ID number has been recorded."), "success")
            return redirect(url_for("pages_children.show", child_id=child_id))
    page = render_template("family/id_number.html", child=child, form=form, errors=errors)
    return page, (422 if errors else 200)


@bp.get("/register")
@roles_required(READERS)
def overview():
    """The register in the actor's area: counts by status and reason, the children a clerk
    set a category for that the facts do not show, and files waiting to be taken over."""
    today = local_today(now())
    return render_template(
        "family/overview.html",
        counts=register.counts(actor()),
        flagged=family.flagged_children(actor(), today),
        waiting=register.awaiting_take_over(actor()),
        states=[s.value for s in RegisterState],
        reasons=[r.value for r in LeaveReason],
        pending=children.list_children(actor(), id_pending=True, per_page=100)[0],
    )
