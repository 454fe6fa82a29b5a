"""Requests received once at a window and transferred to the department responsible
(转介, 一门受理、协同办理), docs/domain.md "Workflow 4"."""

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

from casework.models.base import BaseModel
from casework.models.children import Child
from casework.models.places import Place
from casework.models.protection import ReportCase, Visit
from casework.models.rehab import RehabApplication
from casework.models.users import User


class Transfer(BaseModel):
    """One family's request, from the window to a department and back to the family."""

    state = CharField()
    version = IntegerField(default=1)
    due_at = DateTimeField(null=True)  # deadline of the current state, UTC
    state_entered_at = DateTimeField()
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # where the family lives
    child = ForeignKeyField(Child, null=True, backref="transfers", on_delete="RESTRICT")
    # the report case whose assistance asked for it; none when the family came to the window
    report_case = ForeignKeyField(ReportCase, null=True, backref="transfers", on_delete="RESTRICT")
    # or the needs a visit found, or what a rehab-aid application needs of another department
    visit = ForeignKeyField(Visit, null=True, backref="transfers", on_delete="RESTRICT")
    rehab_application = ForeignKeyField(
        RehabApplication, null=True, backref="transfers", on_delete="RESTRICT"
    )
    # a sub-case: the part of a request transferred to one more department than the first,
    # with its own state and time limit (transfer's `also_to`)
    parent = ForeignKeyField("self", null=True, backref="sub_cases", on_delete="RESTRICT")
    family_name = CharField()
    family_phone = CharField(default="")
    request = TextField()  # what the family asks for
    received_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    department = CharField(null=True)  # vocabulary.Department, once transferred
    refused_by = CharField(null=True)  # the last department that refused it
    handling = TextField(default="")  # what the department did
    benefit_granted = BooleanField(null=True)
    benefit = TextField(default="")  # the benefit granted, named as the department names it
    feedback = TextField(default="")  # what the department told the window
    answer = TextField(default="")  # what the window told the family
    answered_on = DateField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("state", "due_at"), False),
            (("county", "state"), False),
            (("place", "state"), False),
            (("department", "state"), False),
        )
