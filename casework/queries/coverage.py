"""Coverage of the protection network: every village needs an active child director
(儿童主任) and every township an active child supervisor (儿童督导员). A gap is a place
without one; the county admin appoints, and a reminder stays open until someone holds it."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import SQL, fn

from casework.models import Place, User
from casework.vocabulary import PlaceLevel, Role

# the role each level of place must have, held by an active user placed there
REQUIRED: dict[str, Role] = {
    PlaceLevel.VILLAGE: Role.CHILD_DIRECTOR,
    PlaceLevel.TOWNSHIP: Role.CHILD_SUPERVISOR,
}


@dataclass(frozen=True)
class Gap:
    place_id: int
    name: str
    level: str  # vocabulary.PlaceLevel
    township: str  # the village's township ("" for a township)
    missing: str  # the role nobody holds there


def held(place, role: Role):
    """SQL: an active user of `role` is placed at `place` (a Place column)."""
    return fn.EXISTS(
        User.select(SQL("1")).where(
            User.place == place,
            User.role == str(role),
            User.active == True,  # noqa: E712
        )
    )


def uncovered(level: str):
    """Places of `level` (village or township) whose required role nobody active holds."""
    return Place.select().where(Place.level == level, ~held(Place.id, REQUIRED[level]))


def gaps(county_id: int) -> list[Gap]:
    """The county's uncovered townships, then villages, each by township and name."""
    found: list[Gap] = []
    for level in (PlaceLevel.TOWNSHIP, PlaceLevel.VILLAGE):
        parent = Place.alias("parent")
        query = (
            uncovered(level)
            .select(Place.id, Place.name, parent.name)
            .join(parent, on=(Place.parent == parent.id))
            .where(Place.path.startswith(f"/{county_id}/"))
            .order_by(parent.name, Place.name, Place.id)
        )
        for place_id, name, parent_name in query.tuples():
            township = parent_name if level == PlaceLevel.VILLAGE else ""
            found.append(Gap(place_id, name, str(level), township, str(REQUIRED[level])))
    return found


def places_counted(county_id: int) -> dict[str, int]:
    """How many villages and townships the county has (the coverage rate's denominators)."""
    rows = (
        Place.select(Place.level, fn.COUNT(Place.id))
        .where(Place.path.startswith(f"/{county_id}/"), Place.level.in_(list(REQUIRED)))
        .group_by(Place.level)
        .tuples()
    )
    counts = dict(rows)
    return {str(level): counts.get(str(level), 0) for level in REQUIRED}
