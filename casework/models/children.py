"""One child, one file (一人一档): identity, place, residence, guardians, needs."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel, JSONField
from casework.models.places import Place


class Child(BaseModel):
    id_number = CharField(unique=True)  # 18-character resident ID, GB 11643
    name = CharField(index=True)
    sex = CharField()  # "M" or "F", derived from the ID number
    birth_date = DateField()  # derived from the ID number
    place = ForeignKeyField(Place, backref="children_registered", on_delete="RESTRICT")
    residence_basis = CharField(null=True)  # vocabulary.ResidenceBasis; None: not resident
    disability_types = JSONField(default=list)  # [vocabulary.DisabilityType]
    difficulty_categories = JSONField(default=list)  # [vocabulary.DifficultyCategory]
    address = CharField(default="")
    version = IntegerField(default=1)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        # a village's children page by name: one index range, already in order
        indexes = ((("place", "name"), False),)


class Guardian(BaseModel):
    child = ForeignKeyField(Child, backref="guardians", on_delete="CASCADE")
    name = CharField()
    relation = CharField()
    phone = CharField(default="")
