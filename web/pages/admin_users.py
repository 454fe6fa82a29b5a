"""The county admin's users: the county's people and their roles, a new user with the password
the admin hands over, a password reset, stopping or restoring a user's access, and handing a
leaving user's work over to a successor (previewed, then confirmed).

The rules (which role sits at which level of place, the password rule, the county's scope)
are casework.services.accounts'; the page only gathers the form and shows its refusals."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid
from casework.services import accounts, handover, places, sign_in
from casework.vocabulary import PERSON_ROLES, Department, PlaceLevel, Role
from web.pages import messages
from web.pages.account import lock_policy
from web.pages.case_labels import DEPARTMENTS
from web.pages.forms import FormField
from web.pages.labels import ROLES, label
from web.pages.session import actor, now, require_sign_in, roles_required

# a province's officer is made on the operator's command line, never by a county's admin
COUNTY_POSTS = [r for r in PERSON_ROLES if r != Role.PROVINCE_OFFICER]

bp = Blueprint(
    "pages_admin_users", __name__, template_folder="templates", url_prefix="/admin/users"
)
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]
STATUS = {"active": _l("Active"), "locked": _l("Locked"), "inactive": _l("Deactivated")}


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index(errors: dict | None = None, status: int = 200):
    users = accounts.list_users(actor())
    locked = {u.id for u, _ in sign_in.locked_users(actor(), now(), lock_policy(), users)}
    place_names = _place_names(places.places_in(actor()))
    institutions = {i.id: i for i in places.institutions_for(actor())}
    where = {**{("place", k): v for k, v in place_names.items()},
             **{("institution", k): i.name for k, i in institutions.items()}}  # fmt: skip
    return render_template(
        "admin/users.html",
        rows=[_row(u, locked, where) for u in users],
        left=[
            {"user": u, "role": label(ROLES, u.role), "counts": w.counts, "total": w.total}
            for u, w in handover.left_with_inactive(actor(), now())
        ],  # fmt: skip
        fields=_fields(place_names, [i for i in institutions.values() if i.active]),
        errors=errors or {},
        values=request.form if errors else {},
        min_password=accounts.MIN_PASSWORD,
    ), status


def _row(user, locked: set[int], where: dict) -> dict:
    if not user.active:
        state = "inactive"
    elif user.id in locked:
        state = "locked"
    else:
        state = "active"
    return {
        "user": user,
        "role": label(ROLES, user.role),
        "where": where.get(("institution", user.institution_id))
        or where.get(("place", user.place_id), "—"),
        "state": state,
        "status": label(STATUS, state),
        "is_me": user.id == actor().id,
    }


def _place_names(tree: list) -> dict[int, str]:
    """Each place of the county tree (in path order) by name; a village after its township,
    since two townships may each have a village of the same name."""
    names: dict[int, str] = {}
    for place in tree:
        if place.level == PlaceLevel.VILLAGE and place.parent_id in names:
            names[place.id] = f"{names[place.parent_id]} / {place.name}"
        else:
            names[place.id] = place.name
    return names


def _fields(place_names: dict[int, str], institutions: list) -> list[FormField]:
    """The new-user form; a place for place-bound roles, an institution for its staff."""
    county_places = [(str(k), name) for k, name in place_names.items()]
    institutions = [(str(i.id), i.name) for i in institutions]
    return [
        FormField("name", "text", True, str(_l("Name")), max_length=accounts.MAX_NAME),
        FormField(
            "username", "text", True, str(_l("Username")), max_length=accounts.USERNAME_LENGTH[1]
        ),
        FormField(
            "role",
            "select",
            True,
            str(_l("Role")),
            choices=[(r.value, label(ROLES, r)) for r in COUNTY_POSTS],
        ),
        FormField(  # a county has hundreds of villages: a list with a search box
            "place_id",
            "picker",
            False,
            str(_l("Place (not for institution staff)")),
            choices=county_places,
            source="place",
        ),
        FormField(
            "institution_id",
            "select",
            False,
            str(_l("Institution (its staff only)")),
            choices=institutions,
        ),
        FormField(
            "department",
            "select",
            False,
            str(_l("Department (department staff only)")),
            choices=[(d.value, str(DEPARTMENTS[d.value])) for d in Department],
        ),
        FormField("email", "text", False, str(_l("E-mail (optional)")), max_length=200),
    ]


@bp.post("", endpoint="create")
@roles_required(ADMIN)
def create():
    form = request.form
    errors = _check_form(form)
    if errors:
        return index(errors, status=422)
    try:
        user = accounts.create_user(
            actor(),
            username=form["username"].strip(),
            name=form["name"].strip(),
            role=form.get("role", ""),
            password=form.get("password", ""),
            place_id=_chosen(form, "place_id", staff=False),
            institution_id=_chosen(form, "institution_id", staff=True),
            email=form.get("email", "").strip(),
            department=form.get("department") or None,
            now=now(),
        )
    except Invalid as exc:
        return index(messages.field_errors(exc), status=422)
    except Conflict as exc:
        return index({"username": [messages.for_error(exc)]}, status=409)
    flash(_l("%(name)s can now sign in as %(username)s with the password you set.",
             name=user.name, username=user.username), "success")  # fmt: skip
    return redirect(url_for(".index"))


def _check_form(form) -> dict[str, list[str]]:
    """What the service leaves to the form: the password typed twice, places from the list."""
    errors = {}
    if form.get("password", "") != form.get("confirm_password", ""):
        errors["confirm_password"] = [messages.say("passwords_differ")]
    for name in ("place_id", "institution_id"):
        if form.get(name, "").strip() and not form[name].strip().isdigit():
            errors[name] = [str(_l("Choose from the list."))]
    return errors


def _chosen(form, name: str, staff: bool) -> int | None:
    """A chosen place (other roles) or institution (institution staff only, as the form
    says); the one left selected for the other kind of role is ignored, so a user is never
    bound to both."""
    value = form.get(name, "").strip()
    if not value or (form.get("role") == Role.INSTITUTION_STAFF) != staff:
        return None
    return int(value)


def _post(form) -> handover.Post:
    """The new post of a user who moves, as chosen on the hand-over page."""
    return handover.Post(
        form.get("role", ""),
        _chosen(form, "place_id", staff=False),
        _chosen(form, "institution_id", staff=True),
        # a department's staff only: one left selected for another role is ignored
        form.get("department") or None if form.get("role") == Role.DEPARTMENT_STAFF else None,
    )


@bp.get("/<int:user_id>/password", endpoint="password")
@roles_required(ADMIN)
def password_form(user_id: int, errors: dict | None = None, status: int = 200):
    user = accounts.county_user(actor(), user_id)
    return render_template(
        "admin/user_password.html",
        user=user,
        role=label(ROLES, user.role),
        errors=errors or {},
        min_password=accounts.MIN_PASSWORD,
        password_label=_l("New password"),
    ), status


@bp.post("/<int:user_id>/password", endpoint="reset_password")
@roles_required(ADMIN)
def reset_password(user_id: int):
    form = request.form
    if form.get("password", "") != form.get("confirm_password", ""):
        errors = {"confirm_password": [messages.say("passwords_differ")]}
        return password_form(user_id, errors, status=422)
    try:
        user = accounts.reset_password(actor(), user_id, form.get("password", ""), now())
    except Invalid as exc:
        return password_form(user_id, messages.field_errors(exc), status=422)
    flash(_l("The password of %(name)s has been reset: hand the new one over in person.",
             name=user.name), "success")  # fmt: skip
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/active", endpoint="set_active")
@roles_required(ADMIN)
def set_active(user_id: int):
    active = request.form.get("active") == "true"
    try:
        user = accounts.set_active(actor(), user_id, active, now())
    except Invalid as exc:
        flash(messages.for_error(exc), "error")
        return redirect(url_for(".index"))
    if active:
        flash(_l("%(name)s may sign in again.", name=user.name), "success")
    else:
        flash(_l("%(name)s can no longer sign in or use the API.", name=user.name), "success")
    return redirect(url_for(".index"))


HANDOVER_KINDS = {
    "reminders": _l("Open reminders assigned"),
    "escalations": _l("Open reminders escalated to them"),
    "enrolments": _l("Children taught at home (their lessons are the visits due)"),
    "tokens": _l("API tokens (revoked, never handed on)"),
}


@bp.get("/<int:user_id>/handover", endpoint="handover")
@roles_required(ADMIN)
def handover_form(user_id: int, errors: dict | None = None, status: int = 200):
    """The successor to choose; once chosen, what would move, to confirm."""
    user = accounts.county_user(actor(), user_id)
    chosen = request.values.get("successor_id", type=int)
    seen = None
    if chosen is not None and "successor_id" not in (errors or {}):  # a move's errors: again
        try:
            seen = handover.preview(actor(), user_id, chosen, now())
        except Invalid as exc:
            errors, status = messages.field_errors(exc), 422
    return render_template(
        "admin/handover.html",
        user=user,
        role=label(ROLES, user.role),
        candidates=handover.candidates(actor(), user_id),
        chosen=chosen,
        seen=seen,
        kinds=[(k, label(HANDOVER_KINDS, k)) for k in handover.KINDS],
        is_me=user.id == actor().id,
        errors=errors or {},
        roles=[(r.value, label(ROLES, r)) for r in COUNTY_POSTS],
        places=_place_names(places.places_in(actor())),
        institutions=[i for i in places.institutions_for(actor()) if i.active],
        departments=[(d.value, str(DEPARTMENTS[d.value])) for d in Department],
        form=request.form,
    ), status


@bp.post("/<int:user_id>/handover", endpoint="hand_over")
@roles_required(ADMIN)
def hand_over(user_id: int):
    form = request.form
    successor = form.get("successor_id", "").strip()
    moves = form.get("leaves") == "moves"
    try:
        done = handover.hand_over(
            actor(),
            user_id,
            int(successor) if successor.isdigit() else successor,
            now(),
            deactivate=form.get("leaves", form.get("deactivate")) in ("deactivate", "yes"),
            expected=form.get("expected") or None,
            moves_to=_post(form) if moves else None,
        )
    except Invalid as exc:
        return handover_form(user_id, messages.field_errors(exc), status=422)
    except Conflict as exc:
        return handover_form(user_id, {"_": [messages.for_error(exc)]}, status=409)
    flash(_l("%(count)s items moved from %(name)s to %(successor)s.", count=done.work.total,
             name=done.user.name, successor=done.successor.name), "success")  # fmt: skip
    return redirect(url_for(".index"))
