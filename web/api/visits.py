"""/api/v1/visits: record visits, list them, the visits due and overdue for you, and the
enrolment of children in home-delivered education (送教上门)."""

from __future__ import annotations

from flask.views import MethodView

from casework.rules.deadlines import local_date
from casework.services import visit_schedule, visits
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems, takes_idempotency_key
from web.api.schemas.visits import (
    DueList,
    DueQuery,
    EnrolmentCreate,
    EnrolmentEnd,
    EnrolmentSchema,
    VisitCreate,
    VisitDetail,
    VisitList,
    VisitQuery,
    VisitReportCreate,
    VisitReportResult,
    VisitSchema,
)
from web.idempotency import idempotent

blp = Blueprint("visits", __name__, description="Visits to children (走访, 送教上门)")


@blp.route("")
class Visits(MethodView):
    @blp.arguments(VisitQuery, location="query")
    @blp.response(200, VisitList)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """Visits to one child or one report case, newest first"""
        return {"items": visits.list_visits(current_actor(), **query)}

    @idempotent(current_actor)
    @blp.arguments(VisitCreate)
    @blp.response(201, VisitSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    @takes_idempotency_key(blp)
    def post(self, data):
        """Record a visit you made: regular (child directors), monitoring of a report case
        (case_id), or home education (teachers; class hours and subject)"""
        offline = data.pop("captured_offline", False)
        payload = VisitCreate().dump(data)
        return visits.record_visit(current_actor(), payload, now(), captured_offline=offline)


@blp.route("/<int:visit_id>")
class OneVisit(MethodView):
    @blp.response(200, VisitDetail)
    @problems(blp, 401, 404)
    def get(self, visit_id):
        """One visit of your area, with the report its risk flags call for (until filed)"""
        visit = visits.visible_visit(current_actor(), visit_id)
        flagged = visit.risk_flags and visit.opened_report_id is None
        visit.report_draft = visits.report_draft(visit) if flagged else None
        return visit


@blp.route("/<int:visit_id>/report")
class VisitReport(MethodView):
    @blp.arguments(VisitReportCreate)
    @blp.response(201, VisitReportResult)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, visit_id):
        """File the mandatory report (强制报告) a visit's risk flags call for, in one step:
        the child, place, harm, urgency and facts come from the visit unless given"""
        case = visits.open_report(current_actor(), visit_id, VisitReportCreate().dump(data), now())
        return {
            "visit_id": visit_id,
            "report_id": case.id,
            "state": case.state,
            "harm_type": case.harm_type,
            "urgent": case.urgent,
            "due_at": case.due_at,
        }


@blp.route("/due")
class DueVisits(MethodView):
    @blp.arguments(DueQuery, location="query")
    @blp.response(200, DueList)
    @problems(blp, 401, 422)
    def get(self, query):
        """The visits due and overdue in your area (a teacher: the children they teach),
        overdue first. Monthly for guardianship difficulty and open report cases, quarterly
        otherwise, every 14 days for cases in monitoring; home education 2 visits a month of
        at least 2 class hours and 40 class hours a school year"""
        today = local_date(now())
        items = visit_schedule.due_visits(current_actor(), today, kind=query.get("kind"))
        return {"today": today, "items": items}


@blp.route("/home-education")
class Enrolments(MethodView):
    @blp.arguments(EnrolmentCreate)
    @blp.response(201, EnrolmentSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data):
        """Start home-delivered education for a child, with a teacher of their township"""
        return visits.enrol_home_education(current_actor(), data, now())


@blp.route("/home-education/<int:enrolment_id>/end")
class EnrolmentEnding(MethodView):
    @blp.arguments(EnrolmentEnd)
    @blp.response(200, EnrolmentSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, enrolment_id):
        """End home-delivered education"""
        return visits.end_home_education(current_actor(), enrolment_id, data["ended_on"], now())
