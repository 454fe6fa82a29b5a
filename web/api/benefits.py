"""/api/v1/benefits: the benefits on a child's file (低保, 特困供养, 临时救助, 残疾人两项补贴,
医保参保资助, 两免一补, and those the county adds), each with its department, status, amount per
month or once, and dates. Whoever reads the child's file reads them; the windows record them
and their later news. A report case's assistance (link_benefit) and a department handling a
request (record_handling with grant_benefit) record them through their workflows."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields, missing

from casework.services import benefits
from casework.workflows.benefit_payloads import BenefitChange, BenefitPayload
from casework.workflows.claim_payloads import Money
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.common import UtcDateTime

blp = Blueprint("benefits", __name__, description="Benefits on a child's file")


class BenefitQuery(Schema):
    child_id = fields.Integer(required=True)


class BenefitRecord(BenefitPayload):
    child_id = fields.Integer(required=True)


class ChildBenefitSchema(Schema):
    id = fields.Integer()
    child_id = fields.Integer()
    benefit = fields.String()
    department = fields.String()
    status = fields.String()
    amount = Money(allow_none=True, metadata={"description": "yuan per period"})
    period = fields.String(allow_none=True, metadata={"description": "month or once"})
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    note = fields.String()
    report_case_id = fields.Integer(allow_none=True)
    transfer_id = fields.Integer(allow_none=True)
    recorded_at = UtcDateTime()
    updated_at = UtcDateTime()


@blp.route("")
class Benefits(MethodView):
    @blp.arguments(BenefitQuery, location="query")
    @blp.response(200, ChildBenefitSchema(many=True))
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """A child's benefits, newest first"""
        return benefits.for_child(current_actor(), query["child_id"])

    @blp.doc(requestBody={"content": {"application/json": {"schema": BenefitRecord}}})
    @blp.response(201, ChildBenefitSchema)
    @problems(blp, 401, 403, 404, 422)
    def post(self):
        """Record a benefit on a child's file (the windows)"""
        body = dict(_json(BenefitRecord))
        child_id = body.pop("child_id", None)
        if not isinstance(child_id, int) or isinstance(child_id, bool):
            child_id = -1  # refused as an unknown child, as any other id would be
        return benefits.record(current_actor(), child_id, body, now()), 201


@blp.route("/<int:benefit_id>")
class BenefitById(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": BenefitChange}}})
    @blp.response(200, ChildBenefitSchema)
    @problems(blp, 401, 403, 404, 422)
    def patch(self, benefit_id):
        """A benefit's later news: its status, amount, dates (the windows)"""
        return benefits.change(current_actor(), benefit_id, dict(_json(BenefitChange)), now())


def _json(schema) -> dict:
    """The JSON body, cleaned as every body is; the service validates it, so its refusals
    carry the payload's field codes (as web/api/cases.py's creating action)."""
    parser = blp.ARGUMENTS_PARSER
    data = parser.load_json(request, schema())
    return parser.pre_load({} if data is missing else data, schema=schema(), req=request,
                           location="json")  # fmt: skip
