"""Visits, home-delivered education and the visits due."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.services.visits import EnrolmentPayload, VisitPayload, VisitReportPayload
from casework.vocabulary import VisitKind
from casework.workflows.payloads import Range, one_of
from web.api.schemas.common import UserRef, UtcDateTime


class VisitCreate(VisitPayload):
    """A visit you made (regular, monitoring of a report case, or home education)."""

    captured_offline = fields.Boolean(
        load_default=False,
        metadata={"description": "captured on a phone without a signal and sent later: a "
                  "child who has since moved away or left the register does not refuse it, "
                  "the visit is kept and flagged"},
    )  # fmt: skip


class VisitQuery(Schema):
    child_id = fields.Integer()
    case_id = fields.Integer()
    limit = fields.Integer(load_default=100, validate=Range(min=1, max=500))


class VisitSchema(Schema):
    id = fields.Integer()
    visited_on = fields.Date()
    kind = fields.String()
    visitor = fields.Nested(UserRef)
    child_id = fields.Integer(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    place_id = fields.Integer()
    findings = fields.String()
    next_steps = fields.String()
    class_hours = fields.Integer(allow_none=True)
    subject = fields.String()
    carer = fields.String(metadata={"description": "empty: not recorded (as on older visits)"})
    care_adequate = fields.Boolean(allow_none=True)
    schooling = fields.String(allow_none=True)
    health = fields.String()
    safety = fields.String()
    needs = fields.String()
    parents_contact = fields.String(allow_none=True)
    risk_flags = fields.List(fields.String())
    opened_report_id = fields.Integer(
        allow_none=True, metadata={"description": "the mandatory report filed from this visit"}
    )
    created_at = UtcDateTime()
    flag = fields.String(metadata={"description": "child_moved, child_left_register or empty"})


class ReportDraft(Schema):
    harm_type = fields.String(allow_none=True)
    urgent = fields.Boolean()
    facts = fields.String()


class VisitDetail(VisitSchema):
    report_draft = fields.Nested(
        ReportDraft,
        allow_none=True,
        metadata={"description": "the report its risk flags call for, until one is filed"},
    )


class VisitReportCreate(VisitReportPayload):
    """A mandatory report from the visit's risk flags; what is left out comes from the visit."""


class VisitReportResult(Schema):
    visit_id = fields.Integer()
    report_id = fields.Integer()
    state = fields.String()
    harm_type = fields.String()
    urgent = fields.Boolean()
    due_at = UtcDateTime()


class VisitList(Schema):
    items = fields.List(fields.Nested(VisitSchema))


class DueQuery(Schema):
    kind = fields.String(validate=one_of(VisitKind))


class DueVisitSchema(Schema):
    kind = fields.String()
    status = fields.String(metadata={"description": "due or overdue"})
    due_on = fields.Date()
    child_id = fields.Integer(allow_none=True)
    child_name = fields.String()
    case_id = fields.Integer(allow_none=True)
    place_id = fields.Integer()
    place_name = fields.String()
    last_visit = fields.Date(allow_none=True)
    detail = fields.Dict(metadata={"description": "period; or home-education counts"})


class DueList(Schema):
    today = fields.Date()
    items = fields.List(fields.Nested(DueVisitSchema))


class EnrolmentCreate(EnrolmentPayload):
    """Start home education: the service's own rules."""


class EnrolmentEnd(Schema):
    ended_on = fields.Date(required=True)


class EnrolmentSchema(Schema):
    id = fields.Integer()
    child_id = fields.Integer()
    teacher_id = fields.Integer(allow_none=True)
    school = fields.String()
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
