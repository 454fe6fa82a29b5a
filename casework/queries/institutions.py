"""Designated institutions: who offers an aid item, with room for one more child, how far away."""

from __future__ import annotations

import math
from dataclasses import dataclass

from peewee import fn

from casework.models import Institution, Place, RehabApplication

# While an application is in one of these states it takes a place at its institution.
IN_CARE = ("referred", "accepted", "agreed", "in_rehabilitation")


@dataclass(frozen=True)
class Candidate:
    institution: Institution
    in_care: int
    distance_km: float | None

    @property
    def has_room(self) -> bool:
        return self.in_care < self.institution.capacity


def distance_km(a: Place | Institution, b: Place | Institution) -> float | None:
    """Great-circle distance; None when either end has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(6371.0 * 2 * math.asin(math.sqrt(h)), 1)


def in_care_counts() -> dict[int, int]:
    """Children each institution has in care now, by institution id."""
    return dict(
        RehabApplication.select(RehabApplication.institution, fn.COUNT(RehabApplication.id))
        .where(RehabApplication.state.in_(IN_CARE), RehabApplication.institution.is_null(False))
        .group_by(RehabApplication.institution)
        .tuples()
    )


def candidates(county_id: int, items: list[str], near: Place, exclude=()) -> list[Candidate]:
    """Active institutions of the county offering every item, nearest first."""
    load = in_care_counts()
    found = [
        Candidate(inst, load.get(inst.id, 0), distance_km(near, inst))
        for inst in Institution.select().where(
            Institution.county == county_id, Institution.active, Institution.id.not_in(exclude)
        )
        if set(items) <= set(inst.aid_items)
    ]
    return sorted(
        found, key=lambda c: (c.distance_km is None, c.distance_km or 0, c.institution.id)
    )


@dataclass(frozen=True)
class ReferralOptions:
    """Where an approved application may be referred, and where it goes unless the reviewer
    picks another: the guardian's choice while it offers the items and has not declined the
    child, else the nearest institution with room that has not declined."""

    candidates: list[Candidate]  # nearest first
    declined: frozenset[int]  # institutions that declined this application before
    preferred: int | None  # the guardian's choice
    proposed: Candidate | None
    basis: str | None  # "guardian_choice" or "nearest"; None when nothing is proposed

    def candidate(self, institution_id: int) -> Candidate | None:
        return next((c for c in self.candidates if c.institution.id == institution_id), None)


def referral_options(application: RehabApplication) -> ReferralOptions:
    items = [i.aid_item for i in application.items]
    declined = frozenset(r.institution_id for r in application.referrals if r.answer == "declined")
    found = candidates(application.county_id, items, application.place)
    preferred = application.preferred_institution_id
    chosen = next(
        (c for c in found if c.institution.id == preferred and preferred not in declined), None
    )
    basis = "guardian_choice" if chosen else None
    if chosen is None:
        chosen = next((c for c in found if c.has_room and c.institution.id not in declined), None)
        basis = "nearest" if chosen else None
    return ReferralOptions(found, declined, preferred, chosen, basis)
