"""Child protection: mandatory-report cases (强制报告), their measures, and visits."""

from __future__ import annotations

import datetime as dt

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Expression,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from casework.models.base import BaseModel, JSONField
from casework.models.children import Child
from casework.models.county_policy import PolicyVersion
from casework.models.places import Place
from casework.models.rehab import RehabApplication
from casework.models.users import User


class ReportCase(BaseModel):
    """One mandatory report and everything done about it (docs/domain.md, "Workflow 2")."""

    state = CharField()
    version = IntegerField(default=1)
    due_at = DateTimeField(null=True)  # deadline of the current state, UTC
    state_entered_at = DateTimeField()
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # where the child was found
    child = ForeignKeyField(Child, null=True, backref="report_cases", on_delete="RESTRICT")
    child_description = TextField(default="")  # when the child is not (yet) known by ID
    reporter_name = CharField()
    reporter_organisation = CharField(default="")
    reporter_phone = CharField(default="")
    reported_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    harm_type = CharField()  # vocabulary.HarmType
    urgent = BooleanField(default=False)
    # the county's urgent-hours version that set an urgent report's first deadline (None: the
    # default 24 hours, or a report not filed as urgent)
    urgent_policy = ForeignKeyField(PolicyVersion, null=True, backref="+", on_delete="RESTRICT")
    facts = TextField()
    screen_out_ground = CharField(null=True)  # "unfounded" or "duplicate"
    duplicate_of = ForeignKeyField("self", null=True, backref="+", on_delete="RESTRICT")
    police_involved = BooleanField(null=True)
    police_note = TextField(default="")
    placement = CharField(null=True)  # vocabulary.Placement, during the emergency response
    placement_where = CharField(default="")
    assessment = TextField(default="")
    risk_level = CharField(null=True)  # "high", "medium", "low"
    assistance_plan = TextField(default="")
    rehab_application = ForeignKeyField(
        RehabApplication, null=True, backref="+", on_delete="RESTRICT"
    )
    outcome = CharField(null=True)  # vocabulary.CaseOutcome, when closed
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("state", "due_at"), False),
            (("county", "state"), False),
            (("place", "state"), False),
            (("child", "state"), False),
        )


class GuardianshipMeasure(BaseModel):
    """A warning, an entrusted temporary guardianship or a court petition."""

    case = ForeignKeyField(ReportCase, backref="measures", on_delete="CASCADE")
    kind = CharField()  # vocabulary.GuardianshipMeasureKind
    taken_on = DateField()
    detail = TextField()
    entrusted_to = CharField(default="")  # for an entrusted temporary guardianship
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField()


class HomeEducation(BaseModel):
    """A severely disabled child taught at home (送教上门) by a teacher of the township."""

    child = ForeignKeyField(Child, backref="home_education", on_delete="CASCADE")
    teacher = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    school = CharField(default="")
    started_on = DateField()
    ended_on = DateField(null=True)

    class Meta:
        indexes = ((("child", "ended_on"), False),)

    @classmethod
    def running(cls, first: dt.date, last: dt.date | None = None) -> Expression:
        """Taught on every day from `first` to `last` (on `first` alone without `last`). The
        end date is the last day taught: an enrolment ending on a day still runs that day."""
        last = first if last is None else last
        return (cls.started_on <= first) & (cls.ended_on.is_null() | (cls.ended_on >= last))


class Visit(BaseModel):
    """A visit to a child, for the registry's regular schedule or a report case's monitoring."""

    visitor = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    visited_on = DateField()
    child = ForeignKeyField(Child, null=True, backref="visits", on_delete="RESTRICT")
    case = ForeignKeyField(ReportCase, null=True, backref="visits", on_delete="RESTRICT")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # the child's village
    kind = CharField()  # vocabulary.VisitKind
    findings = TextField()
    next_steps = TextField(default="")
    class_hours = IntegerField(null=True)  # home education only
    subject = CharField(default="")  # home education only
    # what the visit found, field by field (visits before these were recorded have only
    # findings: empty text, None and [] read as "not recorded")
    carer = CharField(default="")  # who actually cares for the child
    care_adequate = BooleanField(null=True)
    schooling = CharField(null=True)  # vocabulary.Schooling
    health = TextField(default="")
    safety = TextField(default="")
    needs = TextField(default="")
    parents_contact = CharField(null=True)  # vocabulary.ParentsContact
    risk_flags = JSONField(default=list)  # [vocabulary.RiskFlag]
    # the mandatory report the visitor filed from this visit
    opened_report = ForeignKeyField(ReportCase, null=True, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    # a visit captured on a phone without a signal whose child had meanwhile moved away or
    # left the register: kept, and shown to the township supervisor (vocabulary.VisitFlag)
    flag = CharField(default="")

    class Meta:
        indexes = (
            (("child", "kind", "visited_on"), False),
            (("case", "visited_on"), False),
            (("place", "visited_on"), False),
        )
