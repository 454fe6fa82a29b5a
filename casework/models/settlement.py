"""Settlement (结算): each county's billing cycle and subsidy standards, institutions' claims,
their lines, and the billed units that make a case-item-month impossible to bill twice."""

from __future__ import annotations

from peewee import (
    SQL,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from casework.models.base import BaseModel, JSONField
from casework.models.children import Child
from casework.models.county_policy import PolicyVersion
from casework.models.places import Institution, Place
from casework.models.rehab import RehabApplication
from casework.models.users import User


class SettlementCycle(BaseModel):
    """A county's billing cycle, agreed with finance; no row means the default (quarterly)."""

    county = ForeignKeyField(Place, unique=True, backref="+", on_delete="RESTRICT")
    cycle = CharField()  # rules.periods.Cycle
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")


class PolicyStandard(BaseModel):
    """A county's subsidy standard for one aid item from one aid year on (amounts in fen).
    A year without a row uses the latest earlier row, else the policy defaults in the code."""

    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    aid_year = IntegerField()
    aid_item = CharField()  # vocabulary.AidItem
    amount_fen = BigIntegerField()  # one-time standard, or annual standard of a monthly item
    monthly_fen = BigIntegerField(null=True)  # cap per month trained; None for one-time items
    updated_at = DateTimeField()
    updated_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("county", "aid_year", "aid_item"), True),)


class Claim(BaseModel):
    """One institution's bill to the county that designated it, for one settlement period."""

    county = ForeignKeyField(Place, backref="+", on_delete="RESTRICT")
    institution = ForeignKeyField(Institution, backref="claims", on_delete="RESTRICT")
    cycle = CharField()
    period = CharField()  # "2026-Q1" or "2026-03"
    period_start = DateField()
    period_end = DateField()
    state = CharField()
    version = IntegerField(default=1)
    due_at = DateTimeField(null=True)
    state_entered_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    updated_at = DateTimeField()
    attestation = TextField(default="")  # the institution's self-audit statement
    attested_by = CharField(default="")
    paid_on = DateField(null=True)
    voucher_number = CharField(null=True)
    paid_fen = BigIntegerField(null=True)

    class Meta:
        indexes = (
            (("county", "period"), False),
            (("institution", "state"), False),
            (("state", "due_at"), False),
        )


class ClaimLine(BaseModel):
    """One case and aid item on a claim: the months trained (or the service date of a one-time
    item), the costs, and the subsidy computed from the standard stored beside it."""

    claim = ForeignKeyField(Claim, backref="lines", on_delete="CASCADE")
    application = ForeignKeyField(RehabApplication, backref="+", on_delete="RESTRICT")
    child = ForeignKeyField(Child, backref="+", on_delete="RESTRICT")
    aid_item = CharField()
    aid_year = IntegerField()
    months = JSONField(default=list)  # ["2026-01", ...]; empty for a one-time item
    month_count = IntegerField(default=0)
    service_on = DateField(null=True)  # one-time items: the day of the surgery or fitting
    free_device = BooleanField(default=False)
    total_fen = BigIntegerField(default=0)
    basic_medical_fen = BigIntegerField(default=0)
    critical_illness_fen = BigIntegerField(default=0)
    supplementary_fen = BigIntegerField(default=0)
    medical_aid_fen = BigIntegerField(default=0)
    standard_fen = BigIntegerField()  # the standard in force when the subsidy was computed
    monthly_fen = BigIntegerField(null=True)
    cap_fen = BigIntegerField()  # what the line could still earn under the cap
    subsidy_fen = BigIntegerField(default=0)
    # the year to date when the subsidy was computed (rules.subsidy), this line included: cost
    # less insurance, months billed, the cap they allow, and what earlier lines were approved
    ytd_remainder_fen = BigIntegerField(default=0)
    ytd_months = IntegerField(default=0)
    ytd_cap_fen = BigIntegerField(default=0)
    ytd_approved_fen = BigIntegerField(default=0)
    status = CharField(default="pending")  # vocabulary.LineStatus
    rejection_code = CharField(null=True)  # vocabulary.RejectionCode, or a county's own
    # the county's version that offered the code (None: the default list)
    rejection_policy = ForeignKeyField(PolicyVersion, null=True, backref="+", on_delete="RESTRICT")
    rejection_reason = TextField(default="")
    decided_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    decided_at = DateTimeField(null=True)
    # an adjustment corrects a line of a paid claim (never edited): its costs are the change
    # to that line's (negative or positive), it bills no month, and says why
    adjusts = ForeignKeyField("self", null=True, backref="adjustments", on_delete="RESTRICT")
    adjustment_reason = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        indexes = ((("application", "aid_item", "aid_year", "status"), False),)


# A case and aid item once a claim, and once more for each line it adjusts (migration 0015):
# an expression, as NULLs never collide.
ClaimLine.add_index(
    SQL(
        'CREATE UNIQUE INDEX "claimline_claim_case_item_adjusts" ON "claim_line" '
        '("claim_id", "application_id", "aid_item", COALESCE("adjusts_id", 0))'
    )
)


class BilledUnit(BaseModel):
    """A case-item-month (or a one-time item) on a submitted claim. The unique index is what
    makes double billing impossible, whatever the code above it does, even under concurrency."""

    application = ForeignKeyField(RehabApplication, backref="+", on_delete="RESTRICT")
    aid_item = CharField()
    unit = CharField()  # "2026-03" for a month trained, "once" for a one-time item
    line = ForeignKeyField(ClaimLine, backref="units", on_delete="CASCADE")

    class Meta:
        indexes = ((("application", "aid_item", "unit"), True),)
