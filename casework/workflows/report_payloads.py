"""What each mandatory-report action asks for. The API documents and validates these schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from casework.errors import FieldError
from casework.vocabulary import (
    AidItem,
    CaseOutcome,
    DocumentKind,
    GuardianshipMeasureKind,
    HarmType,
    Placement,
    RiskLevel,
    ScreenOutGround,
)
from casework.workflows.benefit_payloads import BenefitPayload as BenefitPayload  # link_benefit
from casework.workflows.payloads import Length, one_of, text


class ReportPayload(Schema):
    """A new mandatory report (强制报告): who reports, which child, where, what happened."""

    reporter_name = text(max_length=100)
    reporter_organisation = text(required=False, max_length=200)
    reporter_phone = text(required=False, max_length=40)
    child_id = fields.Integer(load_default=None, metadata={"description": "if the child is known"})
    child_description = text(required=False)
    place_id = fields.Integer(required=True, metadata={"description": "village or township"})
    harm_type = fields.String(required=True, validate=one_of(HarmType))
    urgent = fields.Boolean(load_default=False)
    facts = text(max_length=10000)

    @validates_schema
    def child_known_or_described(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("child_id") and not data.get("child_description", "").strip():
            message = "give the child's file (child_id) or describe the child"
            raise ValidationError(FieldError(message, code="describe_child"), "child_description")


class AcceptPayload(Schema):
    urgent = fields.Boolean(
        load_default=None, metadata={"description": "re-grade the urgency; omit to keep it"}
    )
    child_id = fields.Integer(load_default=None, metadata={"description": "link the child's file"})


class ScreenOutPayload(Schema):
    ground = fields.String(required=True, validate=one_of(ScreenOutGround))
    duplicate_of = fields.Integer(load_default=None)

    @validates_schema
    def duplicate_names_the_original(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["ground"] == ScreenOutGround.DUPLICATE and not data.get("duplicate_of"):
            message = FieldError("a duplicate names the case it repeats", code="name_original")
            raise ValidationError(message, "duplicate_of")


class EmergencyPayload(Schema):
    police_involved = fields.Boolean(required=True)
    police_note = text(required=False)
    placement = fields.String(required=True, validate=one_of(Placement))
    placement_where = text(required=False, max_length=200)

    @validates_schema
    def placement_says_where(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["placement"] != Placement.NONE and not data.get("placement_where", "").strip():
            message = FieldError("say where the child is placed", code="say_where_placed")
            raise ValidationError(message, "placement_where")


class LinkChildPayload(Schema):
    child_id = fields.Integer(required=True)


class AssessmentPayload(Schema):
    assessment = text(max_length=10000)
    risk_level = fields.String(required=True, validate=one_of(RiskLevel))


class RehabReferralPayload(Schema):
    """Opens a rehab-aid application for the case's child (a disabled child)."""

    items = fields.List(
        fields.String(validate=one_of(AidItem)), required=True, validate=Length(min=1)
    )
    applicant_name = text(max_length=100)
    applicant_relation = text(max_length=50)
    diagnosis = text(required=False)
    documents_received = fields.List(
        fields.String(validate=one_of(DocumentKind)), load_default=list
    )
    preferred_institution_id = fields.Integer(load_default=None)


class AssistancePlanPayload(Schema):
    plan = text(max_length=10000)


class MeasurePayload(Schema):
    kind = fields.String(required=True, validate=one_of(GuardianshipMeasureKind))
    taken_on = fields.Date(required=True)
    detail = text(max_length=10000)
    entrusted_to = text(required=False, max_length=200)

    @validates_schema
    def entrusted_names_the_guardian(self, data: dict[str, Any], **kwargs: Any) -> None:
        entrusted = GuardianshipMeasureKind.ENTRUSTED_TEMPORARY_GUARDIANSHIP
        if data["kind"] == entrusted and not data.get("entrusted_to", "").strip():
            message = "name who holds the temporary guardianship"
            raise ValidationError(FieldError(message, code="name_guardian"), "entrusted_to")


class ClosePayload(Schema):
    outcome = fields.String(required=True, validate=one_of(CaseOutcome))
