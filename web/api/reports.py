"""/api/v1/reports: mandatory-report cases (强制报告): filing, lists, the record, actions."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from casework.services import reports
from casework.workflows.report import REPORT
from web.api.auth import current_actor
from web.api.common import Blueprint, now, page_body, problems, total_header
from web.api.masking import unmask_for
from web.api.schemas.actions import (
    ActionResult,
    action_result,
    action_table,
    describe,
    payload_schemas,
)
from web.api.schemas.reports import (
    ReportActionRequest,
    ReportCreate,
    ReportDetail,
    ReportPage,
    ReportQuery,
)

blp = Blueprint("reports", __name__, description="Mandatory-report cases (强制报告)")
ACTION_PARAMETER = {
    "in": "path",
    "name": "action",
    "required": True,
    "schema": {"type": "string", "enum": [a.name for a in REPORT.actions if a.sources]},
}
TOTAL = {"X-Total-Count": {"schema": {"type": "integer"}, "description": "rows over all pages"}}


@blp.record_once
def _document_payloads(state) -> None:
    """The action request refers to each payload schema by name: register them once."""
    api = state.app.extensions["flask-smorest"]["blp_name_to_api"][blp.name]
    known = api.spec.components.schemas
    for name, schema in payload_schemas(REPORT).items():
        if name not in known:
            api.spec.components.schema(name, schema=schema)


def _overdue(due_at) -> bool:
    return due_at is not None and due_at < now()


def _detail(case_id: int) -> reports.ReportRecord:
    record = reports.get_report(current_actor(), case_id)
    record.overdue = _overdue(record.due_at)
    record.actions = [describe(REPORT.action(name)) for name in record.open_actions]
    return record


def _link(case_id: int) -> str:
    return url_for("reports.ReportById", case_id=case_id)


@blp.route("")
class Reports(MethodView):
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, ReportPage, headers=TOTAL)
    @problems(blp, 401, 422)
    def get(self, query):
        """Report cases you may see (your place's, and those you filed), most urgent first"""
        filters = {k: query.get(k) for k in ("state", "place_id", "child_id", "overdue")}
        rows, total = reports.list_reports(
            current_actor(), now=now(), page=query["page"], per_page=query["per_page"], **filters
        )
        for row in rows:
            row.overdue = _overdue(row.due_at)
        return page_body(rows, total, query), total_header(total)

    @blp.arguments(ReportCreate)
    @blp.response(201, ReportDetail)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """File a mandatory report: anyone who finds a child in danger must report. The
        county's case worker accepts it or screens it out within one working day"""
        case = reports.file_report(current_actor(), ReportCreate().dump(data), now())
        return _detail(case.id), {"Location": _link(case.id)}


@blp.route("/<int:case_id>")
class ReportById(MethodView):
    @blp.response(200, ReportDetail)
    @problems(blp, 401, 403, 404)
    def get(self, case_id):
        """The full case: report, response, assessment, benefits, guardianship measures,
        visits, history, deadline, version and the actions open to you; the reporter's phone
        is whole for the roles that need it (logged)"""
        record = _detail(case_id)
        unmask_for(current_actor(), "report", case_id, record.county_id)
        return record


@blp.route("/<int:case_id>/actions/<string:action>")
class ReportAction(MethodView):
    @blp.arguments(ReportActionRequest())  # an instance: a class is instantiated per request
    @blp.response(200, ActionResult)
    @problems(blp, 401, 403, 404, 409, 422)
    @blp.doc(description="Carry out one action. Unknown actions give 404; an action not open "
             "in the current state gives 409 naming the actions `allowed` now; a stale "
             "`expected_version` gives 409 too. Nothing changes on any refusal. The answer is "
             "compact: the new state, version and deadline, the actions open to you now and "
             "the link to the full case.\n\n"
             + action_table(REPORT),
             parameters=[ACTION_PARAMETER])  # fmt: skip
    def post(self, body, case_id, action):
        """Carry out an action on a report case"""
        actor, at = current_actor(), now()
        outcome = reports.act(actor, case_id, action, now=at, **body)
        return action_result(REPORT, outcome, actor, at, _link(case_id))
