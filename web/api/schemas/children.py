"""Children's files (一人一档)."""

from __future__ import annotations

from marshmallow import Schema, fields
from marshmallow.validate import Regexp

from casework.rules.county_policy import CODE
from casework.vocabulary import (
    ChildCategory,
    DisabilityType,
    LeaveReason,
    ResidenceBasis,
)
from casework.workflows.payloads import Length, one_of
from casework.workflows.register import RegisterState
from web.api.masking import MaskedAddress, MaskedBirthDate, MaskedIdNumber, MaskedPhone
from web.api.schemas.common import PageQuery, PageSchema, PlaceRef, UtcDateTime


class GuardianSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=100))
    relation = fields.String(
        required=True, validate=Length(min=1, max=50), metadata={"example": "母亲"}
    )
    phone = fields.String(load_default="", validate=Length(max=30))


class ChildFields(Schema):
    """What a keeper of files may change; on update every field is optional."""

    name = fields.String(validate=Length(min=1, max=100))
    place_id = fields.Integer(metadata={"description": "the village the child lives in"})
    residence_basis = fields.String(
        allow_none=True,
        validate=one_of(ResidenceBasis),
        metadata={"description": "null: no residence in the county"},
    )
    disability_types = fields.List(fields.String(validate=one_of(DisabilityType)))
    difficulty_categories = fields.Raw(
        load_only=True,
        metadata={"deprecated": True, "description": "retired: refused (422 "
                  "difficulty_tags_retired); a category is set with a reason, "
                  "POST /families/<id>/categories"},
    )  # fmt: skip
    address = fields.String(validate=Length(max=200))
    guardians = fields.List(fields.Nested(GuardianSchema))


class ChildCreate(ChildFields):
    id_number = fields.String(
        required=True,
        metadata={"description": "18-character resident ID; birth date and sex come from it"},
    )
    name = fields.String(required=True, validate=Length(min=1, max=100))
    place_id = fields.Integer(required=True)


class ChildWithoutId(ChildFields):
    """A child without an ID number (abandoned, unregistered, street children): the file is
    flagged until the number is given (POST /children/<id>/id-number)."""

    name = fields.String(
        required=True, validate=Length(min=1, max=100), metadata={"example": "无名男童"}
    )
    place_id = fields.Integer(required=True)
    sex = fields.String(required=True, metadata={"enum": ["M", "F"]})
    birth_date = fields.Date(required=True, metadata={"description": "as estimated"})
    description = fields.String(
        required=True,
        validate=Length(max=2000),
        metadata={"description": "what tells the child apart: looks, marks, where found"},
    )


class IdNumberIn(Schema):
    id_number = fields.String(required=True, metadata={"description": "18-character resident ID"})
    expected_version = fields.Integer(required=True)


class ChildUpdate(ChildFields):
    expected_version = fields.Integer(
        required=True, metadata={"description": "the version you read; 409 if it changed"}
    )


class ChildQuery(PageQuery):
    name = fields.String(metadata={"description": "part of the name"})
    id_number = fields.String(metadata={"description": "the ID number or its beginning"})
    place_id = fields.Integer(metadata={"description": "children of this place and below"})
    state = fields.String(
        validate=one_of(RegisterState), metadata={"description": "on or off the register"}
    )
    left_reason = fields.String(validate=one_of(LeaveReason))
    category = fields.String(
        validate=Regexp(CODE),
        metadata={"description": "one of " + ", ".join(ChildCategory) + ", or a category "
                  "the county set itself"},
    )  # fmt: skip
    id_pending = fields.Boolean(metadata={"description": "true: files without an ID number"})


class GuardianOut(Schema):
    name = fields.String()
    relation = fields.String()
    phone = MaskedPhone()


class ChildSchema(Schema):
    id = fields.Integer()
    id_number = MaskedIdNumber(metadata={"description": "masked unless shown whole to you"})
    name = fields.String()
    sex = fields.String(metadata={"description": "M or F, from the ID number"})
    birth_date = MaskedBirthDate()
    place = fields.Nested(PlaceRef)
    residence_basis = fields.String(allow_none=True)
    disability_types = fields.List(fields.String())
    address = MaskedAddress()
    guardians = fields.List(fields.Nested(GuardianOut))
    id_pending = fields.Boolean(metadata={"description": "no ID number yet: a placeholder"})
    description = fields.String()
    categories = fields.List(
        fields.String(),
        metadata={"description": "what the child counts as, the one source (GET /families/<id>)"},
    )
    state = fields.String(metadata={"description": "on or off the register (/register/<id>)"})
    left_reason = fields.String(allow_none=True)
    left_on = fields.Date(allow_none=True)
    version = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class ChildPage(PageSchema):
    items = fields.List(fields.Nested(ChildSchema))
