"""/api/v1/calendar: the holiday calendar working-day deadlines count with. Everyone reads a
year; only an admin enters one, which recomputes the open deadlines it moves."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import holiday_calendar
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.calendar import (
    CalendarEntrySchema,
    CalendarImportBody,
    CalendarImportResult,
    CalendarYearSchema,
    CalendarYearUpdate,
)

blp = Blueprint("calendar", __name__, description="The holiday calendar (节假日安排)")


@blp.route("/years/<int:year>")
class CalendarYear(MethodView):
    @blp.response(200, CalendarYearSchema)
    @problems(blp, 401, 404, 422)
    def get(self, year):
        """A year's days off and adjusted working days, and where they come from"""
        current_actor()
        return holiday_calendar.year_view(year)

    @blp.arguments(CalendarYearUpdate)
    @blp.response(200, CalendarEntrySchema)
    @problems(blp, 401, 403, 404, 422)
    def put(self, data, year):
        """Enter a whole year as the State Council published it (admin); the open deadlines
        whose days changed are recomputed and listed"""
        return holiday_calendar.set_year(
            current_actor(), year, data["days_off"], data["working_days"], now(), data["reason"]
        )


@blp.route("/import")
class CalendarImport(MethodView):
    @blp.arguments(CalendarImportBody)
    @blp.response(200, CalendarImportResult)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Enter the years of a CSV of date,kind rows (admin), all or nothing"""
        return {"years": holiday_calendar.import_csv(current_actor(), data["csv"], now(),
                                                     data["reason"])}  # fmt: skip
