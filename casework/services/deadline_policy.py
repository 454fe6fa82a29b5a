"""The county admin changes the county's deadlines (docs/domain.md, "Time limits").

A change applies to cases that enter a state afterwards; deadlines already stored on cases
(`due_at`) keep running as they were set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_one_of
from casework.models import DeadlinePolicy
from casework.rules.deadlines import Deadline, Unit
from casework.services import audit
from casework.vocabulary import Role
from casework.workflows import policy
from casework.workflows.definition import Actor

LONGEST = 366  # no time limit in the policy runs past a year


@dataclass(frozen=True)
class PolicyEntry:
    name: str
    amount: int
    unit: str
    default_amount: int
    default_unit: str

    @property
    def overridden(self) -> bool:
        return (self.amount, self.unit) != (self.default_amount, self.default_unit)


def county_policy(county_id: int) -> list[PolicyEntry]:
    """Every named deadline with the county's value and the default."""
    return [
        PolicyEntry(name, d.amount, d.unit.value, default.amount, default.unit.value)
        for name, default in sorted(policy.defaults().items())
        for d in [policy.deadline_for(county_id, default)]
    ]


def _units(default: Deadline | None) -> list[str]:
    """Hours are counted from the moment itself, days to the end of a day: a deadline keeps
    its kind (the reminder scans and the calendar's recompute read days as days)."""
    if default is not None and default.unit is Unit.HOURS:
        return [Unit.HOURS.value]
    return [Unit.WORKDAYS.value, Unit.DAYS.value]


def set_deadline(actor: Actor, name: str, amount: int, unit: str, now: dt.datetime) -> Deadline:
    """Override one deadline for the admin's county; the default's value removes the override."""
    default = policy.defaults().get(name)
    errors = {}
    if default is None:
        errors["name"] = [not_one_of(sorted(policy.defaults()))]
    if unit not in _units(default):
        errors["unit"] = [not_one_of(_units(default))]
    if not isinstance(amount, int) or not 0 <= amount <= LONGEST:
        message = f"a whole number from 0 to {LONGEST}"
        errors["amount"] = [FieldError(message, code="whole_number_up_to", params={"max": LONGEST})]
    if errors:
        raise Invalid("the deadline is not valid", errors, code="invalid_deadline")
    if actor.role != Role.ADMIN or actor.county_id is None:
        raise NotPermitted("only a county admin changes the county's deadlines", code="admin_only")
    county, new = actor.county_id, Deadline(name, amount, Unit(unit))
    with write_transaction():
        old = policy.deadline_for(county, default)
        DeadlinePolicy.delete().where(
            DeadlinePolicy.county == county, DeadlinePolicy.name == name
        ).execute()
        if new != default:
            DeadlinePolicy.create(
                county=county, name=name, amount=amount, unit=unit, updated_at=now
            )
        changes = {name: [f"{old.amount} {old.unit}", f"{amount} {unit}"]}
        audit.record("deadline_policy", county, "update", actor, now, changes)
    policy.invalidate(county)
    return new
