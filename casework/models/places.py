"""The three-level place tree and the designated rehabilitation institutions."""

from __future__ import annotations

from peewee import BooleanField, CharField, DoubleField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel, JSONField


class Place(BaseModel):
    """A county, township or village. `path` ("/1/4/17/") makes subtree scoping a prefix match."""

    name = CharField()
    level = CharField()  # vocabulary.PlaceLevel
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    code = CharField(unique=True)  # administrative division code
    path = CharField(index=True)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)

    @property
    def county_id(self) -> int:
        return int(self.path.strip("/").split("/")[0])


class Institution(BaseModel):
    """A designated rehab institution; it may lie outside the county that designated it."""

    name = CharField()
    county = ForeignKeyField(Place, backref="institutions", on_delete="RESTRICT")
    address = CharField(default="")
    out_of_county = BooleanField(default=False)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    aid_items = JSONField(default=list)  # [vocabulary.AidItem]
    capacity = IntegerField(default=0)  # children in care at once
    active = BooleanField(default=True)
