"""How personal data is masked outside the record page: ID numbers keep their
province and city and last two characters, phone numbers their first three and last four
digits, addresses their first six characters (the county or town), so a list still tells rows
apart. Where the ID number is masked the birth date is too, to its year and month (the age in
months is what rehabilitation and protection read): shown whole beside a masked number, with
the county's code, it would complete the number."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from casework.rules.identity import mask_id_number
from casework.vocabulary import Role

# Roles shown whole ID numbers, phones and addresses on a record page in their scope: those
# who check identity against papers or go to the family (intake, review, civil-affairs case
# work, the township supervisor and the village director). Everyone else sees them masked.
UNMASKED_ROLES = frozenset(
    {
        Role.INTAKE_CLERK,
        Role.REVIEWER,
        Role.CASE_WORKER,
        Role.CHILD_SUPERVISOR,
        Role.CHILD_DIRECTOR,
    }
)


ID_LENGTH = 18


def id_search_term(role: Role, term: str) -> str | None:
    """The ID-number search `role` may make with `term` (stripped, upper case), or None when it
    may not: a role that sees numbers masked searches by the whole number only, since a match
    on a start or an end would confirm hidden digits one by one."""
    term = term.strip().upper()
    if role in UNMASKED_ROLES or len(term) == ID_LENGTH:
        return term
    return None


__all__ = [
    "ID_LENGTH",
    "UNMASKED_ROLES",
    "id_search_term",
    "mask_address",
    "mask_birth_date",
    "is_personal",
    "mask_field",
    "mask_id_number",
    "mask_phone",
    "mask_text",
]
# an ID number or a mobile number inside free text (not part of a longer run of digits)
_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_phone(phone: str | None) -> str | None:
    """13812345678 -> 138****5678; short numbers keep only their last two digits."""
    if not phone:
        return phone
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 1) + phone[-2:]


def mask_address(address: str | None) -> str | None:
    """浙江省杭州市某某村5组12号 -> 浙江省杭州市****: the place, never the house."""
    if not address:
        return address
    return address[:6] + "****" if len(address) > 6 else address[:2] + "****"


def mask_birth_date(value: dt.date | str | None) -> str | None:
    """2020-06-17 -> 2020-06: the year and month, never the day."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text[:7]


def is_personal(name: str) -> bool:
    """Whether a field of that name is masked by `mask_field`."""
    return name in ("id_number", "birth_date", "address", "guardians", "parents") or name.endswith(
        "phone"
    )


def mask_field(name: str, value: Any) -> Any:
    """A recorded value of a child's file field, masked if it is personal data: the ID
    number, the address, and the guardians' phones (a history shows them like a list)."""
    if value is None:
        return value
    if name == "id_number" and isinstance(value, str):
        return mask_id_number(value)
    if name == "birth_date" and isinstance(value, str | dt.date):
        return mask_birth_date(value)
    if name == "address" and isinstance(value, str):
        return mask_address(value)
    if name.endswith("phone") and isinstance(value, str):  # a reporter's, a family's
        return mask_phone(value)
    if name in ("guardians", "parents") and isinstance(value, list):  # the parents' phones too
        return [
            {**g, "phone": mask_phone(g.get("phone"))} if isinstance(g, dict) else g for g in value
        ]
    return value


def mask_text(text: str | None) -> str | None:
    """Free text (a log entry's detail) with any ID number or mobile number in it masked."""
    if not text:
        return text
    # a match is never empty, so neither is its mask: `or ""` only tells the type checker
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)) or "", text)
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)) or "", text)
