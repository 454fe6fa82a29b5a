"""/api/v1/claims: settlement claims (结算申报). Institution staff draft and submit their own
institution's claims; settlement auditors audit their county's; finance records payments."""

from __future__ import annotations

from flask import Response, url_for
from flask.views import MethodView

from casework.services import access_log, claims, settlement_export
from casework.vocabulary import AccessAction
from casework.workflows.claim import CLAIM
from web import security
from web.api import actions
from web.api.auth import current_actor
from web.api.common import TOTAL, Blueprint, now, page_body, problems, total_header
from web.api.schemas.actions import action_request, describe
from web.api.schemas.claims import (
    ClaimCreate,
    ClaimDetail,
    ClaimPage,
    ClaimQuery,
    CountyStatementQuery,
    LinePage,
    LineQuery,
    StatementQuery,
)
from web.downloads import SPREADSHEETS, spreadsheet

blp = Blueprint("claims", __name__, description="Settlement claims (结算申报)")
# its own name: the rehab API documents a schema called ActionRequest already
ClaimActionRequest = type("ClaimActionRequest", (action_request(CLAIM),), {})
MEDIA = SPREADSHEETS


def _detail(claim_id: int) -> claims.ClaimRecord:
    record = claims.get_claim(current_actor(), claim_id)
    record.overdue = record.due_at is not None and record.due_at < now()
    record.actions = [describe(CLAIM.action(name)) for name in record.open_actions]
    return record


@blp.route("")
class Claims(MethodView):
    @blp.arguments(ClaimQuery, location="query")
    @blp.response(200, ClaimPage, headers=TOTAL)
    @problems(blp, 401, 422)
    def get(self, query):
        """Claims in your scope: your institution's, or your county's"""
        filters = {k: query[k] for k in ("state", "period", "institution_id")}
        rows, total = claims.list_claims(
            current_actor(), page=query["page"], per_page=query["per_page"], **filters
        )
        for row in rows:
            row.overdue = row.due_at is not None and row.due_at < now()
        return page_body(rows, total, query), total_header(total)

    @blp.arguments(ClaimCreate)
    @blp.response(201, ClaimDetail)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Draft your institution's claim for a period, with lines proposed from attendance
        (up to any dropout) and from items completed in the period"""
        claim = claims.draft_claim(current_actor(), data, now())
        location = url_for("claims.ClaimById", claim_id=claim.id)
        return _detail(claim.id), {"Location": location}


@blp.route("/lines")
class ClaimLines(MethodView):
    @blp.arguments(LineQuery, location="query")
    @blp.response(200, LinePage, headers=TOTAL)
    @problems(blp, 401, 422)
    def get(self, query):
        """Claim lines in your scope, of one application (application_id) or one child
        (child_id), oldest period first, each with its claim's period and state"""
        filters = {k: query[k] for k in ("application_id", "child_id")}
        rows, total = claims.find_lines(
            current_actor(), page=query["page"], per_page=query["per_page"], **filters
        )
        return page_body(rows, total, query), total_header(total)


@blp.route("/<int:claim_id>")
class ClaimById(MethodView):
    @blp.response(200, ClaimDetail)
    @problems(blp, 401, 403, 404)
    def get(self, claim_id):
        """The claim with its lines, totals, history and the actions open to you"""
        return _detail(claim_id)


actions.register(
    blp,
    CLAIM,
    claims.act,
    request_schema=ClaimActionRequest,
    case_id="claim_id",
    record_endpoint="claims.ClaimById",
    summary="Carry out an action on a claim",
    record="the claim with its lines and totals",
    endpoint="ClaimAction",
)


def _download(statement, kind: str, name: str, entity: str = "claim", entity_id=None) -> Response:
    access_log.record(
        current_actor(),
        AccessAction.EXPORT,
        entity,
        entity_id,
        now(),
        client_address=security.client_address(),
        detail=f"{name}.{kind}",
    )
    data = settlement_export.to_xlsx(statement) if kind == "xlsx" else (
        settlement_export.to_csv(statement)
    )  # fmt: skip
    return spreadsheet(data, kind, name)


@blp.route("/<int:claim_id>/statement")
class ClaimStatement(MethodView):
    @blp.arguments(StatementQuery, location="query")
    @blp.response(200, content_type=MEDIA["xlsx"], description="the statement file")
    @problems(blp, 401, 403, 404, 422)
    def get(self, query, claim_id):
        """The claim's settlement statement as .xlsx (default) or .csv"""
        statement = settlement_export.claim_statement(current_actor(), claim_id)
        return _download(statement, query["format"], f"claim-{claim_id}", "claim", claim_id)


@blp.route("/statement")
class CountyStatement(MethodView):
    @blp.arguments(CountyStatementQuery, location="query")
    @blp.response(200, content_type=MEDIA["xlsx"], description="the statement file")
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """Your county's settlement statement for a period: every audited claim, with a
        summary by institution (county users only)"""
        statement = settlement_export.county_statement(
            current_actor(), query["county_id"], query["period"]
        )
        return _download(
            statement, query["format"], f"settlement-{query['period']}", "county_statement"
        )
