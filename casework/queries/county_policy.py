"""The county policy values in force (casework.rules.county_policy), read from the versions
the county admin entered (services.county_policy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from casework.models import Place, PolicyVersion
from casework.rules.county_policy import (
    CADENCE_KINDS,
    CONTACT_DAYS,
    ENTRY_WORKDAYS,
    URGENT_HOURS_DEFAULT,
    URGENT_HOURS_KEY,
    Kind,
    Version,
    county_visit_policy,
    in_force,
    since,
)
from casework.rules.visits import VisitPolicy
from casework.vocabulary import AidItem


def versions(county_id: int, kind: Kind) -> list[Version]:
    """Every version of the kind's values in the county, oldest first."""
    return versions_by_county(kind, county_id).get(county_id, [])


def versions_by_county(kind: Kind, county_id: int | None = None) -> dict[int, list[Version]]:
    """Every version of the kind's values by county (or in one county), oldest first."""
    rows = (
        PolicyVersion.select(
            PolicyVersion.id, PolicyVersion.county, PolicyVersion.key, PolicyVersion.value,
            PolicyVersion.effective_from, PolicyVersion.label,
        )
        .where(PolicyVersion.kind == kind.value)
        .order_by(PolicyVersion.effective_from, PolicyVersion.key)
    )  # fmt: skip
    if county_id is not None:
        rows = rows.where(PolicyVersion.county == county_id)
    found: dict[int, list[Version]] = {}
    for r in rows:
        found.setdefault(r.county_id, []).append(
            Version(r.key, r.value, r.effective_from, r.id, r.label)
        )
    return found


def values_on(
    county_id: int | None, kind: Kind, day: dt.date, defaults: Mapping[str, int] | None = None
) -> dict[str, int]:
    found = [] if county_id is None else versions(county_id, kind)
    return in_force(kind, found, day, defaults)


def age_limits(county_id: int | None, day: dt.date) -> dict[AidItem, int]:
    """Each aid item's age limit in the county on `day` (the day an application was made)."""
    return {AidItem(k): v for k, v in values_on(county_id, Kind.AGE_LIMIT, day).items()}


def age_limit_versions(county_id: int, day: dt.date) -> dict[str, int]:
    """The id of each aid item's age-limit version in force on `day`, for the items the
    county has one for (the others are at the default)."""
    found = versions(county_id, Kind.AGE_LIMIT)
    in_force = [since(found, key, day) for key in {v.key for v in found}]
    return {v.key: v.id for v in in_force if v is not None and v.id is not None}


def visit_policy_of(county_id: int | None, day: dt.date) -> VisitPolicy:
    """The county's visit cadence on `day` (its own categories visited monthly included)."""
    found = {} if county_id is None else {k: versions(county_id, k) for k in CADENCE_KINDS}
    return county_visit_policy(found, day)


def child_categories(county_id: int | None, day: dt.date) -> dict[str, Version]:
    """The categories the county set itself offered on `day`, by code, each with the version
    in force (its Chinese name in `label`, its cadence in `value`)."""
    found = [] if county_id is None else versions(county_id, Kind.CHILD_CATEGORY)
    offered = {}
    for key in dict.fromkeys(v.key for v in found):
        current = since(found, key, day)
        if current is not None and current.value:
            offered[key] = current
    return offered


def category_names(county_id: int | None) -> dict[str, str]:
    """The Chinese name of every category the county ever set itself (a file keeps a category
    since withdrawn, and still reads as it did), the latest wording."""
    found = [] if county_id is None else versions(county_id, Kind.CHILD_CATEGORY)
    return {v.key: v.label for v in found if v.label}


def visit_policies(day: dt.date) -> dict[VisitPolicy, list[int]]:
    """The counties by the visit cadence in force on `day` (their own categories visited
    monthly included, as visit_policy_of), for the set-based reminder scans: counties sharing
    a cadence are scanned together."""
    counties = Place.select(Place.id).where(Place.parent.is_null()).order_by(Place.id)
    # one query per cadence kind, not one per county
    found = {kind: versions_by_county(kind) for kind in CADENCE_KINDS}
    groups: dict[VisitPolicy, list[int]] = {}
    for county in counties:
        own = {kind: by_county.get(county.id, []) for kind, by_county in found.items()}
        groups.setdefault(county_visit_policy(own, day), []).append(county.id)
    return groups


def aid_target(county_id: int | None, year: int, day: dt.date, default: int) -> int:
    """The county's target of children aided in `year`, as set on `day` (`default`: the
    deployment's figure when the county set none)."""
    return values_on(county_id, Kind.AID_TARGET, day, {str(year): default})[str(year)]


def rejection_codes(county_id: int | None, day: dt.date) -> dict[str, Version | None]:
    """The rejection codes offered on `day`, each with the version that offers it (None: the
    default list), in the order of the defaults then the county's own."""
    found = [] if county_id is None else versions(county_id, Kind.REJECTION_CODE)
    values = in_force(Kind.REJECTION_CODE, found, day)
    return {code: since(found, code, day) for code, value in values.items() if value}


def escalation_versions(day: dt.date) -> dict[str, dict[int, Version]]:
    """The escalation grace in force on `day` for each reminder kind a county set one for:
    kind -> county -> version (a county without one keeps its general grace). One query for
    every kind: the scan reads it once, not once per rule."""
    rows = (
        PolicyVersion.select()
        .where(
            PolicyVersion.kind == Kind.ESCALATION_GRACE.value,
            PolicyVersion.effective_from <= day,
        )
        .order_by(PolicyVersion.effective_from)
    )
    found: dict[str, dict[int, Version]] = {}
    for r in rows:  # later versions overwrite earlier ones
        found.setdefault(r.key, {})[r.county_id] = Version(
            r.key, r.value, r.effective_from, r.id, r.label
        )
    return found


def benefits_offered(county_id: int, day: dt.date) -> list[str]:
    """The county's benefit list on `day`: the benefits it offers, the vocabulary's first."""
    return [k for k, v in values_on(county_id, Kind.BENEFIT, day).items() if v]


def national_entry_workdays(county_id: int | None, day: dt.date) -> int:
    """Working days after approval an application must be entered in the national system
    by, as set on `day`."""
    return values_on(county_id, Kind.NATIONAL_ENTRY, day)[ENTRY_WORKDAYS]


def contact_days(county_id: int | None, day: dt.date) -> int:
    """Days a parent working away may go without contacting a left-behind child, on `day`."""
    return values_on(county_id, Kind.PARENT_CONTACT, day)[CONTACT_DAYS]


def urgent_hours(county_id: int | None, day: dt.date) -> tuple[int, Version | None]:
    """The calendar hours an urgent report filed on `day` is accepted or screened out in, and
    the version that sets them (None: the default, 24)."""
    found = [] if county_id is None else versions(county_id, Kind.URGENT_HOURS)
    version = since(found, URGENT_HOURS_KEY, day)
    return (version.value if version else URGENT_HOURS_DEFAULT), version
