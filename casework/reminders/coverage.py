"""A village without an active child director, or a township without an active child
supervisor: the county admin must appoint one. Reminded to the admin until filled.

The reminder's subject is the place (entity "place"). Its instance is the last user who held
the role there ("0" for never held), so a place emptied again after a new appointment raises
a new reminder rather than finding the old, resolved one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import SQL, Cast, Value, fn

from casework.models import Place, Reminder, User
from casework.queries.coverage import REQUIRED, held
from casework.reminders.rules import OPEN, Rule
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import Responsible


def _county(place, level: str):
    """The place's county: a township's parent, a village's grandparent (scalar subquery)."""
    if level == PlaceLevel.TOWNSHIP:
        return place.parent
    township = Place.alias("gap_township")
    return township.select(township.parent).where(township.id == place.parent)


def _last_holder(place, role: Role):
    holders = User.select(fn.MAX(User.id)).where(User.place == place.id, User.role == str(role))
    return Cast(fn.COALESCE(holders, 0), "TEXT")


@dataclass(frozen=True)
class CoverageGap(Rule):
    """A place of `level` without an active holder of its required role."""

    level: str = PlaceLevel.VILLAGE

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        role = REQUIRED[self.level]
        row = [
            Value(self.name),
            Value(self.entity),
            Place.id,
            _last_holder(Place, role),
            _county(Place, self.level),
            SQL("NULL"),
            Value(now),  # due at once: the place is uncovered now
            Value(self.responsible.severity),
            SQL("NULL"),  # the assignee: the scan routes every new reminder at once
            Value(OPEN),
            Value(now),
            Value(""),
            Value(False),
        ]
        query = Place.select(*row).where(Place.level == self.level, ~held(Place.id, role))
        return [self.insert(query)]

    def resolve(self, now: dt.datetime):
        place = Place.alias("subject")
        covered = place.select(SQL("1")).where(
            place.id == Reminder.entity_id, held(place.id, REQUIRED[self.level])
        )
        return self.resolved(now, fn.EXISTS(covered))


# The admin appoints; no one above the admin in the county, so the admin supervises too.
ADMIN_APPOINTS: dict[str, Any] = dict(
    role=Role.ADMIN, scope="county", supervisor=Role.ADMIN, supervisor_scope="county"
)
VILLAGE_WITHOUT_DIRECTOR = CoverageGap(
    "coverage.village_director",
    "place",
    Place,
    Responsible(**ADMIN_APPOINTS, title="村(居)无在岗儿童主任"),
    level=PlaceLevel.VILLAGE,
)
TOWNSHIP_WITHOUT_SUPERVISOR = CoverageGap(
    "coverage.township_supervisor",
    "place",
    Place,
    Responsible(**ADMIN_APPOINTS, title="乡镇(街道)无在岗儿童督导员"),
    level=PlaceLevel.TOWNSHIP,
)
