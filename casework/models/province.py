"""Each county's figures as the scheduler took them for its province's officers."""

from __future__ import annotations

from peewee import DateField, DateTimeField, ForeignKeyField

from casework.models.base import BaseModel, JSONField
from casework.models.places import Place


class CountyFigures(BaseModel):
    """One county's figures of one day (China's date of `taken_at`), as its leader's dashboard
    gave them at `taken_at` (services/province.py: FIGURES names them)."""

    county = ForeignKeyField(Place, backref="+", on_delete="CASCADE")
    as_of = DateField()
    figures = JSONField(default=dict)
    taken_at = DateTimeField()

    class Meta:
        table_name = "county_figures"
        indexes = ((("county", "as_of"), True),)
