"""People who sign in, with a role bound to a place, an institution or (a province's officer) a
province, and their API tokens."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel
from casework.models.places import Institution, Place, Province


class User(BaseModel):
    username = CharField(unique=True)
    name = CharField()
    role = CharField()  # vocabulary.Role
    place = ForeignKeyField(Place, null=True, backref="users", on_delete="RESTRICT")
    institution = ForeignKeyField(Institution, null=True, backref="staff", on_delete="RESTRICT")
    department = CharField(null=True)  # vocabulary.Department, for a department's staff only
    province = ForeignKeyField(Province, null=True, backref="officers", on_delete="RESTRICT")
    email = CharField(default="")
    password_hash = CharField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField()
    # raised at each sign-out: a page session names the generation it began in
    session_generation = IntegerField(default=0)


class ApiToken(BaseModel):
    """A bearer token; only its SHA-256 is stored."""

    user = ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    token_hash = CharField(unique=True)
    label = CharField(default="")
    created_at = DateTimeField()
    expires_at = DateTimeField()
    revoked_at = DateTimeField(null=True)
    # the id of the token this one was issued with through the API (null: a signed-in page,
    # the command line): revoking that token revokes this one too (services/tokens.revoke)
    issued_by_token = IntegerField(null=True)
