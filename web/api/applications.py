"""/api/v1/rehab-applications: submission, lists, the full record, actions, attendance,
dropouts. Rules live in casework; this module turns HTTP into service calls."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from casework.services import attendance, rehab
from casework.workflows.rehab import REHAB
from casework.workflows.rehab_payloads import AttendancePayload, DropoutPayload
from web.access import unmask_for
from web.api import actions
from web.api.auth import current_actor
from web.api.common import TOTAL, Blueprint, now, page_body, problems, total_header
from web.api.schemas.actions import describe
from web.api.schemas.applications import (
    ApplicationCreate,
    ApplicationDetail,
    ApplicationPage,
    ApplicationQuery,
    AttendanceList,
    AttendanceRequest,
    DropoutRequest,
    DropoutSchema,
    MonthQuery,
    MonthRequest,
    MonthSheet,
    RehabActionRequest,
)

blp = Blueprint(
    "rehab-applications", __name__, description="Rehabilitation-aid applications (康复救助)"
)


def _overdue(due_at) -> bool:
    return due_at is not None and due_at < now()


def _detail(application_id: int) -> rehab.ApplicationRecord:
    record = rehab.get_application(current_actor(), application_id)
    record.overdue = _overdue(record.due_at)
    record.actions = [describe(REHAB.action(name)) for name in record.open_actions]
    return record


def _link(application_id: int) -> str:
    return url_for("rehab-applications.ApplicationById", application_id=application_id)


@blp.route("")
class Applications(MethodView):
    @blp.arguments(ApplicationQuery, location="query")
    @blp.response(200, ApplicationPage, headers=TOTAL)
    @problems(blp, 401, 422)
    def get(self, query):
        """Applications in your scope, most urgent deadline first"""
        filters = {k: query.get(k) for k in ("state", "place_id", "institution_id", "overdue")}
        rows, total = rehab.list_applications(
            current_actor(), now=now(), page=query["page"], per_page=query["per_page"], **filters
        )
        items = rehab.aid_items_of([row.id for row in rows])
        for row in rows:
            row.aid_items, row.overdue = items[row.id], _overdue(row.due_at)
        return page_body(rows, total, query), total_header(total)

    @blp.arguments(ApplicationCreate)
    @blp.response(201, ApplicationDetail)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Submit an application (intake clerk, or institution staff on the guardian's behalf);
        eligibility is evaluated now and shown to the reviewer"""
        application = rehab.submit_application(current_actor(), data, now())
        return _detail(application.id), {"Location": _link(application.id)}


@blp.route("/attendance")
class MonthAttendance(MethodView):
    @blp.arguments(MonthQuery, location="query")
    @blp.response(200, MonthSheet)
    @problems(blp, 401, 422)
    def get(self, query):
        """One month's attendance sheet of your institution: every child with a rehab plan,
        the days recorded, whether the month is open to them and how many days it can hold"""
        return _sheet(query["month"])

    @blp.arguments(MonthRequest)
    @blp.response(200, MonthSheet)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, body):
        """Record one month's attendance for many children in one request: each through the
        record_attendance action, all or none (a 422 lists every refusal under
        records.<n>.<field>, with records.<n> naming the child); a record equal to what is
        on file changes nothing"""
        month = body["month"]
        records = [{**r, "month": month} for r in body["records"]]
        recorded = attendance.record_many(current_actor(), records, now())
        return _sheet(month, recorded)


def _sheet(month, recorded=None) -> dict:
    rows = attendance.sheet(current_actor(), [month], now())
    return {"month": month, "recorded": recorded, "rows": rows}


@blp.route("/<int:application_id>")
class ApplicationById(MethodView):
    @blp.response(200, ApplicationDetail)
    @problems(blp, 401, 403, 404)
    def get(self, application_id):
        """The full record: child, items, eligibility, papers, referrals, agreement, plan,
        attendance, dropout, history, deadline, version and the actions open to you. The
        child's ID number is whole for the roles that need it; that view is logged."""
        record = _detail(application_id)
        unmask_for(current_actor(), "rehab", application_id, record.application.county_id)
        return record


actions.register(
    blp,
    REHAB,
    rehab.act,
    request_schema=RehabActionRequest,
    case_id="application_id",
    record_endpoint="rehab-applications.ApplicationById",
    summary="Carry out an action on an application",
    record="the full record",
    endpoint="ApplicationAction",
)


@blp.route("/<int:application_id>/attendance")
class ApplicationAttendance(MethodView):
    @blp.response(200, AttendanceList)
    @problems(blp, 401, 403, 404)
    def get(self, application_id):
        """Monthly attendance recorded for the application"""
        return _attendance(application_id)

    @blp.arguments(AttendanceRequest)
    @blp.response(200, AttendanceList)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, body, application_id):
        """Record (or correct) one month's attendance: the record_attendance action"""
        version = body.pop("expected_version")
        payload = AttendancePayload().dump(body)  # the engine validates the payload itself
        rehab.act(
            current_actor(),
            application_id,
            "record_attendance",
            now=now(),
            payload=payload,
            expected_version=version,
        )
        return _attendance(application_id)


def _attendance(application_id: int) -> dict:
    records = rehab.attendance(current_actor(), application_id)
    application = rehab.require(application_id)
    return {
        "application_id": application_id,
        "state": application.state,
        "version": application.version,
        "records": records,
    }


@blp.route("/<int:application_id>/dropout")
class ApplicationDropout(MethodView):
    @blp.arguments(DropoutRequest)
    @blp.response(201, DropoutSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, body, application_id):
        """Report that the child stopped rehabilitation: the report_dropout action"""
        version, reason = body.pop("expected_version"), body.pop("reason")
        rehab.act(
            current_actor(),
            application_id,
            "report_dropout",
            now=now(),
            reason=reason,
            payload=DropoutPayload().dump(body),
            expected_version=version,
        )
        return rehab.get_application(current_actor(), application_id).dropout
