"""Designated rehabilitation institutions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.vocabulary import AidItem
from web.api.schemas.common import one_of


class InstitutionFields(Schema):
    """What the admin may set; on update every field is optional."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default="", validate=validate.Length(max=200))
    out_of_county = fields.Boolean(load_default=False)
    latitude = fields.Float(load_default=None, validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(load_default=None, validate=validate.Range(min=-180, max=180))
    aid_items = fields.List(fields.String(validate=one_of(AidItem)), load_default=list)
    capacity = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "children in care at once"},
    )
    active = fields.Boolean(load_default=True)


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
