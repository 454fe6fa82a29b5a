"""/api/v1/returns: the monthly and quarterly statistical returns (信息报送) as JSON and as a
spreadsheet, their submission upward recorded, and a submitted one counted again."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from casework.services import returns
from web import downloads
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.returns import ReturnSchema, SubmissionSchema

blp = Blueprint("returns", __name__, description="Periodic statistical returns (信息报送)")


def _settings():
    return current_app.config["CASEWORK_SETTINGS"]


@blp.route("/<string:kind>/<string:period>")
class PeriodReturn(MethodView):
    @blp.response(200, ReturnSchema)
    @problems(blp, 401, 403, 404, 422)
    def get(self, kind: str, period: str):
        """The return of a period (kind monthly with 2026-03, quarterly with 2026-Q1), counted
        as of the period's end, or as of now while it runs"""
        return returns.current(current_actor(), kind, period, now(), _settings())


@blp.route("/<string:kind>/<string:period>.xlsx")
class PeriodReturnSheet(MethodView):
    @blp.response(200, content_type=downloads.SPREADSHEETS["xlsx"])
    @problems(blp, 401, 403, 404, 422)
    def get(self, kind: str, period: str):
        """The return as a spreadsheet in its fixed layout"""
        counted = returns.current(current_actor(), kind, period, now(), _settings())
        return downloads.spreadsheet(returns.to_xlsx(counted), "xlsx", f"return-{kind}-{period}")


@blp.route("/<string:kind>/<string:period>/submissions")
class SubmitReturn(MethodView):
    @blp.response(201, SubmissionSchema)
    @problems(blp, 401, 403, 404, 422)
    def post(self, kind: str, period: str):
        """Record that the return was sent upward now (admin, leader), its figures as sent"""
        return returns.submit(current_actor(), kind, period, now(), _settings())


@blp.route("/submissions")
class Submissions(MethodView):
    @blp.response(200, SubmissionSchema(many=True))
    @problems(blp, 401, 403)
    def get(self):
        """The county's returns submitted, the latest first"""
        return returns.submissions(current_actor())


@blp.route("/submissions/<int:submission_id>")
class Reproduced(MethodView):
    @blp.response(200, ReturnSchema)
    @problems(blp, 401, 403, 404)
    def get(self, submission_id: int):
        """A submitted return counted again as of its moment: the figures as sent"""
        return returns.reproduce(current_actor(), submission_id)
