"""Eligibility rules at their edges: every limiting birthday, the day before and the day of."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.rules.eligibility import SameItem, age_in_years, evaluate
from casework.vocabulary import AidItem, DisabilityType

# The oldest age in completed years at which each item is still granted:
# written out here rather than read from the module, so a changed limit fails a test.
LIMIT = {
    AidItem.LIMB_SURGERY: 17,
    AidItem.COCHLEAR_IMPLANT: 6,
    AidItem.EARLY_INTERVENTION: 3,
    AidItem.TRAINING_LIMB: 7,
    AidItem.PROSTHESIS_ORTHOSIS: 7,
    AidItem.MOBILITY_AID: 7,
    AidItem.TRAINING_VISUAL: 14,
    AidItem.TRAINING_HEARING: 14,
    AidItem.HEARING_AIDS: 14,
    AidItem.TRAINING_SPEECH: 14,
    AidItem.TRAINING_INTELLECTUAL: 14,
    AidItem.TRAINING_AUTISM: 14,
}
BIRTH = dt.date(2010, 6, 15)
PAPERS = ("identity", "residence", "diagnosis")


def test_every_aid_item_has_a_limit_here():
    assert set(LIMIT) == set(AidItem)


def _evaluate(item: AidItem, applied_on: dt.date, birth: dt.date = BIRTH, **overrides):
    arguments = {
        "birth_date": birth,
        "residence_basis": "permanent_hukou",
        "disability_types": [item.disability or DisabilityType.INTELLECTUAL],
        "items": [item],
        "applied_on": applied_on,
        "documents_received": PAPERS,
    }
    return evaluate(**(arguments | overrides))


def _codes(result) -> list[tuple[str, str | None]]:
    return [(s.code, s.item) for s in result.shortfalls]


@pytest.mark.parametrize("item", list(AidItem), ids=str)
def test_eligible_on_the_day_before_the_limiting_birthday(item):
    birthday = BIRTH.replace(year=BIRTH.year + LIMIT[item] + 1)
    result = _evaluate(item, birthday - dt.timedelta(days=1))
    assert result.eligible, result.as_dict()


@pytest.mark.parametrize("item", list(AidItem), ids=str)
def test_too_old_on_the_limiting_birthday(item):
    birthday = BIRTH.replace(year=BIRTH.year + LIMIT[item] + 1)
    result = _evaluate(item, birthday)
    assert _codes(result) == [("age", item)]
    assert f"age {LIMIT[item] + 1} on {birthday}" in result.shortfalls[0].message
    assert f"limit of {LIMIT[item]}" in result.shortfalls[0].message


@pytest.mark.parametrize("item", list(AidItem), ids=str)
def test_a_newborn_qualifies(item):
    assert _evaluate(item, BIRTH, birth=BIRTH).eligible


@pytest.mark.parametrize(
    "disability, limit",
    [("limb", 7), ("visual", 14), ("hearing", 14), ("speech", 14), ("intellectual", 14),
     ("autism", 14)],
)  # fmt: skip
def test_training_and_devices_follow_their_disability_type(disability, limit):
    items = [i for i in AidItem if i.disability == disability and i.kind in ("training", "device")]
    assert items
    for item in items:
        assert LIMIT[item] == limit, item


@pytest.mark.parametrize(
    "born, item, last_eligible_day, first_too_old_day",
    [
        # The 8th birthday of a limb-disabled child born on 29 Feb falls in a leap year.
        (dt.date(2016, 2, 29), AidItem.TRAINING_LIMB, dt.date(2024, 2, 28), dt.date(2024, 2, 29)),
        # In a common year the birthday counts from 1 March.
        (dt.date(2016, 2, 29), AidItem.COCHLEAR_IMPLANT, dt.date(2023, 2, 28),
         dt.date(2023, 3, 1)),
        (dt.date(2008, 2, 29), AidItem.TRAINING_HEARING, dt.date(2023, 2, 28),
         dt.date(2023, 3, 1)),
    ],
)  # fmt: skip
def test_29_february_birthday(born, item, last_eligible_day, first_too_old_day):
    assert _evaluate(item, last_eligible_day, birth=born).eligible
    assert _codes(_evaluate(item, first_too_old_day, birth=born)) == [("age", item)]


def test_age_in_completed_years():
    assert age_in_years(dt.date(2016, 2, 29), dt.date(2017, 2, 28)) == 0
    assert age_in_years(dt.date(2016, 2, 29), dt.date(2017, 3, 1)) == 1
    assert age_in_years(dt.date(2016, 2, 29), dt.date(2020, 2, 29)) == 4
    assert age_in_years(dt.date(2010, 6, 15), dt.date(2010, 6, 15)) == 0
    assert age_in_years(dt.date(2010, 6, 15), dt.date(2026, 6, 14)) == 15
    assert age_in_years(dt.date(2010, 6, 15), dt.date(2026, 6, 15)) == 16


TODAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize("basis", [None, "", "household_registration_elsewhere"])
def test_no_residence_basis(basis):
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1),
                       residence_basis=basis)  # fmt: skip
    assert _codes(result) == [("residence", None)]


@pytest.mark.parametrize("basis", ["permanent_hukou", "temporary_hukou", "residence_permit"])
def test_each_residence_basis_qualifies(basis):
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1),
                       residence_basis=basis)  # fmt: skip
    assert result.eligible


def test_no_diagnosis_certificate():
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1),
                       documents_received=["identity", "residence"])  # fmt: skip
    assert _codes(result) == [("diagnosis", None)]


def test_disability_not_on_file():
    result = _evaluate(AidItem.TRAINING_AUTISM, TODAY, birth=dt.date(2022, 1, 1),
                       disability_types=["limb"])  # fmt: skip
    assert _codes(result) == [("disability", AidItem.TRAINING_AUTISM)]
    assert "autism" in result.shortfalls[0].message


def test_early_intervention_serves_any_disability():
    for disability in DisabilityType:
        result = _evaluate(AidItem.EARLY_INTERVENTION, TODAY, birth=dt.date(2024, 1, 1),
                           disability_types=[disability])  # fmt: skip
        assert result.eligible, disability


def _same(item, application_id=7, applied_on=dt.date(2026, 1, 5), state="under_review"):
    return SameItem(item, application_id, applied_on, state)


def test_same_item_twice_in_an_aid_year_says_what_was_found():
    """Not "already granted": the other application may still be under review."""
    later = _same("training_limb", 9, dt.date(2026, 2, 1), "approved")
    same = [_same("training_limb"), _same("mobility_aid", 8), later]
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1), same_items=same)
    assert _codes(result) == [("duplicate", AidItem.TRAINING_LIMB)]
    [reason] = result.as_dict()["reasons"]
    assert reason["params"] == {"application": 9, "applied_on": "2026-02-01",
                                "state": "approved", "workflow": "rehab"}  # fmt: skip
    assert reason["message"] == (
        "applied on 2026-02-01 for the same item this aid year (application 9), state approved"
    )


def test_another_item_in_the_same_aid_year_is_fine():
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1),
                       same_items=[_same("mobility_aid")])  # fmt: skip
    assert result.eligible


def test_every_shortfall_is_listed_at_once():
    result = evaluate(
        birth_date=dt.date(2015, 1, 1),
        residence_basis=None,
        disability_types=["hearing"],
        items=[AidItem.TRAINING_LIMB, AidItem.COCHLEAR_IMPLANT],
        applied_on=TODAY,
        documents_received=[],
        same_items=[_same("cochlear_implant")],
    )
    assert _codes(result) == [
        ("residence", None),
        ("diagnosis", None),
        ("disability", AidItem.TRAINING_LIMB),
        ("age", AidItem.TRAINING_LIMB),
        ("age", AidItem.COCHLEAR_IMPLANT),
        ("duplicate", AidItem.COCHLEAR_IMPLANT),
    ]
    shown = result.as_dict()
    assert shown["eligible"] is False
    assert [r["code"] for r in shown["reasons"]] == [c for c, _ in _codes(result)]


def test_an_eligible_child_shows_no_reasons():
    result = _evaluate(AidItem.TRAINING_LIMB, TODAY, birth=dt.date(2022, 1, 1))
    assert result.as_dict() == {"eligible": True, "reasons": []}
