"""Schema pieces every resource uses: timestamps, paging, problems, short references."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields

from casework.workflows.payloads import Range


def as_utc(value):
    """Timestamps are stored as naive UTC: mark them so (their ISO text ends in +00:00)."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


class UtcDateTime(fields.DateTime):
    """A stored timestamp, as ISO text that says it is UTC (the schema's date-time is RFC 3339,
    which has a zone); read back as naive UTC, as stored, from a time in any zone (one
    without a zone is taken as UTC)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(as_utc(value), attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        found = super()._deserialize(value, attr, data, **kwargs)
        if found.tzinfo is not None:
            found = found.astimezone(dt.UTC).replace(tzinfo=None)
        return found


class FieldErrorSchema(Schema):
    code = fields.String(metadata={"example": "required"})
    params = fields.Dict(keys=fields.String())


class ProblemSchema(Schema):
    """application/problem+json (RFC 9457) with the extensions this API adds."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String(metadata={"description": "what went wrong, in English"})
    code = fields.String(
        metadata={
            "description": "what went wrong, as a stable snake_case code to key on (the detail"
            " may be reworded)",
            "example": "plan_before_assessment",
        }
    )
    params = fields.Dict(
        keys=fields.String(),
        metadata={"description": "the variable parts of the code's message (names, dates...)"},
    )
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "422: each offending field with its messages"},
    )
    error_codes = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(FieldErrorSchema)),
        metadata={"description": "422: the code and params of each message in `errors`"},
    )
    allowed = fields.List(
        fields.String(), metadata={"description": "409: the actions open to you now"}
    )
    state = fields.String(metadata={"description": "409: the case's current state"})
    version = fields.Integer(metadata={"description": "409: the case's current version"})
    existing_id = fields.Integer(metadata={"description": "409: the record that already exists"})
    existing_url = fields.String(metadata={"description": "409: where to read it"})


class PageQuery(Schema):
    # a page beyond this is past any list the counties keep, and its offset past SQLite's
    page = fields.Integer(load_default=1, validate=Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=Range(min=1, max=200))


class PageSchema(Schema):
    total = fields.Integer(metadata={"description": "rows matching, over all pages"})
    page = fields.Integer()
    per_page = fields.Integer()


class PlaceRef(Schema):
    id = fields.Integer()
    name = fields.String()
    level = fields.String()


class InstitutionRef(Schema):
    id = fields.Integer()
    name = fields.String()
    out_of_county = fields.Boolean()


class UserRef(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()


class ChildRef(Schema):
    id = fields.Integer()
    name = fields.String()


class CaseSummary(Schema):
    """What every workflow's case shows in a list: where it stands and until when."""

    id = fields.Integer()
    state = fields.String()
    version = fields.Integer()
    due_at = UtcDateTime(allow_none=True, metadata={"description": "deadline of this state"})
    overdue = fields.Boolean()
