"""Rehabilitation-aid applications: submission, lists, the full record, attendance, dropouts."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.workflows.claim_payloads import Money
from casework.workflows.payloads import Length, Month, Range, one_of
from casework.workflows.rehab import REHAB, RehabState
from casework.workflows.rehab_payloads import ApplicationPayload, AttendancePayload, DropoutPayload
from web.api.masking import MaskedBirthDate, MaskedIdNumber
from web.api.schemas.actions import AvailableActionSchema, action_request
from web.api.schemas.common import (
    CaseSummary,
    ChildRef,
    InstitutionRef,
    PageQuery,
    PageSchema,
    PlaceRef,
    UserRef,
    UtcDateTime,
)

RehabActionRequest = action_request(REHAB)
VERSION = {"description": "the version you read; 409 if the case changed since"}


class ApplicationCreate(ApplicationPayload):
    """The application: the rehab workflow's `submit` payload."""


class ApplicationQuery(PageQuery):
    state = fields.String(validate=one_of(RehabState))
    place_id = fields.Integer(metadata={"description": "the child's place or any place above it"})
    institution_id = fields.Integer(metadata={"description": "the institution referred to"})
    overdue = fields.Boolean(metadata={"description": "true: past its deadline; false: not"})


class ChildSummary(Schema):
    id = fields.Integer()
    name = fields.String()
    id_number = MaskedIdNumber()
    sex = fields.String()
    birth_date = MaskedBirthDate()
    residence_basis = fields.String(allow_none=True)
    disability_types = fields.List(fields.String())


class ApplicationSummary(CaseSummary):
    applied_on = fields.Date()
    aid_year = fields.Integer()
    child = fields.Nested(ChildRef)
    place_id = fields.Integer()
    institution_id = fields.Integer(allow_none=True)
    items = fields.List(fields.String(), attribute="aid_items")


class ApplicationPage(PageSchema):
    items = fields.List(fields.Nested(ApplicationSummary))


class ReasonSchema(Schema):
    code = fields.String(
        metadata={"description": "residence, diagnosis, disability, age, duplicate"}
    )
    message = fields.String(metadata={"description": "in English; key on the code"})
    item = fields.String(allow_none=True)
    params = fields.Dict(
        keys=fields.String(),
        metadata={"description": "disability: the kind missing; age: the age, day and limit"},
    )


class EligibilitySchema(Schema):
    eligible = fields.Boolean()
    reasons = fields.List(fields.Nested(ReasonSchema))


class ReferralSchema(Schema):
    institution = fields.Nested(InstitutionRef)
    basis = fields.String(metadata={"description": "nearest or guardian_choice"})
    distance_km = fields.Float(allow_none=True)
    referred_at = UtcDateTime()
    answer = fields.String(allow_none=True, metadata={"description": "accepted, declined or null"})
    answered_at = UtcDateTime(allow_none=True)
    decline_reason = fields.String()


class AgreementSchema(Schema):
    institution_id = fields.Integer()
    signed_on = fields.Date()
    guardian_name = fields.String()
    terms = fields.String()


class PlanSchema(Schema):
    assessed_on = fields.Date()
    assessment = fields.String()
    goals = fields.String()
    starts_on = fields.Date()
    planned_months = fields.Integer()


class AttendanceSchema(Schema):
    month = fields.Date(format="%Y-%m", metadata={"description": "YYYY-MM"})
    days_attended = fields.Integer()
    sessions = fields.Integer()
    note = fields.String()
    recorded_by_id = fields.Integer()
    recorded_at = UtcDateTime()


class DropoutSchema(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    dropped_on = fields.Date()
    last_month = fields.Date(format="%Y-%m", metadata={"description": "last month attended"})
    reason = fields.String()
    reported_by_id = fields.Integer()
    reported_at = UtcDateTime()


class HistorySchema(Schema):
    at = UtcDateTime()
    actor = fields.Nested(UserRef, allow_none=True, metadata={"description": "null: the system"})
    role = fields.String(attribute="actor_role")
    action = fields.String()
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    version = fields.Integer()
    reason = fields.String()
    changes = fields.Dict(metadata={"description": "field: [old, new]"})


def _yuan(attribute: str, description: str, **kw) -> Money:
    return Money(attribute=attribute, dump_only=True, metadata={"description": description}, **kw)


class LineBehindSchema(Schema):
    line_id = fields.Integer()
    claim_id = fields.Integer()
    period = fields.String(metadata={"description": "the claim's settlement period"})
    claim_state = fields.String()
    months = fields.List(
        fields.String(metadata={"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
        metadata={"description": "months billed, YYYY-MM"},
    )
    service_on = fields.Date(allow_none=True, metadata={"description": "one-time items"})
    status = fields.String(metadata={"description": "pending, approved or rejected"})
    subsidy = _yuan("subsidy_fen", "the line's subsidy (an adjustment's may be negative)")
    free_device = fields.Boolean()
    adjusts_line_id = fields.Integer(allow_none=True, metadata={"description": "adjustments"})


class AidYearSchema(Schema):
    """One aid item of one application in one aid year: what the child received."""

    application_id = fields.Integer()
    aid_item = fields.String()
    aid_year = fields.Integer()
    free_device = fields.Boolean(metadata={"description": "handed out free: subsidised 0"})
    standard = _yuan("standard.amount", "the standard in force: one-time, or annual")
    monthly_standard = _yuan("standard.monthly", "cap per month trained", allow_none=True)
    proposed = _yuan("proposed_fen", "subsidy of lines not yet decided (draft or in audit)")
    approved = _yuan("approved_fen", "subsidy of the lines the federation approved")
    paid = _yuan("paid_fen", "subsidy of approved lines on paid claims")
    room_left = _yuan("room_fen", "what the standard leaves this year after the approved")
    lines = fields.List(
        fields.Nested(LineBehindSchema), metadata={"description": "the claim lines behind"}
    )


class ApplicationDetail(ApplicationSummary):
    child = fields.Nested(ChildSummary)
    place = fields.Nested(PlaceRef)
    applicant_name = fields.String()
    applicant_relation = fields.String()
    diagnosis = fields.String()
    submitted_by_institution_id = fields.Integer(allow_none=True)
    preferred_institution_id = fields.Integer(allow_none=True)
    eligibility = fields.Nested(EligibilitySchema)
    override_reason = fields.String()
    documents = fields.Dict(
        keys=fields.String(), values=fields.Boolean(), metadata={"description": "kind: received"}
    )
    referrals = fields.List(fields.Nested(ReferralSchema))
    agreement = fields.Nested(AgreementSchema, allow_none=True)
    plan = fields.Nested(PlanSchema, allow_none=True)
    attendance = fields.List(fields.Nested(AttendanceSchema), attribute="attendance_records")
    dropout = fields.Nested(DropoutSchema, allow_none=True)
    aid_received = fields.List(
        fields.Nested(AidYearSchema),
        attribute="aid_years",
        metadata={"description": "per aid item and aid year: standard, subsidy proposed, "
                  "approved, paid, room left, and the claim lines behind them"},
    )  # fmt: skip
    completed_on = fields.Date(allow_none=True)
    history = fields.List(fields.Nested(HistorySchema))
    actions = fields.List(
        fields.Nested(AvailableActionSchema),
        metadata={"description": "what you may do now, with each action's payload fields"},
    )
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class AttendanceList(Schema):
    application_id = fields.Integer()
    state = fields.String()
    version = fields.Integer()
    records = fields.List(fields.Nested(AttendanceSchema))


class AttendanceRequest(AttendancePayload):
    """The record_attendance payload, plus the version you read."""

    expected_version = fields.Integer(required=True, metadata=VERSION)


class DropoutRequest(DropoutPayload):
    """The report_dropout payload, plus its reason and the version you read."""

    reason = fields.String(
        required=True,
        validate=Length(min=1, max=2000),
        metadata={"description": "why the child stopped"},
    )
    expected_version = fields.Integer(required=True, metadata=VERSION)


class AidHistory(Schema):
    child_id = fields.Integer()
    years = fields.List(fields.Nested(AidYearSchema), metadata={"description": "oldest first"})


class MonthQuery(Schema):
    month = Month(required=True, metadata={"description": "YYYY-MM"})


class MonthRecord(Schema):
    """One child's days in the month (the record_attendance payload, less the month)."""

    application_id = fields.Integer(required=True)
    days_attended = fields.Integer(required=True, validate=Range(min=0, max=31))
    sessions = fields.Integer(load_default=0, validate=Range(min=0, max=200))
    note = fields.String(load_default="", validate=Length(max=200))


class MonthRequest(Schema):
    month = Month(required=True, metadata={"description": "YYYY-MM, a month that has begun"})
    records = fields.List(fields.Nested(MonthRecord), required=True,
                          validate=Length(min=1, max=2000))  # fmt: skip


class SheetRowSchema(Schema):
    application_id = fields.Integer()
    child = fields.Method("_child")
    days_attended = fields.Integer(allow_none=True, metadata={"description": "null: none yet"})
    sessions = fields.Integer()
    note = fields.String()
    open = fields.Boolean(metadata={"description": "false: outside the rehabilitation"})
    most_days = fields.Integer(metadata={"description": "the days passed so far in the month"})

    def _child(self, row) -> dict:
        return {"id": row.child_id, "name": row.child_name}


class MonthSheet(Schema):
    month = Month()
    recorded = fields.Integer(
        load_default=None, metadata={"description": "POST: how many months were changed"}
    )
    rows = fields.List(fields.Nested(SheetRowSchema))
