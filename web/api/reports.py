"""/api/v1/reports: mandatory-report cases (强制报告): filing, lists, the record, actions."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from casework.services import reports
from casework.workflows.report import REPORT
from web.access import unmask_for
from web.api import actions
from web.api.auth import current_actor
from web.api.common import (
    TOTAL,
    Blueprint,
    now,
    page_body,
    problems,
    takes_idempotency_key,
    total_header,
)
from web.api.schemas.actions import describe
from web.api.schemas.reports import (
    ReportActionRequest,
    ReportCreate,
    ReportDetail,
    ReportPage,
    ReportQuery,
)
from web.idempotency import idempotent

blp = Blueprint("reports", __name__, description="Mandatory-report cases (强制报告)")


def _overdue(due_at) -> bool:
    return due_at is not None and due_at < now()


def _detail(case_id: int) -> reports.ReportRecord | reports.ReportReceipt:
    record = reports.read(current_actor(), case_id)
    if isinstance(record, reports.ReportReceipt):
        return record
    record.receipt = False
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
            if not isinstance(row, reports.ReportReceipt):
                row.overdue, row.receipt = _overdue(row.due_at), False
        return page_body(rows, total, query), total_header(total)

    @idempotent(current_actor)
    @blp.arguments(ReportCreate)
    @blp.response(201, ReportDetail)
    @problems(blp, 401, 403, 409, 422)  # 409: an idempotency key used for another report
    @takes_idempotency_key(blp)
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
        is whole for the roles that need it (logged). Whoever filed the report without seeing
        the case file gets its receipt (`receipt: true`): what they reported, when, and whether
        it was accepted, screened out or closed"""
        record = _detail(case_id)
        if not isinstance(record, reports.ReportReceipt):
            unmask_for(current_actor(), "report", case_id, record.county_id)
        return record


actions.register(
    blp,
    REPORT,
    reports.act,
    request_schema=ReportActionRequest,
    case_id="case_id",
    record_endpoint="reports.ReportById",
    summary="Carry out an action on a report case",
    record="the full case",
    endpoint="ReportAction",
)
