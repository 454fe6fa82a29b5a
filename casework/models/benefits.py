"""The benefits a child gets, on the child's file: which, from which department, how much and
for how long (docs/one-window.md, "Benefits")."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from casework.models.base import BaseModel
from casework.models.children import Child
from casework.models.places import Place
from casework.models.protection import ReportCase
from casework.models.transfer import Transfer
from casework.models.users import User


class ChildBenefit(BaseModel):
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    child = ForeignKeyField(Child, backref="benefits", on_delete="RESTRICT")
    # a key of the county's benefit list: a vocabulary.Benefit, or one the county added
    benefit = CharField()
    department = CharField()  # vocabulary.Department that grants it
    status = CharField()  # vocabulary.BenefitStatus
    amount = IntegerField(null=True)  # fen, per `period`; none: not (yet) known
    period = CharField(null=True)  # vocabulary.BenefitPeriod: per month, or once
    starts_on = DateField(null=True)
    ends_on = DateField(null=True)  # the last day it is paid for; none: open-ended
    note = TextField(default="")
    # where it came from: a report case's assistance, a department's handling of a request
    report_case = ForeignKeyField(ReportCase, null=True, backref="benefits", on_delete="RESTRICT")
    transfer = ForeignKeyField(Transfer, null=True, backref="benefits", on_delete="RESTRICT")
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("child", "benefit"), False),
            (("county", "benefit", "status"), False),
            (("report_case", "benefit"), False),
        )
