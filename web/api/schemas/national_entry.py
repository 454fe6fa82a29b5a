"""An application's entry in the national rehab-aid system."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.workflows.payloads import Length
from web.api.schemas.common import UtcDateTime


class NationalEntryCreate(Schema):
    entered_on = fields.Date(required=True, metadata={"description": "entered there on"})
    reference = fields.String(
        required=True, validate=Length(min=1, max=64),
        metadata={"description": "the application's reference in the national system"},
    )  # fmt: skip


class NationalEntrySchema(Schema):
    application_id = fields.Integer()
    entered_on = fields.Date()
    reference = fields.String()
    entered_by_id = fields.Integer()
    recorded_at = UtcDateTime()
