"""Claims, their lines and totals, and policy standards, as the API shows them. Amounts are
decimal strings of yuan ("12000.00"); inside they are integer fen."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.rules.money import format_yuan
from casework.rules.periods import Cycle
from casework.services import settlement_policy as policy
from casework.workflows.claim import ClaimState
from casework.workflows.claim_payloads import DraftPayload, Money
from casework.workflows.payloads import OneOf, Range, one_of
from web.api.schemas.actions import AvailableActionSchema
from web.api.schemas.applications import HistorySchema
from web.api.schemas.common import (
    CaseSummary,
    ChildRef,
    InstitutionRef,
    PageQuery,
    PageSchema,
    UtcDateTime,
)


def yuan(attribute: str, description: str = "", **kw) -> Money:
    return Money(attribute=attribute, dump_only=True, metadata={"description": description}, **kw)


class ClaimCreate(DraftPayload):
    """The claim workflow's `draft` payload; the API asks for the period."""

    period = fields.String(
        required=True, metadata={"description": "2026-Q1 (quarterly county) or 2026-03 (monthly)"}
    )


class ClaimQuery(PageQuery):
    state = fields.String(load_default=None, validate=one_of(ClaimState))
    period = fields.String(load_default=None)
    institution_id = fields.Integer(load_default=None)


class LineSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    child = fields.Nested(ChildRef)
    aid_item = fields.String()
    aid_year = fields.Integer()
    months = fields.List(
        fields.String(metadata={"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
        metadata={"description": "months billed, YYYY-MM"},
    )
    service_on = fields.Date(allow_none=True, metadata={"description": "one-time items"})
    free_device = fields.Boolean()
    total_cost = yuan("total_fen")
    basic_medical = yuan("basic_medical_fen")
    critical_illness = yuan("critical_illness_fen")
    supplementary_critical_illness = yuan("supplementary_fen")
    medical_aid = yuan("medical_aid_fen")
    standard = yuan("standard_fen", "the standard the subsidy was computed with")
    monthly_standard = yuan("monthly_fen", "cap per month trained", allow_none=True)
    cap = yuan("cap_fen", "what the line could still earn under the annual cap")
    subsidy = yuan(
        "subsidy_fen",
        "computed year to date: min(year_remainder, year_cap) less year_approved_before; "
        "never typed",
    )
    year_to_date = fields.Method(
        "_year_to_date",
        dump_only=True,
        metadata={
            "description": "the child's year for this aid item when the subsidy was "
            "computed, this line included: why a line pays less (or more) than its cost"
        },
    )
    adjusts_line_id = fields.Integer(
        attribute="adjusts_id",
        allow_none=True,
        metadata={
            "description": "an adjustment: the paid line it corrects (its costs are the change, "
            "negative or positive, and it bills no month); null for the claim's own lines"
        },
    )
    adjustment_reason = fields.String(metadata={"description": "why the paid line is corrected"})
    status = fields.String(metadata={"description": "pending, approved or rejected"})
    rejection_code = fields.String(allow_none=True)
    rejection_reason = fields.String()
    decided_at = UtcDateTime(allow_none=True)

    def _year_to_date(self, line) -> dict:
        return {
            "remainder": format_yuan(line.ytd_remainder_fen),  # cost less insurance so far
            "months": line.ytd_months,  # months billed so far (monthly items)
            "cap": format_yuan(line.ytd_cap_fen),  # min(monthly x months, annual standard)
            "approved_before": format_yuan(line.ytd_approved_fen),  # earlier lines' subsidy
        }


class LineQuery(PageQuery):
    application_id = fields.Integer(load_default=None, metadata={"description": "one case"})
    child_id = fields.Integer(load_default=None, metadata={"description": "one child's cases"})


class FoundLine(LineSchema):
    """A line with the claim it is on."""

    claim_id = fields.Integer()
    period = fields.String(attribute="claim.period")
    claim_state = fields.String(attribute="claim.state")


class LinePage(PageSchema):
    items = fields.List(fields.Nested(FoundLine))


class TotalsSchema(Schema):
    lines = fields.Integer()
    total_cost = yuan("total_cost")
    insurance = yuan("insurance")
    claimed = yuan("claimed", "subsidy of the lines not rejected")
    approved = yuan("approved", "subsidy of the approved lines: what finance pays")


class ClaimSummary(CaseSummary):
    institution = fields.Nested(InstitutionRef)
    county_id = fields.Integer()
    cycle = fields.String()
    period = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    created_at = UtcDateTime()


class ClaimPage(PageSchema):
    items = fields.List(fields.Nested(ClaimSummary))


class ClaimDetail(ClaimSummary):
    totals = fields.Nested(TotalsSchema)
    lines = fields.List(fields.Nested(LineSchema))
    attestation = fields.String()
    attested_by = fields.String()
    paid_on = fields.Date(allow_none=True)
    voucher_number = fields.String(allow_none=True)
    paid_amount = yuan("paid_fen", allow_none=True)
    history = fields.List(fields.Nested(HistorySchema))
    actions = fields.List(fields.Nested(AvailableActionSchema))


class StatementQuery(Schema):
    format = fields.String(load_default="xlsx", validate=OneOf(["xlsx", "csv"]))


class CountyStatementQuery(StatementQuery):
    period = fields.String(required=True, metadata={"description": "e.g. 2026-Q1"})
    county_id = fields.Integer(load_default=None)


class StandardSchema(Schema):
    aid_item = fields.String()
    amount = Money(dump_only=True, attribute="standard.amount",
                   metadata={"description": "one-time, or annual for training"})  # fmt: skip
    monthly_amount = Money(dump_only=True, attribute="standard.monthly", allow_none=True)
    since_year = fields.Integer(allow_none=True, metadata={"description": "null: policy default"})


class StandardsQuery(Schema):
    aid_year = fields.Integer(
        required=True, validate=Range(min=policy.FIRST_YEAR, max=policy.LAST_YEAR)
    )
    county_id = fields.Integer(load_default=None)


class StandardsSchema(Schema):
    county_id = fields.Integer()
    aid_year = fields.Integer()
    cycle = fields.String()
    standards = fields.List(fields.Nested(StandardSchema))


class StandardUpdate(Schema):
    amount = Money(required=True)
    monthly_amount = Money(load_default=None, metadata={"description": "training only"})
    county_id = fields.Integer(load_default=None)


class CycleSchema(Schema):
    county_id = fields.Integer()
    cycle = fields.String()


class CycleUpdate(Schema):
    cycle = fields.String(required=True, validate=one_of(Cycle))
    county_id = fields.Integer(load_default=None)
