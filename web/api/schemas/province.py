"""The province's figures: one row per county of the officer's province, and their total."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.api.schemas.common import UtcDateTime


class FiguresSchema(Schema):
    """casework/services/province.py: Figures, one field for each figure."""

    on_register = fields.Integer(metadata={"description": "children on the register"})
    aided = fields.Integer(metadata={"description": "children aided in the aid year so far"})
    aid_target = fields.Integer(metadata={"description": "the county's target for the year"})
    aid_expected = fields.Integer(metadata={"description": "the target spread evenly to the day"})
    paid_fen = fields.Integer(metadata={"description": "subsidy paid this year, in fen"})
    applications = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "rehab applications in each state now"},
    )
    applications_overdue = fields.Integer(
        metadata={"description": "applications past their deadline, with the reviewers or an "
                  "institution"}  # fmt: skip
    )
    visits_on_time = fields.Integer(metadata={"description": "from 1 January to the day"})
    visits_due = fields.Integer()
    handled_on_time = fields.Integer(
        metadata={"description": "cases handled within their time limits, 1 January to the day"}
    )
    handled_due = fields.Integer()
    registered = fields.Integer(
        metadata={"description": "families screening found needing a file, with one"}
    )
    screened = fields.Integer(metadata={"description": "families screening found needing a file"})
    reports_open = fields.Integer(metadata={"description": "mandatory-report cases not closed"})
    reports_overdue = fields.Integer(metadata={"description": "of them, past their deadline"})
    reminders_unreachable = fields.Integer(
        metadata={"description": "open reminders that reach nobody who answers for them"}
    )


class CountyRowSchema(Schema):
    county_id = fields.Integer()
    name = fields.String()
    code = fields.String()
    as_of = fields.Date(
        allow_none=True, metadata={"description": "the day of its latest figures; null: none"}
    )
    taken_at = UtcDateTime(allow_none=True, metadata={"description": "the moment taken"})
    stale = fields.Boolean(metadata={"description": "the figures are not today's, or missing"})
    figures = fields.Nested(FiguresSchema, allow_none=True)


class ProvinceFiguresSchema(Schema):
    province_id = fields.Integer()
    name = fields.String()
    code = fields.String()
    today = fields.Date(metadata={"description": "today in China"})
    stale = fields.Integer(metadata={"description": "counties whose figures are stale or missing"})
    counties = fields.List(fields.Nested(CountyRowSchema))
    total = fields.Nested(
        FiguresSchema, metadata={"description": "the sum of each county's latest figures"}
    )
