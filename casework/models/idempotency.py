"""The answers given to writes that carried an idempotency key (a phone's outbox sends one with
each visit and report), so that a replay gets the first answer again instead of a second row."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from casework.models.base import BaseModel, JSONField
from casework.models.users import User


class IdempotencyKey(BaseModel):
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    key = CharField(max_length=100)  # made on the phone: the client's own identifier
    endpoint = CharField()  # where it was sent: the same key on another write is another use
    fingerprint = CharField(max_length=64)  # sha256 of the request body
    status = IntegerField()
    body = TextField()
    headers = JSONField(default=dict)  # the few headers a replay repeats (Location)
    created_at = DateTimeField(index=True)

    class Meta:
        indexes = ((("user", "key"), True),)
