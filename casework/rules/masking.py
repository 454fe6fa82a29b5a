"""How personal data is masked outside the record page (issue 7): ID numbers keep their region
and last four characters, phone numbers their first three and last four digits, addresses
their first six characters (the county or town), so a list still tells rows apart."""

from __future__ import annotations

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

__all__ = ["UNMASKED_ROLES", "mask_address", "mask_id_number", "mask_phone"]


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
