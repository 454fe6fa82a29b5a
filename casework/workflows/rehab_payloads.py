"""What each rehab action asks for. The API documents and validates these same schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.vocabulary import DocumentKind
from casework.workflows.payloads import Month, Range, one_of, text

DOCUMENTS = one_of(DocumentKind)


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
