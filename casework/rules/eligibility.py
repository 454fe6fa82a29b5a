"""Who may receive rehabilitation aid (docs/domain.md, "Eligibility").

The result lists every reason a child falls short, so the reviewer sees all of them at once;
an ineligible application can still be approved, but only with a written override reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casework.vocabulary import AidItem, DisabilityType, DocumentKind, ResidenceBasis

# Oldest age in completed years (周岁) at which a child still qualifies.
MAX_AGE_BY_DISABILITY = {
    DisabilityType.LIMB: 7,
    DisabilityType.VISUAL: 14,
    DisabilityType.HEARING: 14,
    DisabilityType.SPEECH: 14,
    DisabilityType.INTELLECTUAL: 14,
    DisabilityType.AUTISM: 14,
}
MAX_AGE_BY_ITEM = {
    AidItem.LIMB_SURGERY: 17,
    AidItem.COCHLEAR_IMPLANT: 6,
    AidItem.EARLY_INTERVENTION: 3,  # policy default
}


@dataclass(frozen=True)
class Shortfall:
    """One reason a child falls short: its code, English words (for logs and API clients),
    the aid item it concerns, and the params of its message (the pages word it by code)."""

    code: str
    message: str
    item: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligibility:
    shortfalls: tuple[Shortfall, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return not self.shortfalls

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reasons": [
                {"code": s.code, "message": s.message, "item": s.item, "params": s.params}
                for s in self.shortfalls
            ],
        }


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Completed years on `on`; a 29 February birthday comes on 1 March in common years."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def max_age(item: AidItem, limits: Mapping[AidItem, int] | None = None) -> int:
    """The item's age limit: the county's in force (`limits`), else the policy default."""
    if limits is not None and item in limits:
        return limits[item]
    if item in MAX_AGE_BY_ITEM:
        return MAX_AGE_BY_ITEM[item]
    if item.disability is None:  # an item for any disability must have a limit of its own
        raise LookupError(f"no age limit for {item}")
    return MAX_AGE_BY_DISABILITY[item.disability]


def evaluate(
    *,
    birth_date: dt.date,
    residence_basis: str | None,
    disability_types: Iterable[str],
    items: Iterable[AidItem],
    applied_on: dt.date,
    documents_received: Iterable[str],
    items_already_granted: Iterable[str] = (),
    age_limits: Mapping[AidItem, int] | None = None,
) -> Eligibility:
    """Check residence, certificate, age per item (against the county's `age_limits` in force
    on the day applied, else the defaults) and the once-per-aid-year rule."""
    shortfalls: list[Shortfall] = []
    if residence_basis not in set(ResidenceBasis):
        shortfalls.append(
            Shortfall("residence", "no permanent hukou, temporary hukou or residence permit")
        )
    if DocumentKind.DIAGNOSIS not in set(documents_received):
        shortfalls.append(Shortfall("diagnosis", "no diagnosis/assessment certificate received"))
    age = age_in_years(birth_date, applied_on)
    disabilities = set(disability_types)
    granted = set(items_already_granted)
    for item in items:
        if item.disability is not None and item.disability not in disabilities:
            message = f"child has no {item.disability} disability on file"
            params: dict[str, Any] = {"disability": str(item.disability)}
            shortfalls.append(Shortfall("disability", message, item, params))
        limit = max_age(item, age_limits)
        if age > limit:
            message = f"age {age} on {applied_on} is above the limit of {limit}"
            params = {"age": age, "day": applied_on.isoformat(), "limit": limit}
            shortfalls.append(Shortfall("age", message, item, params))
        if item in granted:
            shortfalls.append(
                Shortfall("duplicate", "already granted to this child in this aid year", item)
            )
    return Eligibility(tuple(shortfalls))
