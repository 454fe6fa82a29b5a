"""The ledgers page: choose a ledger, a place of one's area and a period, and download it as
a spreadsheet (web/downloads.ledger_download, as the API sends it: masked, or whole for the
roles that read personal data whole, the export and the whole values logged). A refused form
comes back with its Chinese messages and what was typed."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid, NotFound, NotPermitted
from casework.rules.masking import UNMASKED_ROLES
from casework.services import ledgers, places
from casework.vocabulary import PlaceLevel
from web import downloads
from web.pages import casefile, messages, navigation
from web.pages.labels import label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_ledgers", __name__, template_folder="templates", url_prefix="/ledgers")
bp.before_request(require_sign_in)
READERS = sorted({role for ledger in ledgers.LEDGERS.values() for role in ledger.readers})
NAMES = {
    "register": _l("Register of children in difficulty"),
    "visits": _l("Visits ledger"),
    "home-education": _l("Home education ledger"),
    "rehab-aid": _l("Rehab aid ledger"),
    "reports": _l("Mandatory reports ledger"),
    "national-system": _l("National rehab-aid system export"),
    "transfers": _l("Transfers ledger"),
}
BAD_DAY = _l("Give a day as 2026-03-01.")

navigation.add("pages_ledgers.index", _l("Ledgers"), READERS, order=83)


def ledger_choices() -> list[tuple[str, str]]:
    """The ledgers the signed-in user keeps, in their fixed order."""
    role = actor().role
    return [(name, label(NAMES, name)) for name, kept in ledgers.LEDGERS.items()
            if role in kept.readers]  # fmt: skip


def place_choices() -> list[tuple[int, str]]:
    """The townships and villages of the user's area, villages indented under theirs."""
    mine = actor().place_path or "-"
    found = [p for p in places.places_in(actor()) if p.path.startswith(mine)]
    return [
        (p.id, p.name if p.level != PlaceLevel.VILLAGE else f"　{p.name}")
        for p in found
        if p.level != PlaceLevel.COUNTY and p.path != mine
    ]


def _form(values, errors: dict[str, list[str]], status: int = 200):
    return render_template(
        "ledgers/index.html",
        values=values,
        errors=errors,
        ledgers=ledger_choices(),
        places=place_choices(),
        may_read_whole=actor().role in UNMASKED_ROLES,
    ), status


@bp.get("", endpoint="index")
@roles_required(READERS)
def index():
    today = casefile.local_today(now())
    defaults = {"first": today.replace(day=1).isoformat(), "last": today.isoformat()}
    return _form(defaults | request.args.to_dict(), {})


def _day(values, name: str, errors: dict[str, list[str]]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(values.get(name, "").strip())
    except ValueError:
        errors[name] = [str(BAD_DAY)]
        return None


@bp.get("/download")
@roles_required(READERS)
def download():
    values = request.args
    errors: dict[str, list[str]] = {}
    name = values.get("ledger", "")
    if name not in dict(ledger_choices()):
        errors["ledger"] = [str(_l("Choose a ledger."))]
    place_text = values.get("place_id", "").strip()
    place_id = int(place_text) if place_text.isdigit() else None
    if place_text and place_id is None:
        errors["place_id"] = [messages.say("ledger_place_outside_area")]
    first, last = _day(values, "first", errors), _day(values, "last", errors)
    if errors or first is None or last is None:
        return _form(values, errors, 422)
    whole = values.get("whole") == "yes"
    try:
        return downloads.ledger_download(actor(), name, place_id, first, last, whole, now())
    except Invalid as exc:
        return _form(values, messages.form_errors(exc), 422)
    except (NotFound, NotPermitted) as exc:
        return _form(values, {"_": [messages.for_error(exc)]}, 422)
