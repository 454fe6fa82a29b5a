"""One child, one file (一人一档): identity, place, residence, guardians, needs."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from casework.models.base import BaseModel, JSONField
from casework.models.documents import Document
from casework.models.places import Place
from casework.models.users import User


class Child(BaseModel):
    id_number = CharField(unique=True)  # 18-character resident ID, GB 11643
    name = CharField(index=True)
    sex = CharField()  # "M" or "F", derived from the ID number
    birth_date = DateField()  # derived from the ID number
    place = ForeignKeyField(Place, backref="children_registered", on_delete="RESTRICT")
    residence_basis = CharField(null=True)  # vocabulary.ResidenceBasis; None: not resident
    disability_types = JSONField(default=list)  # [vocabulary.DisabilityType]
    address = CharField(default="")
    version = IntegerField(default=1)
    created_at = DateTimeField()
    updated_at = DateTimeField()
    # No ID number yet (abandoned, unregistered, street children): `id_number` holds a
    # placeholder (rules/identity.placeholder), sex and birth date are as estimated.
    id_pending = BooleanField(default=False)
    description = TextField(default="")  # what tells the child apart until then
    # The family's situation (the parents' in ParentFact) and who actually cares for the child
    carer_name = CharField(default="")  # 委托照护人 / kinship carer
    carer_relation = CharField(default="")
    carer_phone = CharField(default="")
    carer_parent = CharField(null=True)  # vocabulary.ParentRole: the carer is this parent
    subsistence = CharField(default="none")  # vocabulary.Subsistence: 低保 / 特困
    seriously_ill = BooleanField(default=False)
    school = CharField(default="")  # for the left-behind child's contact card
    # What the child counts as (vocabulary.ChildCategory, or a category the county set
    # itself): derived from the facts plus the clerks' claims, kept so that lists, counts,
    # ledgers and the visit cadence read it (rules/family.py); the one source
    categories = JSONField(default=list)
    category_claims = JSONField(default=list)  # [{"category", "reason", "by", "on"}]
    # The register's life (workflows/register.py): on it, or off it since `left_on` for
    # `left_reason`; a child moved out names where to, and the county that may take it over
    state = CharField(default="on_register")
    due_at = DateTimeField(null=True)  # the engine's: the register has no deadlines
    state_entered_at = DateTimeField(null=True)
    left_reason = CharField(null=True)  # vocabulary.LeaveReason
    left_on = DateField(null=True)
    moved_to = CharField(default="")
    moved_to_county = ForeignKeyField(Place, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        # a village's children page by name: one index range, already in order
        indexes = (
            (("place", "name"), False),
            (("state", "birth_date"), False),  # the birthday job's scan
            (("moved_to_county", "state"), False),  # files waiting to be taken over
        )


class Guardian(BaseModel):
    child = ForeignKeyField(Child, backref="guardians", on_delete="CASCADE")
    name = CharField()
    relation = CharField()
    phone = CharField(default="")


class ParentFact(BaseModel):
    """One parent's (or guardian's) situation, with its dates and the paper that shows it.
    The rows are replaced together; the audit log keeps every earlier set."""

    child = ForeignKeyField(Child, backref="parents", on_delete="CASCADE")
    role = CharField()  # vocabulary.ParentRole
    name = CharField(default="")
    phone = CharField(default="")
    situation = CharField()  # vocabulary.ParentSituation
    since = DateField(null=True)
    until = DateField(null=True)
    away_place = CharField(default="")  # where a parent working away works
    evidence = ForeignKeyField(Document, null=True, backref="+", on_delete="RESTRICT")
    note = TextField(default="")


class ParentContact(BaseModel):
    """A parent working away got in touch with the left-behind child (call, video, visit)."""

    child = ForeignKeyField(Child, backref="parent_contacts", on_delete="CASCADE")
    role = CharField()  # vocabulary.ParentRole
    contacted_on = DateField()
    how = CharField(default="")
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField()

    class Meta:
        indexes = ((("child", "role", "contacted_on"), False),)
