"""The county's rates as of a day."""

from __future__ import annotations

from marshmallow import Schema, fields


class RatesQuery(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "default: today"})
    first = fields.Date(
        load_default=None,
        metadata={
            "description": "the first day of the period of visits, cases handled and files "
            "opened (to as_of), at most a year before it (else 422 period_over_a_year); "
            "default: 1 January of as_of's year"
        },
    )


class RateSchema(Schema):
    done = fields.Integer()
    due = fields.Integer()
    percent = fields.Float(allow_none=True, metadata={"description": "null: nothing due"})


class PaceSchema(Schema):
    target = fields.Integer()
    done = fields.Integer(metadata={"description": "children aided in the aid year so far"})
    expected = fields.Integer(metadata={"description": "the target spread evenly to the day"})
    behind = fields.Integer()


class HandledSchema(Schema):
    on_time = fields.Integer(metadata={"description": "moves out of a timed state by the deadline"})
    late = fields.Integer(metadata={"description": "moves out of a timed state after it"})
    overdue = fields.Integer(metadata={"description": "cases still open past their deadline"})
    unrecorded = fields.Integer(
        metadata={"description": "moves whose deadline no audit row recorded: left out"}
    )
    rate = fields.Nested(
        RateSchema, metadata={"description": "on time / (on time + late + overdue)"}
    )


def _visits():
    description = "regular visits and monitoring follow-ups made on time / due"
    return fields.Nested(RateSchema, metadata={"description": description})


def _registered():
    description = "screened needing a file: with one / all (建档率)"
    return fields.Nested(RateSchema, metadata={"description": description})


class PlaceRatesSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    parent_id = fields.Integer(allow_none=True)
    aided = fields.Integer(metadata={"description": "children aided in the aid year"})
    home_education = fields.Nested(
        RateSchema, metadata={"description": "children reaching 40 class hours / children taught"}
    )
    visits = _visits()
    handled = fields.Nested(HandledSchema)
    registered = _registered()


class CountyRatesSchema(Schema):
    day = fields.Date()
    year = fields.Integer()
    pace = fields.Nested(PaceSchema)
    paid_fen = fields.Integer()
    budget_yuan = fields.Integer(allow_none=True)
    paid_rate = fields.Nested(RateSchema, metadata={"description": "fen paid / budget in fen"})
    home_education = fields.Nested(RateSchema)
    first = fields.Date(metadata={"description": "the period of the three below: first .. day"})
    visits = _visits()
    handled = fields.Nested(HandledSchema)
    registered = _registered()
    townships = fields.List(fields.Nested(PlaceRatesSchema))
    villages = fields.List(fields.Nested(PlaceRatesSchema))
