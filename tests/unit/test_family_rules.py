"""The categories that follow from a family's facts (a table of cases), and the facts that
cannot all be true."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.rules.family import (
    Claimed,
    Derived,
    FamilyFacts,
    ParentFact,
    age_on,
    birthday,
    contradictions,
    derive,
    effective,
    unsupported,
)
from casework.vocabulary import ChildCategory as C
from casework.vocabulary import ParentRole as R
from casework.vocabulary import ParentSituation as S
from casework.vocabulary import Subsistence

AWAY = dict(away_place="浙江杭州")


def family(father=None, mother=None, **kw) -> FamilyFacts:
    parents = []
    if father:
        parents.append(ParentFact(R.FATHER, father, **(AWAY if father == S.WORKING_AWAY else {})))
    if mother:
        parents.append(ParentFact(R.MOTHER, mother, **(AWAY if mother == S.WORKING_AWAY else {})))
    return FamilyFacts(parents=parents, **{"age": 8, **kw})


CASES = [
    # (facts, the categories with the rule that gives each)
    (family(S.PRESENT, S.PRESENT), []),
    (family(S.DECEASED, S.DECEASED, has_carer=True), [(C.ORPHAN, "both_parents_deceased")]),
    (
        family(S.DECEASED, S.DECEASED),
        [(C.ORPHAN, "both_parents_deceased"), (C.GUARDIANSHIP, "nobody_caring")],
    ),
    (family(S.IMPRISONED, S.MISSING, has_carer=True), [(C.UNSUPPORTED, "both_parents_unable")]),
    (family(S.DRUG_REHAB, S.SEVERELY_DISABLED, has_carer=True),
     [(C.UNSUPPORTED, "both_parents_unable")]),
    (family(S.DECEASED, S.SERIOUSLY_ILL, has_carer=True),
     [(C.UNSUPPORTED, "one_deceased_other_unable")]),
    (family(S.DEPORTED, S.DECEASED, has_carer=True),
     [(C.UNSUPPORTED, "one_deceased_other_unable")]),
    # one unable, the other at home: neither unsupported nor left behind
    (family(S.IMPRISONED, S.PRESENT), []),
    (family(S.DECEASED, S.PRESENT), []),
    (family(S.WORKING_AWAY, S.WORKING_AWAY, has_carer=True),
     [(C.LEFT_BEHIND, "both_parents_away")]),
    (family(S.WORKING_AWAY, S.SEVERELY_DISABLED, has_carer=True),
     [(C.LEFT_BEHIND, "one_away_other_unable")]),
    (family(S.DECEASED, S.WORKING_AWAY, has_carer=True),
     [(C.LEFT_BEHIND, "one_away_other_unable")]),
    # one away, the other at home: not left behind
    (family(S.WORKING_AWAY, S.PRESENT), []),
    # sixteen: no longer counted as left behind
    (family(S.WORKING_AWAY, S.WORKING_AWAY, has_carer=True, age=16), []),
    (family(S.WORKING_AWAY, S.WORKING_AWAY), [(C.LEFT_BEHIND, "both_parents_away"),
                                              (C.GUARDIANSHIP, "nobody_caring")]),
    (family(S.PRESENT, S.PRESENT, subsistence=Subsistence.DIBAO), [(C.FAMILY, "subsistence")]),
    (family(S.PRESENT, S.PRESENT, subsistence=Subsistence.TEKUN), [(C.FAMILY, "subsistence")]),
    (family(S.PRESENT, S.PRESENT, disabled=True), [(C.SELF, "disabled")]),
    (family(S.PRESENT, S.PRESENT, seriously_ill=True), [(C.SELF, "seriously_ill")]),
    (family(S.GUARDIANSHIP_REVOKED, S.PRESENT), [(C.GUARDIANSHIP, "guardianship_revoked")]),
    (family(S.GUARDIANSHIP_REVOKED, S.MISSING, has_carer=True),
     [(C.UNSUPPORTED, "both_parents_unable"), (C.GUARDIANSHIP, "guardianship_revoked")]),
    # unknown parents are not "unable": an abandoned child's category is the clerk's claim
    (family(S.UNKNOWN, S.UNKNOWN, has_carer=True), []),
    (family(None, None), []),  # nothing recorded: nothing follows
    (family(S.DECEASED, S.DECEASED, has_carer=True, subsistence=Subsistence.TEKUN,
            disabled=True),
     [(C.ORPHAN, "both_parents_deceased"), (C.FAMILY, "subsistence"), (C.SELF, "disabled")]),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), CASES)
def test_categories_follow_from_the_facts(facts, expected):
    assert [(d.category, d.because) for d in derive(facts)] == expected


def test_the_explanation_names_the_parents_situations():
    (found,) = derive(family(S.IMPRISONED, S.MISSING, has_carer=True))
    assert found.params == {"father": "imprisoned", "mother": "missing"}


def test_a_claim_the_facts_do_not_show_is_flagged_and_counts():
    derived = derive(family(S.PRESENT, S.PRESENT, disabled=True))
    claims = [Claimed(C.TEMPORARY, "县定：单亲重病"), Claimed(C.SELF, "已有残疾证")]
    assert effective(derived, claims) == [C.SELF, C.TEMPORARY]
    assert unsupported(derived, claims) == [C.TEMPORARY]
    assert unsupported([Derived(C.TEMPORARY, "x")], claims) == [C.SELF]


def test_a_countys_own_category_counts_after_every_countys_in_the_order_set():
    derived = derive(family(S.WORKING_AWAY, S.WORKING_AWAY, has_carer=True, age=9))
    claims = [Claimed("returned", "返乡"), Claimed(C.GUARDIANSHIP, "祖母年迈"),
              Claimed("migrant", "外省迁入"), Claimed("returned", "重复")]  # fmt: skip
    assert effective(derived, claims) == ["left_behind", "guardianship", "returned", "migrant"]
    assert unsupported(derived, claims) == ["returned", "guardianship", "migrant", "returned"]


@pytest.mark.parametrize(("age", "left_behind"), [(0, True), (15, True), (16, False), (17, False)])
def test_left_behind_is_under_sixteen(age, left_behind):
    facts = family(S.WORKING_AWAY, S.DECEASED, has_carer=True, age=age)
    assert (C.LEFT_BEHIND in {d.category for d in derive(facts)}) is left_behind


BIRTH, TODAY = dt.date(2018, 4, 1), dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("facts", "field", "code"),
    [
        (FamilyFacts([ParentFact(R.FATHER, S.WORKING_AWAY)]), "parents.0.away_place",
         "away_place_required"),
        (FamilyFacts([ParentFact(R.FATHER, S.WORKING_AWAY, away_place="  ")]),
         "parents.0.away_place", "away_place_required"),
        (FamilyFacts([ParentFact(R.MOTHER, S.DECEASED, since=dt.date(2027, 1, 1))]),
         "parents.0.since", "date_in_future"),
        (FamilyFacts([ParentFact(R.MOTHER, S.DECEASED, since=dt.date(2017, 1, 1))]),
         "parents.0.since", "died_before_birth"),
        (FamilyFacts([ParentFact(R.FATHER, S.IMPRISONED, since=dt.date(2024, 1, 1),
                                 until=dt.date(2023, 1, 1))]), "parents.0.until",
         "ends_before_start"),
        (FamilyFacts([ParentFact(R.FATHER, S.DECEASED, until=dt.date(2025, 1, 1))]),
         "parents.0.until", "death_has_no_end"),
        (FamilyFacts([ParentFact(R.FATHER, S.PRESENT), ParentFact(R.FATHER, S.DECEASED)]),
         "parents.1.role", "parent_twice"),
        (FamilyFacts([ParentFact(R.MOTHER, S.DECEASED)], has_carer=True, carer_parent=R.MOTHER),
         "carer_parent", "carer_cannot_care"),
        (FamilyFacts([ParentFact(R.FATHER, S.WORKING_AWAY, away_place="广州")],
                     carer_parent=R.FATHER), "carer_parent", "carer_cannot_care"),
    ],
)  # fmt: skip
def test_facts_that_cannot_all_be_true_name_the_field(facts, field, code):
    errors = contradictions(facts, BIRTH, TODAY)
    assert [e.code for e in errors[field]] == [code]


def test_consistent_facts_have_nothing_to_say():
    facts = FamilyFacts(
        [
            ParentFact(R.FATHER, S.DECEASED, since=dt.date(2017, 6, 1)),  # before the birth
            ParentFact(R.MOTHER, S.PRESENT),
            ParentFact(R.GUARDIAN, S.PRESENT),
            ParentFact(R.GUARDIAN, S.SERIOUSLY_ILL),
        ],
        carer_parent=R.MOTHER,
    )
    assert contradictions(facts, BIRTH, TODAY) == {}


@pytest.mark.parametrize(
    ("birth", "years", "day"),
    [
        (dt.date(2008, 3, 2), 18, dt.date(2026, 3, 2)),
        (dt.date(2008, 2, 29), 18, dt.date(2026, 3, 1)),  # as age_on counts
        (dt.date(2008, 2, 29), 16, dt.date(2024, 2, 29)),
    ],
)
def test_a_birthday_is_the_day_age_on_turns(birth, years, day):
    assert birthday(birth, years) == day
    assert age_on(birth, day) == years
    assert age_on(birth, day - dt.timedelta(days=1)) == years - 1
