"""Village screening (排查): rounds, progress per village and township, entries."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.services.screening import EntryPayload, LaunchPayload
from web.api.schemas.common import UtcDateTime


class ScreeningCreate(LaunchPayload):
    """A round over every village of your county, from starts_on to ends_on (the last day)."""


class ScreeningSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    created_at = UtcDateTime()


class ScreeningList(Schema):
    items = fields.List(fields.Nested(ScreeningSchema))


def _results() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "count by result: no_concern, follow_up, new_file, report_filed"},
    )


class VillageProgressSchema(Schema):
    village_id = fields.Integer()
    village_name = fields.String()
    township_id = fields.Integer()
    township_name = fields.String()
    children = fields.Integer(metadata={"description": "children on file in the village"})
    screened = fields.Integer(metadata={"description": "of them, screened"})
    households = fields.Integer(metadata={"description": "families without a file recorded"})
    results = _results()
    completed_at = UtcDateTime(allow_none=True)
    overdue = fields.Boolean()


class TownshipProgressSchema(Schema):
    township_id = fields.Integer()
    township_name = fields.String()
    villages = fields.Integer()
    completed = fields.Integer()
    overdue = fields.Integer()
    children = fields.Integer()
    screened = fields.Integer()
    households = fields.Integer()
    results = _results()


class ProgressSchema(ScreeningSchema):
    townships = fields.List(fields.Nested(TownshipProgressSchema))
    villages = fields.List(fields.Nested(VillageProgressSchema))


class EntryCreate(EntryPayload):
    """One child on file, or one family without a file, screened."""


class EntrySchema(Schema):
    id = fields.Integer()
    place_id = fields.Integer()
    child_id = fields.Integer(allow_none=True)
    household = fields.String()
    result = fields.String()
    note = fields.String()
    report_case_id = fields.Integer(allow_none=True)
    screened_on = fields.Date()
    created_at = UtcDateTime()
    filed_child_id = fields.Integer(
        allow_none=True, metadata={"description": "new_file: the file opened since, if linked"}
    )
    filed_at = UtcDateTime(allow_none=True)


class ChildScreened(Schema):
    child_id = fields.Integer()
    child_name = fields.String()
    entry = fields.Nested(EntrySchema, allow_none=True, metadata={"description": "null: not yet"})


class VillageListSchema(Schema):
    screening_id = fields.Integer()
    village_id = fields.Integer()
    completed_at = UtcDateTime(allow_none=True)
    children = fields.List(fields.Nested(ChildScreened))
    households = fields.List(fields.Nested(EntrySchema))


class VillageDone(Schema):
    village_id = fields.Integer()
    completed_at = UtcDateTime()


class FileLink(Schema):
    child_id = fields.Integer(required=True, metadata={"description": "the file opened"})
