"""The holiday calendar as the API shows and takes it."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.api.schemas.common import UtcDateTime


class CalendarYearSchema(Schema):
    year = fields.Integer()
    source = fields.String(
        metadata={
            "description": "kept: entered by the admin; package: the package "
            "chinesecalendar's data; none: unknown, Monday to Friday"
        }  # fmt: skip
    )
    days_off = fields.List(fields.Date(), metadata={"description": "holidays and weekdays off"})
    working_days = fields.List(
        fields.Date(), metadata={"description": "Saturdays and Sundays worked in exchange (调休)"}
    )
    revision = fields.Integer(metadata={"description": "0 unless kept"})
    updated_at = UtcDateTime(allow_none=True)


class CalendarYearUpdate(Schema):
    days_off = fields.List(fields.Date(), required=True)
    working_days = fields.List(fields.Date(), required=True)
    reason = fields.String(load_default="", metadata={"description": "kept in the audit log"})


class RecomputedDeadlineSchema(Schema):
    workflow = fields.String()
    case_id = fields.Integer()
    state = fields.String()
    old = UtcDateTime(metadata={"description": "the deadline before"})
    new = UtcDateTime(metadata={"description": "the deadline recomputed"})
    version = fields.Integer()


class CalendarEntrySchema(Schema):
    year = fields.Nested(CalendarYearSchema)
    changed_days = fields.List(fields.Date())
    recomputed = fields.List(fields.Nested(RecomputedDeadlineSchema))


class CalendarImportBody(Schema):
    csv = fields.String(
        required=True, metadata={"description": "rows date,kind: kind off or working (休 or 班)"}
    )
    reason = fields.String(load_default="")


class CalendarImportResult(Schema):
    years = fields.List(fields.Nested(CalendarEntrySchema))
