"""The county policy values in force (casework.rules.county_policy), read from the versions
the county admin entered (services.county_policy)."""

from __future__ import annotations

import datetime as dt

from casework.models import PolicyVersion
from casework.rules.county_policy import Kind, Version, in_force
from casework.vocabulary import AidItem


def versions(county_id: int, kind: Kind) -> list[Version]:
    """Every version of the kind's values in the county, oldest first."""
    rows = (
        PolicyVersion.select(
            PolicyVersion.id, PolicyVersion.key, PolicyVersion.value, PolicyVersion.effective_from
        )
        .where(PolicyVersion.county == county_id, PolicyVersion.kind == kind.value)
        .order_by(PolicyVersion.effective_from, PolicyVersion.key)
    )
    return [Version(r.key, r.value, r.effective_from, r.id) for r in rows]


def values_on(county_id: int | None, kind: Kind, day: dt.date) -> dict[str, int]:
    found = [] if county_id is None else versions(county_id, kind)
    return in_force(kind, found, day)


def age_limits(county_id: int | None, day: dt.date) -> dict[AidItem, int]:
    """Each aid item's age limit in the county on `day` (the day an application was made)."""
    return {AidItem(k): v for k, v in values_on(county_id, Kind.AGE_LIMIT, day).items()}


def benefits_offered(county_id: int, day: dt.date) -> list[str]:
    """The county's benefit list on `day`: the benefits it offers, the vocabulary's first."""
    return [k for k, v in values_on(county_id, Kind.BENEFIT, day).items() if v]
