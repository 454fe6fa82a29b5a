"""What a benefit on a child's file is recorded with: on the child's file, by a report case's
assistance (link_benefit) and by a department handling a request (record_handling)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from casework.errors import FieldError
from casework.vocabulary import BenefitPeriod, BenefitStatus, Department
from casework.workflows.claim_payloads import money
from casework.workflows.payloads import one_of, text


class BenefitPayload(Schema):
    benefit = fields.String(
        required=True,
        metadata={"description": "a benefit of the county's benefit list (GET /policy/benefits)"},
    )
    department = fields.String(
        load_default=None,
        validate=one_of(Department),
        metadata={"description": "the granting department; default: the benefit's usual one"},
    )
    status = fields.String(load_default=BenefitStatus.APPLIED, validate=one_of(BenefitStatus))
    amount = money(description="yuan per month, or once (see period)")
    period = fields.String(load_default=None, validate=one_of(BenefitPeriod))
    starts_on = fields.Date(load_default=None)
    ends_on = fields.Date(load_default=None, metadata={"description": "the last day paid for"})
    note = text(required=False)

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_terms(data)


class BenefitChange(Schema):
    """A benefit's later news: granted or refused, its amount known, ended on a day."""

    status = fields.String(validate=one_of(BenefitStatus))
    amount = money(description="yuan per month, or once (see period)")
    period = fields.String(allow_none=True, validate=one_of(BenefitPeriod))
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    note = text(required=False)


def check_terms(data: dict[str, Any]) -> None:
    """An amount says what it is counted per; a benefit ends on or after it starts."""
    errors = {}
    if data.get("amount") is not None and not data.get("period"):
        errors["period"] = [FieldError("per month or once?", code="benefit_period_required")]
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = [FieldError("before it starts", code="ends_before_start")]
    if errors:
        raise ValidationError(errors)


class GrantPayload(BenefitPayload):
    """The benefit a department's handling grants: granted unless said otherwise, by the
    department handling the request."""

    status = fields.String(load_default=BenefitStatus.GRANTED, validate=one_of(BenefitStatus))
