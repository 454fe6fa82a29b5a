"""The place tree and the designated institutions, kept by the county admin."""

from __future__ import annotations

import datetime as dt

from peewee import IntegrityError

from casework.db import write_transaction
from casework.errors import Conflict, Invalid, NotFound, NotPermitted
from casework.models import Institution, Place
from casework.services import audit
from casework.vocabulary import AidItem, PlaceLevel, Role
from casework.workflows.definition import SYSTEM, Actor

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
        raise NotPermitted("only the county's admin changes its places and institutions")
    parent = Place.get_or_none(id=parent_id) if parent_id else None
    if parent_id and parent is None:
        raise Invalid("unknown parent place", {"parent_id": ["no such place"]})
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise Invalid("a village has no places below it", {"parent_id": ["is a village"]})
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
            raise Conflict(f"place code {code!r} exists") from None
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
    """Create or change a designated institution of the admin's county."""
    if actor is not None and actor.role != Role.ADMIN:
        raise NotPermitted("only the county's admin changes its places and institutions")
    unknown = [i for i in values.get("aid_items", []) if i not in set(AidItem)]
    if unknown:
        raise Invalid("unknown aid items", {"aid_items": [f"unknown: {', '.join(unknown)}"]})
    if values.get("capacity", 0) < 0:
        raise Invalid("capacity below zero", {"capacity": ["must be 0 or more"]})
    with write_transaction():
        if institution_id is None:
            county = Place.get_or_none(id=values.get("county_id"), level=PlaceLevel.COUNTY)
            if county is None:
                raise Invalid("unknown county", {"county_id": ["must be a county"]})
            if actor is not None:
                _require_admin(actor, county.id)
            institution = Institution(county=county.id)
        else:
            institution = Institution.get_or_none(id=institution_id)
            if institution is None:
                raise NotFound(f"institution {institution_id} does not exist")
            if actor is not None:
                _require_admin(actor, institution.county_id)
        values = {k: v for k, v in values.items() if k != "county_id"}
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
        raise NotFound(f"institution {institution_id} does not exist")
    if institution.county_id != (actor.county_id or _institution_county(actor)):
        raise NotPermitted(f"institution {institution_id} belongs to another county")
    return institution


def _institution_county(actor: Actor) -> int | None:
    if actor.institution_id:
        return Institution.get_by_id(actor.institution_id).county_id
    return None


def _require_admin(actor: Actor, county_id: int | None) -> None:
    if actor.role != Role.ADMIN or county_id is None or actor.county_id != county_id:
        raise NotPermitted("only the county's admin changes its places and institutions")
