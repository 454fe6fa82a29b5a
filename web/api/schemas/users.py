"""Users: people who sign in, each with one role bound to a place or an institution."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.services.accounts import MAX_NAME, USERNAME_LENGTH
from casework.vocabulary import PERSON_ROLES, Department
from casework.workflows.payloads import Length, OneOf
from web.api.schemas.common import UtcDateTime


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    place_id = fields.Integer(allow_none=True)
    institution_id = fields.Integer(allow_none=True)
    department = fields.String(allow_none=True)
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
            "child director: a village; department staff: the county or a township"
        },
    )
    institution_id = fields.Integer(
        load_default=None, metadata={"description": "institution staff only"}
    )
    department = fields.String(
        load_default=None,
        validate=OneOf(Department),
        metadata={"description": "department staff only: their department"},
    )
    email = fields.String(load_default="", validate=Length(max=200))


class WorkSchema(Schema):
    """What waits on one user, by kind: the ids, and their counts."""

    reminders = fields.List(fields.Integer(), metadata={"description": "open reminders assigned"})
    escalations = fields.List(
        fields.Integer(), metadata={"description": "open reminders escalated to the user"}
    )
    enrolments = fields.List(
        fields.Integer(),
        metadata={"description": "home-education enrolments they teach, not ended"},
    )
    tokens = fields.List(
        fields.Integer(), metadata={"description": "live API tokens: revoked, never handed on"}
    )
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer()
    fingerprint = fields.String(
        metadata={"description": "send it back as `expected` to move exactly this list"}
    )


class HandoverSchema(Schema):
    user = fields.Nested(UserSchema)
    successor = fields.Nested(UserSchema)
    work = fields.Nested(WorkSchema)


class HandoverQuery(Schema):
    successor_id = fields.Integer(required=True)


class PostSchema(Schema):
    role = fields.String(required=True)
    place_id = fields.Integer(load_default=None, allow_none=True)
    institution_id = fields.Integer(load_default=None, allow_none=True)
    department = fields.String(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "required for department staff (their department), "
            "refused for any other role"
        },
    )


class HandoverRequest(Schema):
    successor_id = fields.Integer(
        required=True, metadata={"description": "active, same role, same place or institution"}
    )
    deactivate = fields.Boolean(load_default=False, metadata={"description": "stop the user too"})
    expected = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "the preview's fingerprint: refused (409) if the work changed"},
    )
    moves_to = fields.Nested(
        PostSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "the user's new post in the county (not with deactivate)"},
    )


class WorkLeftSchema(Schema):
    user = fields.Nested(UserSchema)
    work = fields.Nested(WorkSchema)
