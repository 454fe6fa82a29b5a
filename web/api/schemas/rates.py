"""The county's rates as of a day."""

from __future__ import annotations

from marshmallow import Schema, fields


class RatesQuery(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "default: today"})


class RateSchema(Schema):
    done = fields.Integer()
    due = fields.Integer()
    percent = fields.Float(allow_none=True, metadata={"description": "null: nothing due"})


class PaceSchema(Schema):
    target = fields.Integer()
    done = fields.Integer(metadata={"description": "children aided in the aid year so far"})
    expected = fields.Integer(metadata={"description": "the target spread evenly to the day"})
    behind = fields.Integer()


class PlaceRatesSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    parent_id = fields.Integer(allow_none=True)
    aided = fields.Integer(metadata={"description": "children aided in the aid year"})
    home_education = fields.Nested(
        RateSchema, metadata={"description": "children reaching 40 class hours / children taught"}
    )


class CountyRatesSchema(Schema):
    day = fields.Date()
    year = fields.Integer()
    pace = fields.Nested(PaceSchema)
    paid_fen = fields.Integer()
    budget_yuan = fields.Integer(allow_none=True)
    paid_rate = fields.Nested(RateSchema, metadata={"description": "fen paid / budget in fen"})
    home_education = fields.Nested(RateSchema)
    townships = fields.List(fields.Nested(PlaceRatesSchema))
    villages = fields.List(fields.Nested(PlaceRatesSchema))
