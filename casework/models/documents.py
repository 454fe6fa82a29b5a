"""Papers kept on a record: a document, its stored versions, and the access log.

A document belongs to one record: a rehab application, a report case, an agreement or a claim
line (`target`, `target_id`). Replacing it adds a version; versions are never deleted. The files
live under settings.documents_dir, named by the service, never by the uploader.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from casework.models.base import BaseModel
from casework.models.places import Place
from casework.models.users import User


class Document(BaseModel):
    target = CharField()  # vocabulary.DocumentTarget
    target_id = IntegerField()
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # the record's county
    kind = CharField()  # vocabulary.DocumentKind, or "invoice" / "other"
    title = CharField()  # the uploader's file name, cleaned: shown, never used as a path
    version = IntegerField(default=1)  # the number of the current version
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("target", "target_id"), False),)


class DocumentVersion(BaseModel):
    document = ForeignKeyField(Document, backref="versions", on_delete="RESTRICT")
    number = IntegerField()
    storage_name = CharField(unique=True)  # generated: <random hex>, under documents_dir
    sha256 = CharField()
    size = IntegerField()
    content_type = CharField()  # detected from the content
    original_name = CharField()
    uploaded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    uploaded_at = DateTimeField()

    class Meta:
        indexes = ((("document", "number"), True),)


class AccessEntry(BaseModel):
    """Who saw what, from where: unmasked ID numbers, downloads, exports and refusals.
    Append-only: the database refuses UPDATE and DELETE (migration 0006)."""

    at = DateTimeField()
    user = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    role = CharField()
    action = CharField()  # vocabulary.AccessAction
    entity = CharField()  # child, rehab, report, agreement, claim_line, document, claim ...
    entity_id = IntegerField(null=True)
    county = ForeignKeyField(Place, null=True, backref="+", on_delete="RESTRICT")
    actor_county = ForeignKeyField(Place, null=True, backref="+", on_delete="RESTRICT")
    client_address = CharField(default="")
    detail = TextField(default="")

    class Meta:
        table_name = "access_log"
        indexes = ((("county", "at"), False), (("actor_county", "at"), False))


class SignInFailure(BaseModel):
    """A failed password sign-in; enough of them in a while lock the username out."""

    username = CharField(index=True)
    at = DateTimeField()
    client_address = CharField(default="")
