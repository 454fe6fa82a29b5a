"""The children's registry: search, a file's history, the file as it was, imports."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.workflows.payloads import Range
from web.api.masking import MaskedAddress, MaskedBirthDate, MaskedIdNumber, MaskedPhone
from web.api.schemas.common import UtcDateTime


class SearchQuery(Schema):
    name = fields.String(metadata={"description": "the name, or how it starts (e.g. the surname)"})
    id_number = fields.String(metadata={"description": "the ID number, or how it starts"})
    place_id = fields.Integer(metadata={"description": "children of this place and below"})
    page = fields.Integer(load_default=1, validate=Range(min=1))
    per_page = fields.Integer(load_default=20, validate=Range(min=1, max=200))


class FoundChild(Schema):
    id = fields.Integer()
    id_number = MaskedIdNumber()
    name = fields.String()
    sex = fields.String()
    birth_date = MaskedBirthDate()
    place_id = fields.Integer()
    residence_basis = fields.String(allow_none=True)
    disability_types = fields.List(fields.String())
    categories = fields.List(fields.String(), metadata={"description": "what the child counts as"})
    version = fields.Integer()


class SearchResult(Schema):
    items = fields.List(fields.Nested(FoundChild))
    page = fields.Integer()
    per_page = fields.Integer()
    has_more = fields.Boolean(metadata={"description": "true: ask for the next page"})


class FieldChangeSchema(Schema):
    at = UtcDateTime()
    action = fields.String(metadata={"description": "register, update ..."})
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    actor_role = fields.String()
    version = fields.Integer(metadata={"description": "the file's version after the change"})
    field = fields.String()
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)
    reason = fields.String()


class HistoryResult(Schema):
    child_id = fields.Integer()
    changes = fields.List(fields.Nested(FieldChangeSchema))


class AsOfQuery(Schema):
    date = fields.Date(required=True, metadata={"description": "the file at the end of this day"})


class FileGuardian(Schema):
    name = fields.String()
    relation = fields.String()
    phone = MaskedPhone()


class FileAsOf(Schema):
    id = fields.Integer()
    as_of = UtcDateTime()
    version = fields.Integer()
    id_number = MaskedIdNumber()
    name = fields.String()
    sex = fields.String()
    birth_date = MaskedBirthDate()
    place = fields.Integer(allow_none=True, metadata={"description": "the village's id"})
    residence_basis = fields.String(allow_none=True)
    disability_types = fields.List(fields.String())
    categories = fields.List(fields.String())
    difficulty_categories = fields.List(
        fields.String(),
        metadata={"description": "only for a day before the difficulty tags became claims"},
    )
    address = MaskedAddress(allow_none=True)
    guardians = fields.List(fields.Nested(FileGuardian))


class ImportForm(Schema):
    good_rows_only = fields.Boolean(
        load_default=False,
        metadata={"description": "write the good rows even when some rows are bad"},
    )
    dry_run = fields.Boolean(load_default=False, metadata={"description": "check only"})


class ImportFile(Schema):
    file = fields.Raw(
        required=True, metadata={"type": "string", "format": "binary", "description": ".xlsx/.csv"}
    )


class BadRowSchema(Schema):
    row = fields.Integer(metadata={"description": "the row number in the spreadsheet"})
    id_number = MaskedIdNumber()
    reasons = fields.List(fields.String())


class ImportResult(Schema):
    encoding = fields.String()
    rows = fields.Integer()
    good = fields.Integer()
    written = fields.Integer()
    complete = fields.Boolean(metadata={"description": "true: every row was good"})
    bad_rows = fields.List(fields.Nested(BadRowSchema))
    child_ids = fields.List(fields.Integer())
