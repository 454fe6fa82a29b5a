"""The county admin's designated institutions: the list with each one's load, and the form
that designates a new one or changes one (casework.services.places.save_institution)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid
from casework.queries import institutions
from casework.services import places
from casework.vocabulary import AidItem, Role
from web.pages import messages
from web.pages.forms import FormField, yes_no_choices
from web.pages.labels import AID_ITEMS, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint(
    "pages_admin_institutions", __name__, template_folder="templates",
    url_prefix="/admin/institutions",
)  # fmt: skip
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]


@bp.get("", endpoint="index")
@roles_required(ADMIN)
def index():
    load = institutions.in_care_counts()
    rows = [
        {
            "institution": i,
            "offered": "、".join(label(AID_ITEMS, item) for item in i.aid_items) or "—",
            "in_care": load.get(i.id, 0),
        }
        for i in places.institutions_for(actor())
    ]
    return render_template("admin/institutions.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"], endpoint="new")
@roles_required(ADMIN)
def new():
    return _form(None)


@bp.route("/<int:institution_id>", methods=["GET", "POST"], endpoint="edit")
@roles_required(ADMIN)
def edit(institution_id: int):
    return _form(places.get_institution(actor(), institution_id))


def _form(institution):
    """Show the form (GET) or save it (POST); bad input shows the form again, saving nothing."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            saved = _save(institution, _values(request.form))
        except Invalid as exc:
            errors = messages.field_errors(exc)
        else:
            flash(_l("%(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for(".index"))
    shown = request.form if request.method == "POST" else _shown(institution)
    checked = shown.getlist("aid_items") if request.method == "POST" else shown["aid_items"]
    return render_template(
        "admin/institution_form.html",
        institution=institution,
        fields=_fields(),
        values=shown,
        checked=checked,
        errors=errors,
    ), 422 if errors else 200


def _save(institution, values: dict):
    if institution is None:
        return places.save_institution(actor(), {**values, "county_id": actor().county_id}, now())
    return places.save_institution(actor(), values, now(), institution.id)


def _fields() -> list[FormField]:
    yes_no = yes_no_choices()
    return [
        FormField("name", "text", True, str(_l("Institution name")), max_length=places.MAX_TEXT),
        FormField("address", "text", False, str(_l("Address")), max_length=places.MAX_TEXT),
        FormField("out_of_county", "select", True, str(_l("Outside the county")), choices=yes_no),
        FormField(
            "aid_items",
            "checkboxes",
            False,
            str(_l("Aid items offered")),
            choices=[(i.value, label(AID_ITEMS, i)) for i in AidItem],
        ),
        FormField(
            "capacity",
            "number",
            True,
            str(_l("Capacity (children in care at once)")),
            minimum=0,
            maximum=places.MAX_CAPACITY,
        ),
        FormField("latitude", "text", False, str(_l("Latitude (for the distance to a child)"))),
        FormField("longitude", "text", False, str(_l("Longitude"))),
        FormField("active", "select", True, str(_l("Takes new referrals")), choices=yes_no),
    ]


def _shown(institution) -> dict:
    if institution is None:
        return {"out_of_county": "false", "active": "true", "capacity": "", "aid_items": []}
    return {
        "name": institution.name,
        "address": institution.address,
        "out_of_county": _yes_no(institution.out_of_county),
        "aid_items": list(institution.aid_items),
        "capacity": str(institution.capacity),
        "latitude": "" if institution.latitude is None else str(institution.latitude),
        "longitude": "" if institution.longitude is None else str(institution.longitude),
        "active": _yes_no(institution.active),
    }


def _yes_no(value: bool) -> str:
    return "true" if value else "false"


def _values(form) -> dict:
    """The form as save_institution takes it; the service checks it (casework.services.places
    .InstitutionPayload, the API's rules too), so a typed number arrives as typed."""
    return {
        "name": form.get("name", "").strip(),
        "address": form.get("address", "").strip(),
        "out_of_county": form.get("out_of_county") == "true",
        "aid_items": form.getlist("aid_items"),
        "capacity": form.get("capacity", "").strip(),
        "latitude": form.get("latitude", "").strip() or None,
        "longitude": form.get("longitude", "").strip() or None,
        "active": form.get("active") == "true",
    }
