"""Mandatory-report cases (强制报告)."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.workflows.claim_payloads import Money
from casework.workflows.payloads import one_of
from casework.workflows.report import REPORT, ReportState
from casework.workflows.report_payloads import ReportPayload
from web.api.masking import MaskedPhone
from web.api.schemas.actions import AvailableActionSchema, action_request
from web.api.schemas.common import (
    CaseSummary,
    ChildRef,
    PageQuery,
    PageSchema,
    PlaceRef,
    UserRef,
    UtcDateTime,
)


class ReportActionRequest(action_request(REPORT)):
    """An action on a report case: reason, payload and the version you read."""


class ReportCreate(ReportPayload):
    """The report; anyone signed in may file one about a place in their county."""


class ReportQuery(PageQuery):
    state = fields.String(validate=one_of(ReportState))
    place_id = fields.Integer(metadata={"description": "this place and below"})
    child_id = fields.Integer()
    overdue = fields.Boolean(metadata={"description": "true: past its deadline; false: not"})


class ReportSummary(CaseSummary):
    receipt = fields.Boolean(
        metadata={
            "description": "true: you filed this report and do not see the case file; only "
            "what you reported, when, and its state as a reporter may know it (reported, "
            "accepted, screened_out or closed) are answered"
        }
    )
    urgent = fields.Boolean()
    harm_type = fields.String()
    place = fields.Nested(PlaceRef)
    child = fields.Nested(ChildRef, allow_none=True)
    child_description = fields.String()
    created_at = UtcDateTime()


class ReportPage(PageSchema):
    items = fields.List(fields.Nested(ReportSummary))


class BenefitSchema(Schema):
    """A benefit this case linked, as the child's file holds it (GET /children/{id}/benefits)."""

    id = fields.Integer()
    benefit = fields.String()
    department = fields.String()
    status = fields.String()
    amount = Money(allow_none=True)
    period = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    note = fields.String()
    linked_at = UtcDateTime(attribute="recorded_at")


class MeasureSchema(Schema):
    kind = fields.String()
    taken_on = fields.Date()
    detail = fields.String()
    entrusted_to = fields.String()
    recorded_at = UtcDateTime()


class CaseVisitSchema(Schema):
    id = fields.Integer()
    visited_on = fields.Date()
    kind = fields.String()
    visitor_id = fields.Integer()
    findings = fields.String()
    next_steps = fields.String()


class ReportHistorySchema(Schema):
    at = UtcDateTime()
    actor = fields.Nested(UserRef, allow_none=True, metadata={"description": "null: the system"})
    role = fields.String(attribute="actor_role")
    action = fields.String()
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    version = fields.Integer()
    reason = fields.String()
    changes = fields.Dict(metadata={"description": "field: [old, new]"})


class ReportDetail(ReportSummary):
    reporter_name = fields.String()
    reporter_organisation = fields.String()
    reporter_phone = MaskedPhone()
    reported_by_id = fields.Integer()
    facts = fields.String()
    screen_out_ground = fields.String(allow_none=True)
    duplicate_of_id = fields.Integer(allow_none=True)
    police_involved = fields.Boolean(allow_none=True)
    police_note = fields.String()
    placement = fields.String(allow_none=True)
    placement_where = fields.String()
    assessment = fields.String()
    risk_level = fields.String(allow_none=True)
    assistance_plan = fields.String()
    rehab_application_id = fields.Integer(allow_none=True)
    urgent_policy_id = fields.Integer(
        allow_none=True,
        metadata={
            "description": "the county's urgent-hours version (GET /policy/urgent-hours) that "
            "set an urgent report's first deadline; null: the default 24 hours, or not urgent"
        },
    )
    outcome = fields.String(allow_none=True)
    benefits = fields.List(fields.Nested(BenefitSchema))
    measures = fields.List(fields.Nested(MeasureSchema))
    visits = fields.List(fields.Nested(CaseVisitSchema))
    history = fields.List(fields.Nested(ReportHistorySchema))
    actions = fields.List(
        fields.Nested(AvailableActionSchema),
        metadata={"description": "what you may do now, with each action's payload fields"},
    )
    updated_at = UtcDateTime()
