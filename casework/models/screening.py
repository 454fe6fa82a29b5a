"""Village screening (排查): a county-wide round in which every village's child director
records each child and family of the village as screened, with what was found."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from casework.models.base import BaseModel
from casework.models.children import Child
from casework.models.places import Place
from casework.models.protection import ReportCase
from casework.models.users import User


class Screening(BaseModel):
    """One round, launched by the county for a period."""

    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    title = CharField()
    starts_on = DateField()
    ends_on = DateField()  # the last day: a village not finished by then is overdue
    launched_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("county", "ends_on"), False),)


class ScreeningVillage(BaseModel):
    """A village's part of a round: the subject of the overdue reminder (its `place` routes
    it to the village's child director, its `county` to the county's policy)."""

    screening = ForeignKeyField(Screening, backref="villages", on_delete="CASCADE")
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # the village
    completed_at = DateTimeField(null=True)  # the director declared every family screened
    completed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("screening", "place"), True), (("completed_at",), False))


class ScreeningEntry(BaseModel):
    """One child (on file) or one family (not on file) screened, and the result."""

    screening = ForeignKeyField(Screening, backref="entries", on_delete="CASCADE")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # the village
    child = ForeignKeyField(Child, null=True, backref="+", on_delete="RESTRICT")
    household = CharField(default="")  # a family or child without a file: who and where
    result = CharField()  # vocabulary.ScreeningResult
    note = TextField(default="")
    report_case = ForeignKeyField(ReportCase, null=True, backref="+", on_delete="RESTRICT")
    screened_on = DateField()
    screened_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    # a family or child found without a file (result new_file): the file opened for it, and
    # when that was recorded (services/screening.link_file; the registration rate counts it)
    # one entry per file (a unique index, migration 0026)
    filed_child = ForeignKeyField(Child, null=True, unique=True, backref="+", on_delete="RESTRICT")
    filed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("screening", "child"), True), (("screening", "place"), False))
