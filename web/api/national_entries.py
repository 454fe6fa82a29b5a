"""/api/v1/national-entries/<application_id>: whether, when, by whom and with which reference
an application was entered in the national rehab-aid system."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView

from casework.services import national_entry
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.national_entry import NationalEntryCreate, NationalEntrySchema

blp = Blueprint("national-entries", __name__, description="The national rehab-aid system")


@blp.route("/<int:application_id>")
class NationalEntry(MethodView):
    @blp.response(200, NationalEntrySchema)
    @problems(blp, 401, 403, 404)
    def get(self, application_id: int):
        """The application's entry in the national system (404 while not entered)"""
        entry = national_entry.of_application(current_actor(), application_id)
        if entry is None:
            abort(404)
        return entry

    @blp.arguments(NationalEntryCreate)
    @blp.response(201, NationalEntrySchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, application_id: int):
        """Record the application as entered in the national system (once, once approved)"""
        return national_entry.record(current_actor(), application_id, data, now())
