"""What each transfer action asks for. The API documents and validates these schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from casework.errors import FieldError
from casework.vocabulary import BenefitPeriod, BenefitStatus, Department
from casework.workflows.benefit_payloads import check_terms
from casework.workflows.claim_payloads import money
from casework.workflows.payloads import one_of, text


class ReceivePayload(Schema):
    """A family's request received at the window, or the assistance a report case needs, the
    needs a visit found, what a rehab-aid application needs of another department. Given a
    source (report_case_id, visit_id, rehab_application_id), what is left out is filled from
    it: the child, the place, a family member's name, the request."""

    place_id = fields.Integer(
        required=True, metadata={"description": "the family's village or township"}
    )
    child_id = fields.Integer(
        load_default=None, metadata={"description": "the child's file, if known"}
    )
    report_case_id = fields.Integer(
        load_default=None, metadata={"description": "the report case it comes from, if any"}
    )
    visit_id = fields.Integer(
        load_default=None, metadata={"description": "the visit whose needs it answers, if any"}
    )
    rehab_application_id = fields.Integer(
        load_default=None, metadata={"description": "the rehab-aid application it serves, if any"}
    )
    family_name = text(max_length=100)
    family_phone = text(required=False, max_length=40)
    request = text(max_length=4000)


class TransferPayload(Schema):
    department = fields.String(required=True, validate=one_of(Department))
    also_to = fields.List(
        fields.String(validate=one_of(Department)),
        load_default=list,
        metadata={"description": "more departments: each takes a sub-case of its own"},
    )
    note = text(required=False)


class HandlingPayload(Schema):
    """What the department did; a benefit it granted goes on the child's file with its amount
    and dates when `grant_benefit` names it (a benefit of the county's list)."""

    handling = text(max_length=4000)
    benefit_granted = fields.Boolean(required=True)
    benefit = text(required=False, max_length=200)
    grant_benefit = fields.String(
        load_default=None,
        metadata={"description": "the benefit granted, on the county's list: onto the file"},
    )
    grant_amount = money(description="yuan per month, or once (grant_period)")
    grant_period = fields.String(load_default=None, validate=one_of(BenefitPeriod))
    grant_starts_on = fields.Date(load_default=None)
    grant_ends_on = fields.Date(load_default=None)

    @validates_schema
    def _granted(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("grant_benefit") and not data.get("benefit_granted"):
            refused = FieldError("only a granted benefit", code="grant_not_granted")
            raise ValidationError({"grant_benefit": [refused]})
        check_terms({key.removeprefix("grant_"): value for key, value in data.items()})

    def grant(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """The benefit to write on the child's file, as benefit_grant.write takes it."""
        if not data.get("grant_benefit"):
            return None
        terms = {k.removeprefix("grant_"): v for k, v in data.items() if k.startswith("grant_")}
        return {**terms, "status": BenefitStatus.GRANTED, "note": data["handling"]}


class FeedbackPayload(Schema):
    feedback = text(max_length=4000)


class AnswerPayload(Schema):
    answer = text(max_length=4000)
    answered_on = fields.Date(required=True)
