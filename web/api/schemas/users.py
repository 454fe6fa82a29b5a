"""Users: people who sign in, each with one role bound to a place or an institution."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.services.accounts import MAX_NAME, USERNAME_LENGTH
from casework.vocabulary import PERSON_ROLES
from casework.workflows.payloads import Length, OneOf
from web.api.schemas.common import UtcDateTime


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    place_id = fields.Integer(allow_none=True)
    institution_id = fields.Integer(allow_none=True)
    email = fields.String()
    active = fields.Boolean()
    created_at = UtcDateTime()


class UserCreate(Schema):
    username = fields.String(
        required=True,
        validate=Length(*USERNAME_LENGTH),
        metadata={"description": "no spaces"},
    )
    name = fields.String(required=True, validate=Length(min=1, max=MAX_NAME))
    role = fields.String(required=True, validate=OneOf(PERSON_ROLES))
    password = fields.String(required=True, load_only=True, validate=Length(min=8, max=200))
    place_id = fields.Integer(
        load_default=None,
        metadata={
            "description": "county roles: the county; supervisor, teacher: a township; "
            "child director: a village"
        },
    )
    institution_id = fields.Integer(
        load_default=None, metadata={"description": "institution staff only"}
    )
    email = fields.String(load_default="", validate=Length(max=200))
