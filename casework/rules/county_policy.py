"""County policy values that change by effective date, without a code change: the kinds, what
each is keyed by, its default and its allowed range. A value in force on a day is the latest
version effective on or before it, else the default (docs/domain.md, "County policy")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from casework.rules.eligibility import max_age
from casework.vocabulary import AidItem


class Kind(StrEnum):
    AGE_LIMIT = "age_limit"  # the oldest age (周岁) an aid item is granted at, by aid item
    AID_BUDGET = "aid_budget"  # the year's rehab-aid budget in yuan (key "yuan"); 0: none


@dataclass(frozen=True)
class KindSpec:
    keys: tuple[str, ...]
    low: int
    high: int

    def default(self, kind: Kind, key: str) -> int:
        return DEFAULTS[kind](key)


SPECS = {
    # a child is under 18: no aid item may reach past 17
    Kind.AGE_LIMIT: KindSpec(tuple(i.value for i in AidItem), 0, 17),
    Kind.AID_BUDGET: KindSpec(("yuan",), 0, 2_000_000_000),
}
DEFAULTS: dict[Kind, Callable[[str], int]] = {
    Kind.AGE_LIMIT: lambda key: max_age(AidItem(key)),
    Kind.AID_BUDGET: lambda key: 0,  # no budget set
}


@dataclass(frozen=True)
class Version:
    """One version of one value: in force from `effective_from` until the next version's day."""

    key: str
    value: int
    effective_from: dt.date
    id: int | None = None


def in_force(kind: Kind, versions: Iterable[Version], day: dt.date) -> dict[str, int]:
    """Every key's value on `day`: its latest version effective by then, else the default."""
    values = {key: SPECS[kind].default(kind, key) for key in SPECS[kind].keys}
    for version in sorted(versions, key=lambda v: v.effective_from):
        if version.effective_from <= day and version.key in values:
            values[version.key] = version.value
    return values


def since(versions: Iterable[Version], key: str, day: dt.date) -> Version | None:
    """The version of `key` in force on `day` (None: the default)."""
    found = [v for v in versions if v.key == key and v.effective_from <= day]
    return max(found, key=lambda v: v.effective_from) if found else None
