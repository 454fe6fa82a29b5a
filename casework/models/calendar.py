"""The holiday calendar the admin keeps: per year, the days off and the adjusted working days
(调休) as the State Council publishes them (casework.rules.calendar)."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel
from casework.models.users import User


class CalendarYear(BaseModel):
    """A year the admin has entered: its days below replace the package's for that year (an
    entered year without days is Monday-Friday, as entered)."""

    year = IntegerField(unique=True)
    # The installation-wide revision of the change that last touched this year: the largest
    # is the calendar's version, which every process compares with its cached copy.
    revision = IntegerField(index=True)
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")


class CalendarDay(BaseModel):
    day = DateField(unique=True)
    year = IntegerField(index=True)
    kind = CharField()  # rules.calendar.DayKind
