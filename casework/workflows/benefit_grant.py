"""A benefit written on a child's file, whoever records it: the window on the child's file, a
report case's assistance, a department handling a request. The caller holds the transaction
and writes the audit row; this checks the benefit against the county's list and inserts it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from casework.errors import FieldError, Invalid
from casework.models import ChildBenefit
from casework.queries.county_policy import benefits_offered
from casework.rules.deadlines import local_date
from casework.vocabulary import BENEFIT_DEPARTMENT, Benefit
from casework.workflows.definition import Actor

SHOWN = ("benefit", "department", "status", "amount", "period", "starts_on", "ends_on")


def write(
    actor: Actor,
    county_id: int,
    child_id: int,
    data: dict[str, Any],
    now: dt.datetime,
    **source: Any,
) -> ChildBenefit:
    """Insert the benefit `data` (a loaded BenefitPayload) for the child; `source` names where
    it came from (report_case=..., transfer=...)."""
    benefit = data["benefit"]
    day = data.get("starts_on") or local_date(now)
    if benefit not in benefits_offered(county_id, day):
        problem = FieldError("not on the county's benefit list", code="benefit_not_offered",
                             params={"benefit": benefit})  # fmt: skip
        raise Invalid("the county does not offer that benefit", {"benefit": [problem]},
                      code="benefit_not_offered", params={"benefit": benefit})  # fmt: skip
    department = data.get("department") or usual_department(benefit)
    if department is None:  # a benefit the county added: say who grants it
        problem = FieldError("which department grants it?", code="benefit_department_required")
        raise Invalid("name the granting department", {"department": [problem]},
                      code="benefit_department_required")  # fmt: skip
    row: ChildBenefit = ChildBenefit.create(
        county=county_id, child=child_id, benefit=benefit, department=department,
        status=data["status"], amount=data.get("amount"), period=data.get("period"),
        starts_on=data.get("starts_on"), ends_on=data.get("ends_on"),
        note=data.get("note") or "", recorded_by=actor.id, recorded_at=now, updated_at=now,
        **source,
    )  # fmt: skip
    return row


def usual_department(benefit: str) -> str | None:
    return BENEFIT_DEPARTMENT.get(Benefit(benefit)) if benefit in set(Benefit) else None


def changes_of(row: ChildBenefit) -> dict[str, list[Any]]:
    """The audit's changes of a new benefit: each field it was given."""
    found = {}
    for name in SHOWN:
        value = getattr(row, name)
        if value is not None:
            found[name] = [None, value.isoformat() if isinstance(value, dt.date) else value]
    return found
