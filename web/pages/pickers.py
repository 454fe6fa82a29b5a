"""Choosing a record on a form by what a clerk knows of it, not by its number: children by
name, masked ID number or village; report cases by number and child; institutions by name.

A picker is a plain <select> (it works without JavaScript); static/picker.js adds a search box
that filters it as one types and, where the server cut a long list short, asks `/pickers/children`
for the matches.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from peewee import JOIN

from casework.models import Child, Place, ReportCase
from casework.rules.identity import mask_id_number
from casework.services import benefits, children, places, reports
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import Actor
from web.pages.case_labels import REPORT_CHOICES, REPORT_STATES
from web.pages.labels import label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_pickers", __name__, url_prefix="/pickers")
bp.before_request(require_sign_in)
# roles whose forms choose a child of their area: files, reports, visits, home education
CHILD_PICKERS = sorted((children.KEEPERS - {Role.SYSTEM, Role.INSTITUTION_STAFF}) | {Role.TEACHER})
AT_MOST = 500  # options sent with the page; the search box asks the server beyond that
FOUND_AT_MOST = 50  # matches one search returns


def child_choices(who: Actor, term: str = "", limit: int | None = None, keep: int | None = None):
    """(id, "name · masked ID · village") of children in `who`'s area, by name; `term` matches
    the name, the village or the ID number's last characters. `keep` (the child chosen
    already) is listed even when the limit or the term leaves it out."""
    return _children(who, term, limit or AT_MOST, keep)[0]


def _children(who: Actor, term: str, limit: int, keep: int | None):
    """child_choices, and whether the limit cut the list short (one row more is read to know)."""
    query = children.scoped(who, Child.select(Child.id, Child.name, Child.id_number, Child.place))
    query = children.matching(query, term, who.role)
    rows = list(query.order_by(Child.name, Child.id).limit(limit + 1))
    cut_short = len(rows) > limit
    rows = rows[:limit]
    if keep and all(row.id != keep for row in rows):
        rows += list(children.scoped(who, Child.select()).where(Child.id == keep))
    names = dict(
        Place.select(Place.id, Place.name).where(Place.id.in_({r.place_id for r in rows})).tuples()
    )
    return [(r.id, _child_text(r, names.get(r.place_id, ""))) for r in rows], cut_short


def _child_text(child: Child, village: str) -> str:
    parts = (child.name, mask_id_number(child.id_number), village)
    return " · ".join(part for part in parts if part)


def case_choices(who: Actor, exclude: int | None = None) -> list[tuple[int, str]]:
    """(id, "#12 · child · state") of the newest report cases in `who`'s area."""
    R = ReportCase  # noqa: N806 - the model, as the services name it
    query = R.select(R.id, R.state, R.child_description, Child.name.alias("child_name"))
    query = reports.scoped(who, query.join_from(R, Child, JOIN.LEFT_OUTER))
    if exclude is not None:
        query = query.where(R.id != exclude)
    found = []
    for case_id, state, description, child in query.order_by(R.id.desc()).limit(AT_MOST).tuples():
        child = child or (description or "")[:30]
        found.append((case_id, f"#{case_id} · {child} · {label(REPORT_STATES, state)}"))
    return found


def place_choices(who: Actor) -> list[tuple[int, str]]:
    """The townships and villages of `who`'s area, by their place in the tree."""
    mine = who.place_path or "-"
    found = [p for p in places.places_in(who) if p.level != PlaceLevel.COUNTY]
    return [(p.id, p.name) for p in found if p.path.startswith(mine)]


def benefit_choices(who: Actor) -> list[tuple[str, str]]:
    """The county's benefit list today, by their names (the county's own by theirs)."""
    names = REPORT_CHOICES["benefit"]  # a benefit the county added goes by its own name
    return [(key, label(names, key)) for key in benefits.offered(who, now())]


def institution_choices(who: Actor) -> list[tuple[int, str]]:
    return [(i.id, i.name) for i in places.institutions_for(who) if i.active]


@bp.get("/children")
@roles_required(CHILD_PICKERS)
def children_found():
    """The search box's matches, as [{"value": id, "text": label}]."""
    term = request.args.get("q", "")
    found = child_choices(actor(), term, FOUND_AT_MOST) if term.strip() else []
    return jsonify([{"value": str(i), "text": text} for i, text in found])


def child_picker(chosen=None) -> tuple[list[tuple[int, str]], str | None]:
    """A child picker's choices for the signed-in user, `chosen` (a form's value) among them,
    and its search URL, which only a list cut short needs."""
    choices, cut_short = _children(actor(), "", AT_MOST, chosen_id(chosen))
    return choices, search_url() if cut_short else None


def fill(specs, values, case_id: int | None = None) -> None:
    """Give the picker fields among `specs` (web.pages.forms) their choices."""
    for spec in specs:
        if spec.source == "child":
            spec.choices, spec.search_url = child_picker(values.get(spec.name))
        elif spec.source == "report_case":
            spec.choices = case_choices(actor(), exclude=case_id)
        elif spec.source == "institution":
            spec.choices = institution_choices(actor())
        elif spec.source == "place":
            spec.choices = place_choices(actor())
        elif spec.source == "benefit":
            spec.choices = benefit_choices(actor())


def search_url() -> str:
    return url_for("pages_pickers.children_found")


def chosen_id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None
