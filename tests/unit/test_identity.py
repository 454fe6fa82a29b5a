"""Resident ID numbers: what a valid one tells, and the reason a wrong one is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.rules.identity import compose_resident_id, mask_id_number, parse_resident_id

GIRL = "330127201906150244"  # Chun'an county, born 15 June 2019, 17th digit 4 (even)
BOY_WITH_X = "33012720190615013X"  # same day, 17th digit 3 (odd), check character X


def test_valid_number_gives_birth_date_and_sex():
    girl = parse_resident_id(GIRL)
    assert (girl.number, girl.birth_date, girl.sex) == (GIRL, dt.date(2019, 6, 15), "F")
    boy = parse_resident_id(BOY_WITH_X)
    assert (boy.number, boy.birth_date, boy.sex) == (BOY_WITH_X, dt.date(2019, 6, 15), "M")


def test_lower_case_x_and_surrounding_spaces_are_accepted_and_normalised():
    parsed = parse_resident_id(f"  {BOY_WITH_X.lower()} ")
    assert parsed.number == BOY_WITH_X
    assert parsed.sex == "M"


def test_composed_numbers_round_trip():
    born = dt.date(2016, 2, 29)
    for sequence in range(1, 30):
        parsed = parse_resident_id(compose_resident_id("522622", born, sequence))
        assert parsed.birth_date == born
        assert parsed.sex == ("M" if sequence % 2 else "F")


def _refusal(value, field="id_number") -> list[str]:
    with pytest.raises(Invalid) as caught:
        parse_resident_id(value, field)
    assert caught.value.code == caught.value.fields[field][0].code
    assert list(caught.value.fields) == [field]
    assert caught.value.fields[field] == [caught.value.detail]
    return caught.value.fields[field]


@pytest.mark.parametrize("value", ["", None, GIRL[:-1], GIRL + "1", "33012719", "3" * 19])
def test_wrong_length(value):
    assert _refusal(value) == ["ID number must be 18 characters"]


@pytest.mark.parametrize(
    "value", ["33012720190615A244", "3301272019O6150244", "X30127201906150244"]
)
def test_letters_in_the_digits(value):
    assert _refusal(value) == ["ID number is not a valid resident ID number"]


@pytest.mark.parametrize("value", ["330127201906150245", "330127201906150240", "33012720190615024X",
                                   "330127201906150134"])  # fmt: skip
def test_wrong_check_digit(value):
    assert _refusal(value) == ["ID number has a wrong check digit"]


def test_transposed_digits_fail_the_check():
    swapped = GIRL[:14] + GIRL[15] + GIRL[14] + GIRL[16:]
    assert swapped != GIRL
    assert _refusal(swapped) == ["ID number has a wrong check digit"]


@pytest.mark.parametrize(
    "value",
    # The check characters are right: only the dates (30 February, month 13, day 0) are wrong.
    ["330127201902301236", "330127201913010004", "33012720190000000X"],
)
def test_impossible_birth_date(value):
    assert _refusal(value) == ["ID number has an impossible birth date or region"]


def test_unknown_region():
    assert _refusal("999999201906151235") == ["ID number has an impossible birth date or region"]


def test_the_field_named_in_the_error_is_the_callers():
    assert _refusal("123", field="guardian_id_number") == ["ID number must be 18 characters"]


def test_masking_shows_province_city_and_last_two():
    assert mask_id_number(BOY_WITH_X) == "3301************3X"
