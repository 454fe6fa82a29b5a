"""What each rehab action asks for. The API documents and validates these same schemas."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields

from casework.errors import FieldError
from casework.vocabulary import AidItem, DocumentKind
from casework.workflows.payloads import Length, Month, Range, one_of, text

DOCUMENTS = one_of(DocumentKind)


def _distinct(items: list[str]) -> None:
    if not items or len(set(items)) != len(items):
        message = FieldError("one or more distinct aid items", code="distinct_aid_items")
        raise ValidationError(message)


class ApplicationPayload(Schema):
    child_id = fields.Integer(required=True)
    id_number = fields.String(
        load_default=None,
        validate=Length(max=18),
        metadata={
            "description": "the child's whole ID number, from the papers: institution staff "
            "filing for a child whose file they cannot read"
        },
    )
    items = fields.List(
        fields.String(validate=one_of(AidItem)),
        required=True,
        validate=_distinct,
        metadata={"description": "one or more distinct aid items"},
    )
    applicant_name = fields.String(required=True, validate=Length(min=1, max=100))
    applicant_relation = fields.String(
        required=True,
        validate=Length(min=1, max=50),
        metadata={"description": "the guardian's relation, or the delegate's (e.g. 机构代办)"},
    )
    documents_received = fields.List(fields.String(validate=DOCUMENTS), load_default=list)
    applied_on = fields.Date(load_default=None, metadata={"description": "default: today"})
    late_reason = fields.String(
        load_default="",
        validate=Length(max=500),
        metadata={"description": "why, for an application dated more than a year before today"},
    )
    preferred_institution_id = fields.Integer(
        load_default=None, metadata={"description": "the guardian's choice of institution"}
    )
    diagnosis = fields.String(load_default="", validate=Length(max=2000))


class DocumentsPayload(Schema):
    received = fields.List(fields.String(validate=DOCUMENTS), required=True)


class ResubmitPayload(Schema):
    received = fields.List(fields.String(validate=DOCUMENTS), load_default=None)
    diagnosis = fields.String(load_default=None)


class ApprovePayload(Schema):
    override_reason = text(required=False)


class ReferPayload(Schema):
    institution_id = fields.Integer(
        load_default=None, metadata={"description": "the guardian's choice; omit for nearest"}
    )


class AgreementPayload(Schema):
    signed_on = fields.Date(required=True)
    guardian_name = text(max_length=100)
    terms = text(required=False)


class PlanPayload(Schema):
    assessed_on = fields.Date(required=True)
    assessment = text()
    goals = text()
    starts_on = fields.Date(required=True)
    planned_months = fields.Integer(required=True, validate=Range(min=1, max=12))


class AttendancePayload(Schema):
    month = Month(required=True)
    days_attended = fields.Integer(required=True, validate=Range(min=0, max=31))
    sessions = fields.Integer(load_default=0, validate=Range(min=0, max=200))
    note = text(required=False, max_length=200)


class DropoutPayload(Schema):
    dropped_on = fields.Date(required=True)
    last_month = Month(required=True, metadata={"description": "last month attended, YYYY-MM"})


class CompletePayload(Schema):
    completed_on = fields.Date(required=True)
    summary = text(required=False)
