"""Statistical returns sent upward (信息报送), and each rehab application's entry in the
national rehab-aid system (全国残疾儿童康复救助管理系统)."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from casework.models.base import BaseModel, JSONField
from casework.models.places import Place
from casework.models.rehab import RehabApplication
from casework.models.users import User


class ReturnSubmission(BaseModel):
    """A return a county submitted: its figures as counted at `as_of`, kept as sent; counting
    again as of the same moment gives the same figures (services/returns.py)."""

    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    kind = CharField()  # "monthly" or "quarterly"
    period = CharField()  # "2026-03" or "2026-Q1"
    as_of = DateTimeField()  # the moment (UTC) its figures were counted at
    figures = JSONField(default=list)  # [[code, value], ...] in the return's fixed order
    submitted_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    submitted_at = DateTimeField()

    class Meta:
        indexes = ((("county", "kind", "period"), False),)


class NationalEntry(BaseModel):
    """An application entered in the national system: when, by whom, its reference there."""

    application = ForeignKeyField(RehabApplication, backref="+", unique=True, on_delete="RESTRICT")
    entered_on = DateField()
    reference = CharField()
    entered_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField()


class PeriodRatesSnapshot(BaseModel):
    """A county's three period rates per village (visits on time, cases handled in time,
    registered of screened) from `first` to `last`, counted as recorded by `moment`, a moment
    already past when they were counted: counting again would give the same figures
    (services/county_rates.py), so they are kept instead of counted at every opening."""

    county = ForeignKeyField(Place, backref="+", on_delete="CASCADE")
    first = DateField()
    last = DateField()
    moment = DateTimeField()
    counting = IntegerField()  # the version of the counting (services/rates_as_of.COUNTING)
    rates = JSONField(default=dict)

    class Meta:
        table_name = "period_rates_snapshot"
        indexes = ((("county", "first", "last", "moment", "counting"), True),)
