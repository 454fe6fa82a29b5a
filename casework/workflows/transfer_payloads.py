"""What each transfer action asks for. The API documents and validates these schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.vocabulary import Department
from casework.workflows.payloads import one_of, text


class ReceivePayload(Schema):
    """A family's request received at the window, or the assistance a report case needs."""

    place_id = fields.Integer(
        required=True, metadata={"description": "the family's village or township"}
    )
    child_id = fields.Integer(
        load_default=None, metadata={"description": "the child's file, if known"}
    )
    report_case_id = fields.Integer(
        load_default=None, metadata={"description": "the report case it comes from, if any"}
    )
    family_name = text(max_length=100)
    family_phone = text(required=False, max_length=40)
    request = text(max_length=4000)


class TransferPayload(Schema):
    department = fields.String(required=True, validate=one_of(Department))
    note = text(required=False)


class HandlingPayload(Schema):
    handling = text(max_length=4000)
    benefit_granted = fields.Boolean(required=True)
    benefit = text(required=False, max_length=200)


class FeedbackPayload(Schema):
    feedback = text(max_length=4000)


class AnswerPayload(Schema):
    answer = text(max_length=4000)
    answered_on = fields.Date(required=True)
