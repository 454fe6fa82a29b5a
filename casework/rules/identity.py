"""Resident ID numbers (GB 11643): validation and what they tell (birth date, sex)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from casework.errors import FieldError, Invalid

_PROBLEMS = {
    InvalidLength: FieldError("ID number must be 18 characters", code="id_number_length"),
    InvalidChecksum: FieldError("ID number has a wrong check digit", code="id_number_checksum"),
    InvalidComponent: FieldError(
        "ID number has an impossible birth date or region", code="id_number_impossible"
    ),
}
_NOT_VALID = FieldError("ID number is not a valid resident ID number", code="id_number_not_valid")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F": the 17th digit is odd for men


def parse_resident_id(value: str, field: str = "id_number") -> ResidentId:
    """Validate an ID number; raise Invalid naming `field` with the reason it is wrong."""
    text = (value or "").strip().upper()
    try:
        number = ric.validate(text)
        birth = ric.get_birth_date(number)
    except ValidationError as exc:
        problem = _PROBLEMS.get(type(exc), _NOT_VALID)
        raise Invalid(str(problem), {field: [problem]}, code=problem.code) from exc
    return ResidentId(number, birth, "M" if int(number[16]) % 2 else "F")


PLACEHOLDER_PREFIX = "NOID"  # no resident ID number has letters in front


def placeholder(token: str) -> str:
    """The stand-in ID number of a file opened without one (abandoned, unregistered, street
    children): unique by `token` (14 random hex digits), never a valid resident ID number."""
    return f"{PLACEHOLDER_PREFIX}{token.upper()}"


def is_placeholder(number: str) -> bool:
    return number.startswith(PLACEHOLDER_PREFIX)


def mask_id_number(number: str) -> str:
    """Show the province and city and the last two characters only, e.g. 3301************3X.
    The county's code is public and a masked view shows the birth year and month: with the
    last four shown, the day would be one of about three that the check digit allows; hiding
    two more digits leaves some three hundred (casework.rules.masking)."""
    return number[:4] + "*" * (len(number) - 6) + number[-2:] if len(number) > 8 else number


def compose_resident_id(region: str, birth: dt.date, sequence: int) -> str:
    """Build a valid ID number (demo data and tests); an odd `sequence` gives a boy."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")
