"""The append-only audit log: one row per action on any record, with the fields it changed."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from casework.models.base import BaseModel, JSONField
from casework.models.users import User


class AuditEntry(BaseModel):
    entity = CharField()  # workflow or record kind, e.g. "rehab"
    entity_id = IntegerField()
    action = CharField()
    from_state = CharField(null=True)
    to_state = CharField(null=True)
    version = IntegerField()  # the record's version after the action
    actor = ForeignKeyField(User, null=True, backref="audit_entries", on_delete="RESTRICT")
    actor_role = CharField()
    at = DateTimeField()
    reason = TextField(default="")
    changes = JSONField(default=dict)  # {field: [old, new]}
    # the deadline the case had after the action (the one of the state it entered, or the one
    # kept running), written by the engine; None without one, and on rows before migration 0022
    due_at = DateTimeField(null=True)

    class Meta:
        table_name = "audit_log"
        indexes = ((("entity", "entity_id", "id"), False),)
