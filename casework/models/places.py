"""The three-level place tree, the provinces that group its counties, and the designated
rehabilitation institutions."""

from __future__ import annotations

from typing import Any

from peewee import (
    OP,
    SQL,
    BooleanField,
    CharField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Node,
    NodeList,
    StringExpression,
)

from casework.models.base import BaseModel, JSONField


class PathField(CharField):
    """A place's path. `startswith`, the scope of every list, is a plain LIKE 'prefix%', which
    PostgreSQL answers from the path's pattern index (migration 0025), where peewee's own
    ILIKE, which no btree index serves, read every place of a province for each scope. SQLite's
    LIKE ignores case as ILIKE does; paths are digits and slashes either way."""

    def startswith(self, rhs: Any) -> Any:
        if isinstance(rhs, Node):
            pattern = StringExpression(rhs, OP.CONCAT, "%")
        else:
            pattern = self._escape_like_expr(rhs, "%s%%")
        return NodeList((self, SQL("LIKE"), pattern), parens=True)


class Province(BaseModel):
    """A province: it groups counties for its officers' figures (services/province.py). The
    place tree starts at the county; a province is no place of it, so no scope reaches it."""

    name = CharField()
    code = CharField(unique=True)  # administrative division code


class Place(BaseModel):
    """A county, township or village. `path` ("/1/4/17/") makes subtree scoping a prefix match."""

    name = CharField()
    level = CharField()  # vocabulary.PlaceLevel
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    code = CharField(unique=True)  # administrative division code
    path = PathField(index=True)
    latitude = DoubleField(null=True)
    longitude = DoubleField(null=True)
    # a county's province (None on townships and villages, and on a county in none)
    province = ForeignKeyField(Province, null=True, backref="counties", on_delete="RESTRICT")

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
