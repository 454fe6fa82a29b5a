"""/api/v1/rates: the county's rates per village, township and county as of a day."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from casework.rules.deadlines import local_date
from casework.services import county_rates
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.rates import CountyRatesSchema, RatesQuery

blp = Blueprint("rates", __name__, description="The county's rates as of a day")


@blp.route("")
class Rates(MethodView):
    @blp.arguments(RatesQuery, location="query")
    @blp.response(200, CountyRatesSchema)
    @problems(blp, 401, 403, 422)
    def get(self, args):
        """Children aided against the target's pace, home-education hours, money against the
        budget; from `first` to `as_of`: regular visits on time, cases handled within their
        time limits, children registered against those screened needing a file. As recorded
        by the end of `as_of` (so the same day always answers the same)"""
        moment = now()
        day = args["as_of"] or local_date(moment)
        settings = current_app.config["CASEWORK_SETTINGS"]
        return county_rates.as_of(current_actor(), day, moment, settings, first=args["first"])
