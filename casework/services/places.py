"""The place tree and the designated institutions, kept by the county admin."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields
from peewee import IntegrityError

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted, not_found
from casework.models import Institution, Place
from casework.services import audit
from casework.vocabulary import AidItem, PlaceLevel, Role
from casework.workflows.definition import SYSTEM, Actor
from casework.workflows.payloads import Length, Range, Text, load_payload, one_of

# More children in care at once than any real institution takes: a typing slip, refused.
MAX_CAPACITY = 10_000
MAX_TEXT = 200  # name and address


def _coordinate(limit: int) -> fields.Float:
    within = FieldError(
        f"a number from -{limit} to {limit}",
        code="number_between",
        params={"min": -limit, "max": limit},
    )
    return fields.Float(
        load_default=None,
        validate=Range(min=-limit, max=limit, error=within),
        error_messages={"invalid": within, "special": within},
    )


class InstitutionPayload(Schema):
    """What the admin may set: one set of rules, which the API's request schema inherits and
    save_institution applies to every caller (the pages included)."""

    # two rules, not text()'s one Length(1, 200): blank and too long each say which it is
    name = Text(required=True, validate=[Length(min=1, error="required"), Length(max=MAX_TEXT)])
    address = Text(load_default="", validate=Length(max=MAX_TEXT))
    out_of_county = fields.Boolean(load_default=False)
    latitude = _coordinate(90)
    longitude = _coordinate(180)
    aid_items = fields.List(fields.String(validate=one_of(AidItem)), load_default=list)
    capacity = fields.Integer(
        load_default=0,
        validate=Range(
            min=0,
            max=MAX_CAPACITY,
            error=FieldError(
                f"a whole number from 0 to {MAX_CAPACITY}",
                code="whole_number_up_to",
                params={"max": MAX_CAPACITY},
            ),
        ),
        metadata={"description": "children in care at once"},
    )
    active = fields.Boolean(load_default=True)


CHILD_LEVEL = {
    None: PlaceLevel.COUNTY,
    PlaceLevel.COUNTY: PlaceLevel.TOWNSHIP,
    PlaceLevel.TOWNSHIP: PlaceLevel.VILLAGE,
}


def create_place(
    actor: Actor | None,
    *,
    name: str,
    code: str,
    parent_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    now: dt.datetime,
) -> Place:
    """Add a county (command line only), or a township or village under its parent."""
    if actor is not None and actor.role != Role.ADMIN:
        raise NotPermitted(
            "only the county's admin changes its places and institutions", code="admin_only"
        )
    parent = Place.get_or_none(id=parent_id) if parent_id else None
    if parent_id and parent is None:
        no_such = FieldError("no such place", code="no_such_place")
        raise Invalid("unknown parent place", {"parent_id": [no_such]}, code="unknown_place")
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise Invalid(
            "a village has no places below it",
            {"parent_id": [FieldError("is a village", code="village_has_no_places")]},
            code="village_has_no_places",
        )
    if actor is not None:
        _require_admin(actor, parent.county_id if parent else None)
    with write_transaction():
        try:
            place = Place.create(
                name=name,
                code=code,
                level=level,
                parent=parent,
                path="",
                latitude=latitude,
                longitude=longitude,
            )
        except IntegrityError:
            raise Conflict(
                f"place code {code!r} exists", code="place_code_taken", params={"code": code}
            ) from None
        place.path = f"{parent.path if parent else '/'}{place.id}/"
        place.save()
        audit.record(
            "place",
            place.id,
            "create",
            actor or SYSTEM,
            now,
            {"name": [None, name], "level": [None, level.value]},
        )
    return place


def places_in(actor: Actor) -> list[Place]:
    """The actor's county tree (institution staff: their institution's county)."""
    county = actor.county_id or _institution_county(actor)
    return list(Place.select().where(Place.path.startswith(f"/{county}/")).order_by(Place.path))


def save_institution(
    actor: Actor | None, values: dict, now: dt.datetime, institution_id: int | None = None
) -> Institution:
    """Create (with `county_id`) or change a designated institution of the admin's county."""
    if actor is not None and actor.role != Role.ADMIN:
        raise NotPermitted(
            "only the county's admin changes its places and institutions", code="admin_only"
        )
    values = dict(values)
    county_id = values.pop("county_id", None)
    values = load_payload(InstitutionPayload, values, partial=institution_id is not None)
    with write_transaction():
        if institution_id is None:
            county = Place.get_or_none(id=county_id, level=PlaceLevel.COUNTY)
            if county is None:
                raise Invalid(
                    "unknown county",
                    {"county_id": [FieldError("must be a county", code="not_a_county")]},
                    code="unknown_county",
                )
            if actor is not None:
                _require_admin(actor, county.id)
            institution = Institution(county=county.id)
        else:
            institution = Institution.get_or_none(id=institution_id)
            if institution is None:
                raise not_found("institution", institution_id)
            if actor is not None:
                _require_admin(actor, institution.county_id)
        changes = audit.diff(institution, values)
        institution.save()
        action = "create" if institution_id is None else "update"
        audit.record("institution", institution.id, action, actor or SYSTEM, now, changes)
    return institution


def institutions_for(actor: Actor) -> list[Institution]:
    county = actor.county_id or _institution_county(actor)
    return list(Institution.select().where(Institution.county == county).order_by(Institution.id))


def get_institution(actor: Actor, institution_id: int) -> Institution:
    """One institution designated by the actor's county."""
    institution = Institution.get_or_none(id=institution_id)
    if institution is None:
        raise not_found("institution", institution_id)
    if institution.county_id != (actor.county_id or _institution_county(actor)):
        raise NotPermitted(
            f"institution {institution_id} belongs to another county",
            code="institution_of_another_county",
            params={"id": institution_id},
        )
    return institution


def _institution_county(actor: Actor) -> int | None:
    if actor.institution_id:
        return Institution.get_by_id(actor.institution_id).county_id
    return None


def _require_admin(actor: Actor, county_id: int | None) -> None:
    if actor.role != Role.ADMIN or county_id is None or actor.county_id != county_id:
        raise NotPermitted(
            "only the county's admin changes its places and institutions", code="admin_only"
        )
