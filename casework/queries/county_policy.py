"""The county policy values in force (casework.rules.county_policy), read from the versions
the county admin entered (services.county_policy)."""

from __future__ import annotations

import datetime as dt

from casework.models import PolicyVersion
from casework.rules.county_policy import CONTACT_DAYS, Kind, Version, in_force
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


def contact_days(county_id: int | None, day: dt.date) -> int:
    """Days a parent working away may go without contacting a left-behind child, on `day`."""
    return values_on(county_id, Kind.PARENT_CONTACT, day)[CONTACT_DAYS]
