"""A county's policy values that change by effective date: each row is one version of one
value (an aid item's age limit, ...), in force from its day until the next version's."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel
from casework.models.places import Place
from casework.models.users import User


class PolicyVersion(BaseModel):
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    kind = CharField()  # casework.rules.county_policy.Kind, e.g. "age_limit"
    key = CharField()  # what within the kind, e.g. an aid item
    value = IntegerField()
    label = CharField(default="")  # the wording of a county's own rejection code
    effective_from = DateField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("county", "kind", "key", "effective_from"), True),)
