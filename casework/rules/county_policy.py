"""County policy values that change by effective date, without a code change: the kinds, what
each is keyed by, its default and its allowed range. A value in force on a day is the latest
version effective on or before it, else the default (docs/domain.md, "County policy")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from casework.rules.eligibility import max_age
from casework.vocabulary import AidItem, Benefit


class Kind(StrEnum):
    AGE_LIMIT = "age_limit"  # the oldest age (周岁) an aid item is granted at, by aid item
    # the county's benefit list, by benefit: 1 offered, 0 no longer; besides the benefits
    # every county offers (vocabulary.Benefit), the county adds its own, keyed by their name
    BENEFIT = "benefit"


@dataclass(frozen=True)
class KindSpec:
    keys: tuple[str, ...]
    low: int
    high: int
    # the county may add keys of its own (a name, up to this many characters, no spaces)
    open_keys: int = 0

    def default(self, kind: Kind, key: str) -> int:
        return DEFAULTS[kind](key)

    def accepts(self, key: str) -> bool:
        if key in self.keys:
            return True
        return 0 < len(key) <= self.open_keys and not any(c.isspace() for c in key)


SPECS = {
    # a child is under 18: no aid item may reach past 17
    Kind.AGE_LIMIT: KindSpec(tuple(i.value for i in AidItem), 0, 17),
    Kind.BENEFIT: KindSpec(tuple(b.value for b in Benefit), 0, 1, open_keys=40),
}
DEFAULTS: dict[Kind, Callable[[str], int]] = {
    Kind.AGE_LIMIT: lambda key: max_age(AidItem(key)),
    # every county offers the benefits of the vocabulary; one it adds from its first version
    Kind.BENEFIT: lambda key: 1 if key in set(Benefit) else 0,
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
    spec = SPECS[kind]
    values = {key: spec.default(kind, key) for key in spec.keys}
    for version in sorted(versions, key=lambda v: v.effective_from):
        if version.effective_from <= day and (version.key in values or spec.open_keys):
            values[version.key] = version.value
    return values


def since(versions: Iterable[Version], key: str, day: dt.date) -> Version | None:
    """The version of `key` in force on `day` (None: the default)."""
    found = [v for v in versions if v.key == key and v.effective_from <= day]
    return max(found, key=lambda v: v.effective_from) if found else None
