"""County policy values that change by effective date, without a code change: the kinds, what
each is keyed by, its default and its allowed values. A value in force on a day is the latest
version effective on or before it, else the default (docs/domain.md, "County policy").

Most kinds have a fixed list of keys (an aid item, a visit cadence's figure). Two are open:
the aid target is keyed by the year it counts, and a county may add rejection codes of its
own (a code with its wording); the escalation grace is keyed by the reminder kinds, which the
service knows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from casework.rules.eligibility import max_age
from casework.rules.visits import VisitPolicy
from casework.vocabulary import AidItem, Benefit, ChildCategory, DifficultyCategory, RejectionCode


class Kind(StrEnum):
    AGE_LIMIT = "age_limit"  # the oldest age (周岁) an aid item is granted at, by aid item
    VISIT_CADENCE = "visit_cadence"  # regular visits, monitoring follow-ups, home education
    AID_TARGET = "aid_target"  # children to aid in a year, by year ("2027")
    REJECTION_CODE = "rejection_code"  # 1: offered to the auditor, 0: withdrawn; by code
    ESCALATION_GRACE = "escalation_grace"  # working days before escalation, by reminder kind
    # the county's benefit list, by benefit: 1 offered, 0 no longer; besides the benefits
    # every county offers (vocabulary.Benefit), the county adds its own, keyed by their name
    BENEFIT = "benefit"
    # days a parent working away may go without contacting a left-behind child before the
    # child director is reminded (reminders/family.py)
    PARENT_CONTACT = "parent_contact"
    AID_BUDGET = "aid_budget"  # the year's rehab-aid budget in yuan (key "yuan"); 0: none
    # working days after approval an application must be entered in the national system by
    # before the federation's reviewer is reminded (reminders/national_entry.py); 0: never
    NATIONAL_ENTRY = "national_entry"
    # calendar hours from its filing an urgent mandatory report is accepted or screened out
    # in, weekends and holidays included (key "hours"); the report keeps the version
    URGENT_HOURS = "urgent_hours"
    # the categories the county sets itself, by code, with their Chinese name: a clerk sets
    # one on a file with a reason (flagged for the supervisor like any category the facts do
    # not show); 0: no longer offered, else the regular-visit cadence of a child in it
    # (1: monthly, 3: quarterly, as a registered child is visited anyway)
    CHILD_CATEGORY = "child_category"


CONTACT_DAYS = "days_without_contact"  # PARENT_CONTACT's one key
CONTACT_DAYS_DEFAULT = 60  # two months without a call or a visit
ENTRY_WORKDAYS = "workdays"  # NATIONAL_ENTRY's one key
# 0: no reminder until the county sets its days (the national system's time limit is the
# province's, not a figure every county shares)
ENTRY_WORKDAYS_DEFAULT = 0
URGENT_HOURS_KEY = "hours"  # URGENT_HOURS's one key
URGENT_HOURS_DEFAULT = 24  # a day and a night, whatever the day
URGENT_HOURS_MOST = 366  # as long as any deadline of the county's may run


# Regular visits: months between two, by category, and for a child with an open
# mandatory-report case (the risk that outranks the category). 1: monthly, 3: quarterly.
OPEN_REPORT = "open_report"
REGULAR_KEYS = tuple(f"regular.{c.value}" for c in DifficultyCategory) + (f"regular.{OPEN_REPORT}",)
MONTHLY, QUARTERLY = 1, 3
VISIT_FIGURES = {  # key: (default, lowest, highest)
    "monitoring_days": (14, 1, 60),  # a monitored case's follow-up, every so many days
    "due_soon_days": (7, 0, 30),  # shown as due so many days before
    "home_visits_a_month": (2, 1, 8),  # home education: visits a month at the least
    "home_hours_a_visit": (2, 1, 8),  # class hours for a visit to count
    "home_hours_a_year": (40, 0, 400),  # class hours a school year at the least
}
AID_TARGET_DEFAULT = 270  # children aided a year when the county set none
FIRST_YEAR, LAST_YEAR = 2000, 2100
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def _regular_default(key: str) -> int:
    return MONTHLY if key in ("regular.guardianship", f"regular.{OPEN_REPORT}") else QUARTERLY


def _visit_default(key: str) -> int:
    return _regular_default(key) if key in REGULAR_KEYS else VISIT_FIGURES[key][0]


def _county_category(key: str) -> bool:
    """A county's own category: a code of small letters, digits and _ that is not one of the
    categories every county has."""
    return bool(CODE.match(key)) and key not in set(ChildCategory)


def _benefit_name(key: str) -> bool:
    """A benefit the county adds is named by its name: up to 40 characters, no spaces."""
    return 0 < len(key) <= 40 and not any(c.isspace() for c in key)


def _is_year(key: str) -> bool:
    return key.isdigit() and len(key) == 4 and FIRST_YEAR <= int(key) <= LAST_YEAR


@dataclass(frozen=True)
class KindSpec:
    keys: tuple[str, ...]  # the keys every county has (with their defaults)
    default: Callable[[str], int]
    allowed: Callable[[str], range | tuple[int, ...]]  # the values a key may take
    more_keys: Callable[[str], bool] = lambda key: False  # keys beyond `keys` the kind takes
    labelled: bool = False  # a version carries its wording (a county's own rejection code)
    decides: str = ""  # what decisions the value takes part in (for the docs and the API)

    def accepts(self, key: str) -> bool:
        return key in self.keys or self.more_keys(key)


def _visit_allowed(key: str) -> range | tuple[int, ...]:
    if key in REGULAR_KEYS:
        return (MONTHLY, QUARTERLY)
    _, low, high = VISIT_FIGURES[key]
    return range(low, high + 1)


SPECS = {
    # a child is under 18: no aid item may reach past 17
    Kind.AGE_LIMIT: KindSpec(
        tuple(i.value for i in AidItem), lambda key: max_age(AidItem(key)),
        lambda key: range(0, 18),
        decides="applications for the aid item, assessed on the day they were made",
    ),
    Kind.VISIT_CADENCE: KindSpec(
        REGULAR_KEYS + tuple(VISIT_FIGURES), _visit_default, _visit_allowed,
        decides="visit reminders raised and visits shown due",
    ),
    Kind.AID_TARGET: KindSpec(
        (), lambda key: AID_TARGET_DEFAULT, lambda key: range(0, 100_001), more_keys=_is_year,
        decides="none: the dashboard's progress",
    ),
    Kind.REJECTION_CODE: KindSpec(
        tuple(c.value for c in RejectionCode), lambda key: 1 if key in set(RejectionCode) else 0,
        lambda key: (0, 1), more_keys=lambda key: bool(CODE.match(key)), labelled=True,
        decides="claim lines rejected with the code",
    ),
    Kind.ESCALATION_GRACE: KindSpec(
        (), lambda key: 2, lambda key: range(0, 31), decides="reminders escalated",
    ),
    Kind.BENEFIT: KindSpec(
        tuple(b.value for b in Benefit), lambda key: 1 if key in set(Benefit) else 0,
        lambda key: (0, 1), more_keys=_benefit_name,
        decides="benefits recorded on a child's file",
    ),
    Kind.PARENT_CONTACT: KindSpec(
        (CONTACT_DAYS,), lambda key: CONTACT_DAYS_DEFAULT, lambda key: range(7, 366),
        decides="none: reminders raised when a parent has not been in contact",
    ),
    Kind.AID_BUDGET: KindSpec(
        ("yuan",), lambda key: 0, lambda key: range(0, 2_000_000_001),
        decides="none: the money paid against the year's budget",
    ),
    Kind.NATIONAL_ENTRY: KindSpec(
        (ENTRY_WORKDAYS,), lambda key: ENTRY_WORKDAYS_DEFAULT, lambda key: range(0, 61),
        decides="none: reminders raised when an approved application is not entered in the "
        "national system",
    ),
    Kind.URGENT_HOURS: KindSpec(
        (URGENT_HOURS_KEY,), lambda key: URGENT_HOURS_DEFAULT,
        lambda key: range(1, URGENT_HOURS_MOST + 1),
        decides="urgent reports filed: the deadline to accept or screen them out",
    ),
    Kind.CHILD_CATEGORY: KindSpec(
        (), lambda key: 0, lambda key: (0, MONTHLY, QUARTERLY), more_keys=_county_category,
        labelled=True,
        decides="categories a clerk may set on a child's file (with a reason), and the "
        "regular-visit cadence of a child in one",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Version:
    """One version of one value: in force from `effective_from` until the next version's day."""

    key: str
    value: int
    effective_from: dt.date
    id: int | None = None
    label: str = ""


def in_force(
    kind: Kind, versions: Iterable[Version], day: dt.date, defaults: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Every key's value on `day`: its latest version effective by then, else the default
    (`defaults` where the caller knows better, e.g. the county's grace for every reminder)."""
    spec = SPECS[kind]
    values = {key: spec.default(key) for key in spec.keys}
    values.update(defaults or {})
    for version in sorted(versions, key=lambda v: v.effective_from):
        if version.effective_from <= day and (version.key in values or spec.more_keys(version.key)):
            values[version.key] = version.value
    return values


def since(versions: Iterable[Version], key: str, day: dt.date) -> Version | None:
    """The version of `key` in force on `day` (None: the default)."""
    found = [v for v in versions if v.key == key and v.effective_from <= day]
    return max(found, key=lambda v: v.effective_from) if found else None


# The kinds a county's visit cadence is read from: its cadence values, and its own categories
# (each names the regular-visit cadence of a child in it). The visit lists, the reminder scans
# and the rates build the cadence from both (county_visit_policy); a visit reminder keeps the
# newest version of either it read (cadence_read), and a change of either from a day a
# reminder read it is refused.
CADENCE_KINDS = (Kind.VISIT_CADENCE, Kind.CHILD_CATEGORY)


def county_visit_policy(versions: Mapping[Kind, Iterable[Version]], day: dt.date) -> VisitPolicy:
    """A county's visit cadence on `day`, as the visit rules take it, from its versions of the
    cadence kinds (`versions`: by kind; a kind left out, its defaults only): the one way every
    reader builds it."""
    return _visit_policy(
        in_force(Kind.VISIT_CADENCE, versions.get(Kind.VISIT_CADENCE, ()), day),
        in_force(Kind.CHILD_CATEGORY, versions.get(Kind.CHILD_CATEGORY, ()), day),
    )


def cadence_read(keys: Iterable[str]) -> dict[Kind, tuple[str, ...] | None]:
    """The versions a visit rule reading the visit-cadence values `keys` is raised under, by
    cadence kind, each with the keys it reads (None: every key): those values; and for a rule
    reading the regular visits' cadence, every category of the county's own, since a child in
    one is visited at the category's cadence."""
    keys = tuple(keys)
    read: dict[Kind, tuple[str, ...] | None] = {Kind.VISIT_CADENCE: keys}
    if set(keys) & set(REGULAR_KEYS):
        read[Kind.CHILD_CATEGORY] = None
    return read


def reads_cadence(keys: Iterable[str], kind: Kind, key: str) -> bool:
    """A visit rule reading the visit-cadence values `keys` reads `key` of `kind`."""
    read = cadence_read(keys)
    return kind in read and (read[kind] is None or key in (read[kind] or ()))


def _visit_policy(
    values: Mapping[str, int], categories: Mapping[str, int] | None = None
) -> VisitPolicy:
    """The visit cadence of `in_force(Kind.VISIT_CADENCE, ...)` as the visit rules take it;
    `categories`: the county's own categories in force (`in_force(Kind.CHILD_CATEGORY, ...)`),
    those visited monthly joining the monthly ones (county_visit_policy reads both)."""
    monthly = frozenset(
        c.value for c in DifficultyCategory if values[f"regular.{c.value}"] == MONTHLY
    ) | {code for code, value in (categories or {}).items() if value == MONTHLY}
    return VisitPolicy(
        monthly_categories=monthly,
        monthly_open_report=values[f"regular.{OPEN_REPORT}"] == MONTHLY,
        **{name: values[name] for name in VISIT_FIGURES},
    )
