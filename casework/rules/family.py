"""A child's categories as they follow from the family's facts, each with why; and the
facts' own consistency (a deceased parent cannot be the carer, a parent working away is
somewhere). Pure: the service passes the facts and today.

The categories (docs/child-protection.md, "Family situation and categories"):

- orphan (孤儿): both parents deceased;
- de facto unsupported (事实无人抚养): both parents unable to raise the child (missing,
  imprisoned, in compulsory drug rehabilitation, seriously ill, severely disabled,
  guardianship revoked, deported), or one deceased and the other unable;
- left behind (留守, under 16): both parents working away, or one away and the other
  deceased or unable;
- family difficulty: the family receives 低保 or 特困 support;
- own difficulty: the child is disabled or seriously ill;
- guardianship: no parent at home and no carer named, or a parent's guardianship revoked.

The county's own categories follow from no fact: a clerk sets them with a reason (`temporary`,
every county's "other", and those a county defines itself by county policy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from casework.errors import FieldError
from casework.vocabulary import ChildCategory, ParentRole, ParentSituation, Subsistence

C, S = ChildCategory, ParentSituation
# unable to raise the child, though alive (the de facto unsupported child's list)
UNABLE = frozenset(
    {
        S.MISSING,
        S.IMPRISONED,
        S.DRUG_REHAB,
        S.SERIOUSLY_ILL,
        S.SEVERELY_DISABLED,
        S.GUARDIANSHIP_REVOKED,
        S.DEPORTED,
    }
)
# cannot be the one caring for the child day to day
CANNOT_CARE = UNABLE | {S.DECEASED, S.WORKING_AWAY}
LEFT_BEHIND_UNDER = 16  # 农村留守儿童: under sixteen


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on `day` (one born on 29 February is a year older on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def born_by(today: dt.date, years: int) -> dt.date:
    """The last birth date of one who is `years` old on `today` (one born on 29 February is
    a year older on 1 March, as age_on): the birthday jobs' bound."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February: one born on the 28th has the birthday
        return dt.date(today.year - years, 2, 28)


def birthday(birth: dt.date, years: int) -> dt.date:
    """The day one born on `birth` turns `years` old (29 February: 1 March, as age_on)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(birth.year + years, 3, 1)


@dataclass(frozen=True)
class ParentFact:
    role: ParentRole
    situation: ParentSituation
    since: dt.date | None = None
    until: dt.date | None = None
    away_place: str = ""


@dataclass(frozen=True)
class FamilyFacts:
    parents: Sequence[ParentFact] = ()
    has_carer: bool = False
    carer_parent: ParentRole | None = None  # the carer is this parent
    subsistence: Subsistence = Subsistence.NONE
    disabled: bool = False
    seriously_ill: bool = False
    age: int = 0

    def situation_of(self, role: ParentRole) -> ParentSituation:
        """A parent not recorded is unknown."""
        found = next((p.situation for p in self.parents if p.role == role), None)
        return S.UNKNOWN if found is None else found


@dataclass(frozen=True)
class Derived:
    """One category and the rule that gave it (`because`, a stable code the pages word)."""

    category: ChildCategory
    because: str
    params: dict[str, str] = field(default_factory=dict)


def derive(facts: FamilyFacts) -> list[Derived]:
    """The categories the facts show, in ChildCategory's order."""
    father, mother = facts.situation_of(ParentRole.FATHER), facts.situation_of(ParentRole.MOTHER)
    pair = {father, mother}
    found: list[Derived] = []
    orphan = father == mother == S.DECEASED
    if orphan:
        found.append(Derived(C.ORPHAN, "both_parents_deceased"))
    elif father in UNABLE and mother in UNABLE:
        found.append(Derived(C.UNSUPPORTED, "both_parents_unable", _pair(father, mother)))
    elif S.DECEASED in pair and pair - {S.DECEASED} <= UNABLE:
        found.append(Derived(C.UNSUPPORTED, "one_deceased_other_unable", _pair(father, mother)))
    if S.WORKING_AWAY in pair and facts.age < LEFT_BEHIND_UNDER:
        other = mother if father == S.WORKING_AWAY else father
        if other == S.WORKING_AWAY:
            found.append(Derived(C.LEFT_BEHIND, "both_parents_away"))
        elif other in UNABLE or other == S.DECEASED:
            found.append(Derived(C.LEFT_BEHIND, "one_away_other_unable", {"other": str(other)}))
    if facts.subsistence != Subsistence.NONE:
        found.append(Derived(C.FAMILY, "subsistence", {"status": str(facts.subsistence)}))
    if facts.disabled or facts.seriously_ill:
        found.append(Derived(C.SELF, "disabled" if facts.disabled else "seriously_ill"))
    revoked = [p for p in facts.parents if p.situation == S.GUARDIANSHIP_REVOKED]
    at_home = any(p.situation == S.PRESENT for p in facts.parents)
    if revoked:
        found.append(Derived(C.GUARDIANSHIP, "guardianship_revoked"))
    elif not at_home and not facts.has_carer and facts.parents:
        found.append(Derived(C.GUARDIANSHIP, "nobody_caring"))
    return found


def _pair(father: ParentSituation, mother: ParentSituation) -> dict[str, str]:
    return {"father": str(father), "mother": str(mother)}


@dataclass(frozen=True)
class Claimed:
    """A category a clerk set that the facts may not show, and why: one of ChildCategory, or
    a code of a category the county set itself (county policy "child_category")."""

    category: str
    reason: str


def effective(derived: Sequence[Derived], claimed: Sequence[Claimed]) -> list[str]:
    """What the child is counted as: the facts' categories and the clerks' claims, in
    ChildCategory's order, then the county's own categories in the order they were set."""
    have = {str(d.category) for d in derived} | {c.category for c in claimed}
    fixed = [str(c) for c in ChildCategory if c in have]
    own = [c.category for c in claimed if c.category not in set(ChildCategory)]
    return fixed + list(dict.fromkeys(own))


def unsupported(derived: Sequence[Derived], claimed: Sequence[Claimed]) -> list[str]:
    """Claims the facts do not show: flagged for the supervisor."""
    shown = {d.category for d in derived}
    return [c.category for c in claimed if c.category not in shown]


def contradictions(
    facts: FamilyFacts, birth: dt.date, today: dt.date
) -> dict[str, list[FieldError]]:
    """The facts that cannot all be true, by the field that says so (parents.<n>.<field>,
    carer_parent). Empty: consistent."""
    errors: dict[str, list[FieldError]] = {}
    seen: set[ParentRole] = set()
    for n, parent in enumerate(facts.parents):
        where = f"parents.{n}"
        if parent.role in seen and parent.role != ParentRole.GUARDIAN:
            errors[f"{where}.role"] = [
                FieldError("this parent is listed twice", code="parent_twice")
            ]
        seen.add(parent.role)
        if parent.situation == S.WORKING_AWAY and not parent.away_place.strip():
            errors[f"{where}.away_place"] = [
                FieldError("where is the parent working?", code="away_place_required")
            ]
        if parent.since is not None and parent.since > today:
            errors[f"{where}.since"] = [FieldError("a date after today", code="date_in_future")]
        if parent.since and parent.until and parent.until < parent.since:
            errors[f"{where}.until"] = [
                FieldError("ends before it began", code="ends_before_start")
            ]
        elif parent.until and parent.situation == S.DECEASED:
            errors[f"{where}.until"] = [
                FieldError("a death has no end date", code="death_has_no_end")
            ]
        if (
            parent.role == ParentRole.MOTHER
            and parent.situation == S.DECEASED
            and parent.since is not None
            and parent.since < birth
        ):
            errors[f"{where}.since"] = [
                FieldError("the mother died before the birth", code="died_before_birth")
            ]
    if facts.carer_parent is not None:
        situation = facts.situation_of(facts.carer_parent)
        if situation in CANNOT_CARE:
            errors["carer_parent"] = [
                FieldError(
                    "this parent cannot be the carer",
                    code="carer_cannot_care",
                    params={"situation": str(situation)},
                )
            ]
    return errors
