"""Documents on records, their versions, the access log and API tokens."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from casework.services import tokens
from casework.vocabulary import AccessAction, DocumentTarget, PaperKind
from casework.workflows.payloads import Length, Range, one_of
from web.api.schemas.common import PageQuery, PageSchema, UtcDateTime


class RecordQuery(Schema):
    target = fields.String(required=True, validate=one_of(DocumentTarget))
    target_id = fields.Integer(required=True, validate=Range(min=1, max=2**31 - 1))


class UploadForm(RecordQuery):
    kind = fields.String(
        required=True,
        validate=one_of(PaperKind),
        metadata={"description": "identity, residence and diagnosis tick the checklist"},
    )


class ReplaceForm(Schema):
    expected_version = fields.Integer(
        validate=Range(min=1, max=2**31 - 1),
        metadata={"description": "the version you read; 422 if it changed"},
    )


class FileUpload(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "PDF, JPEG, PNG, .docx or .xlsx; the type is read from the "
            "content and the size is limited (10 MB by default)"
        },
    )


class VersionQuery(Schema):
    version = fields.Integer(
        validate=Range(min=1, max=2**31 - 1),
        metadata={"description": "a kept version; the current one when left out"},
    )


class VersionSchema(Schema):
    number = fields.Integer()
    sha256 = fields.String()
    size = fields.Integer()
    content_type = fields.String()
    original_name = fields.String()
    uploaded_by_id = fields.Integer()
    uploaded_at = UtcDateTime()


class DocumentSchema(Schema):
    id = fields.Integer()
    target = fields.String()
    target_id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    version = fields.Integer(metadata={"description": "the number of the current version"})
    versions = fields.List(fields.Nested(VersionSchema))
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class AccessQuery(PageQuery):
    action = fields.String(validate=one_of(AccessAction))
    user_id = fields.Integer(validate=Range(min=1, max=2**31 - 1))
    since = fields.Date(metadata={"description": "from this day (China time), included"})
    until = fields.Date(metadata={"description": "to this day (China time), included"})


class AccessEntrySchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    user_id = fields.Integer(allow_none=True)
    username = fields.String(allow_none=True)
    role = fields.String()
    action = fields.String()
    entity = fields.String()
    entity_id = fields.Integer(allow_none=True)
    client_address = fields.String()
    detail = fields.String()


class AccessPage(PageSchema):
    items = fields.List(fields.Nested(AccessEntrySchema))


class TokenQuery(Schema):
    user_id = fields.Integer(
        validate=Range(min=1, max=2**31 - 1),
        metadata={"description": "another user of the county (county admin)"},
    )


class TokenCreate(Schema):
    label = fields.String(
        required=True,
        validate=Length(min=1, max=tokens.MAX_LABEL),
        metadata={"description": "what the token is for, to tell your tokens apart"},
    )
    days = fields.Integer(
        validate=Range(min=1, max=tokens.MAX_DAYS),
        metadata={"description": "days until it expires (default: CASEWORK_TOKEN_DAYS, 90)"},
    )


class TokenSchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    label = fields.String()
    created_at = UtcDateTime()
    expires_at = UtcDateTime()
    revoked_at = UtcDateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "shown once: only its hash is kept"})
