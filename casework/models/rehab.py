"""A rehabilitation-aid application and the records the institution adds as it is carried out."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from casework.models.base import BaseModel, JSONField
from casework.models.children import Child
from casework.models.county_policy import PolicyVersion
from casework.models.places import Institution, Place
from casework.models.users import User


class RehabApplication(BaseModel):
    child = ForeignKeyField(Child, backref="rehab_applications", on_delete="RESTRICT")
    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    place = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")  # the child's village
    state = CharField()
    version = IntegerField(default=1)
    due_at = DateTimeField(null=True)  # deadline of the current state, UTC
    state_entered_at = DateTimeField()
    applied_on = DateField()
    aid_year = IntegerField()
    applicant_name = CharField()  # the guardian, or the delegate applying for them
    applicant_relation = CharField()
    submitted_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    submitted_by_institution = ForeignKeyField(
        Institution, null=True, backref="+", on_delete="RESTRICT"
    )
    preferred_institution = ForeignKeyField(
        Institution, null=True, backref="+", on_delete="RESTRICT"
    )
    institution = ForeignKeyField(Institution, null=True, backref="+", on_delete="RESTRICT")
    diagnosis = TextField(default="")
    eligibility = JSONField(default=dict)  # {"eligible": bool, "reasons": [...]}
    override_reason = TextField(default="")
    completed_on = DateField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        indexes = (
            (("state", "due_at"), False),
            (("county", "state"), False),
            (("institution", "state"), False),
            (("child", "aid_year"), False),
        )


class ApplicationItem(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="items", on_delete="CASCADE")
    aid_item = CharField()  # vocabulary.AidItem
    free_device = BooleanField(default=False)  # handed out free by the federation: no subsidy
    # the county's age-limit version the item was assessed under (None: the policy default)
    age_limit_policy = ForeignKeyField(PolicyVersion, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("application", "aid_item"), True),)


class ChecklistItem(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="checklist", on_delete="CASCADE")
    kind = CharField()  # vocabulary.DocumentKind
    received = BooleanField(default=False)
    note = CharField(default="")

    class Meta:
        indexes = ((("application", "kind"), True),)


class Referral(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="referrals", on_delete="CASCADE")
    institution = ForeignKeyField(Institution, backref="referrals", on_delete="RESTRICT")
    basis = CharField()  # "nearest" or "guardian_choice"
    distance_km = DoubleField(null=True)
    referred_at = DateTimeField()
    answer = CharField(null=True)  # "accepted", "declined"
    answered_at = DateTimeField(null=True)
    decline_reason = TextField(default="")


class Agreement(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="agreements", unique=True)
    institution = ForeignKeyField(Institution, backref="+", on_delete="RESTRICT")
    signed_on = DateField()
    guardian_name = CharField()
    terms = TextField(default="")


class RehabPlan(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="plans", unique=True)
    assessed_on = DateField()
    assessment = TextField()
    goals = TextField()
    starts_on = DateField()
    planned_months = IntegerField()


class Attendance(BaseModel):
    """Days a child attended in one calendar month (`month` is its first day)."""

    application = ForeignKeyField(RehabApplication, backref="attendance", on_delete="CASCADE")
    month = DateField()
    days_attended = IntegerField()
    sessions = IntegerField(default=0)
    note = CharField(default="")
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField()

    class Meta:
        indexes = ((("application", "month"), True),)


class DropoutReport(BaseModel):
    application = ForeignKeyField(RehabApplication, backref="dropouts", unique=True)
    dropped_on = DateField()
    last_month = DateField()  # first day of the last month attended
    reason = TextField()
    reported_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    reported_at = DateTimeField()
