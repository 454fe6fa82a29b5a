"""What each action on the register asks for. The API documents and validates these schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.workflows.payloads import text


class LeftOnPayload(Schema):
    left_on = fields.Date(required=True, metadata={"description": "the day the child left"})


class MovedOutPayload(LeftOnPayload):
    moved_to = text(max_length=200)  # where to: the county, town or address
    to_county_id = fields.Integer(
        load_default=None,
        metadata={
            "description": "the county moved to, if it uses this service: it may take the file over"
        },  # fmt: skip
    )


class TakeOverPayload(Schema):
    place_id = fields.Integer(
        required=True, metadata={"description": "the village of the receiving county"}
    )
