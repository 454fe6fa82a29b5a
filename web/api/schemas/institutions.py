"""Designated rehabilitation institutions."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.services.places import InstitutionPayload


class InstitutionFields(InstitutionPayload):
    """What the admin may set (the service's rules); on update every field is optional."""


class InstitutionCreate(InstitutionFields):
    county_id = fields.Integer(
        load_default=None, metadata={"description": "the designating county; default yours"}
    )


class InstitutionSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    county_id = fields.Integer()
    address = fields.String()
    out_of_county = fields.Boolean()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    aid_items = fields.List(fields.String())
    capacity = fields.Integer()
    in_care = fields.Integer(
        metadata={"description": "applications referred, accepted, agreed or in rehabilitation"}
    )
    active = fields.Boolean()
