"""Places: the county → township → village tree."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.vocabulary import PlaceLevel
from casework.workflows.payloads import Length, Range, one_of


class PlaceSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String()
    code = fields.String(metadata={"description": "administrative division code"})
    level = fields.String(validate=one_of(PlaceLevel))
    parent_id = fields.Integer(allow_none=True)
    path = fields.String(metadata={"description": "ids from the county down, e.g. /1/4/17/"})
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class PlaceCreate(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=100))
    code = fields.String(required=True, validate=Length(min=1, max=32))
    parent_id = fields.Integer(
        required=True, metadata={"description": "the county (for a township) or the township"}
    )
    latitude = fields.Float(load_default=None, validate=Range(min=-90, max=90))
    longitude = fields.Float(load_default=None, validate=Range(min=-180, max=180))
