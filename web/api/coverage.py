"""/api/v1/coverage: villages without an active child director and townships without an
active child supervisor in the caller's county."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import coverage
from web.api.auth import current_actor
from web.api.common import Blueprint, problems
from web.api.schemas.coverage import CoverageSchema

blp = Blueprint("coverage", __name__, description="Coverage of the protection network")


@blp.route("")
class CoverageGaps(MethodView):
    @blp.response(200, CoverageSchema)
    @problems(blp, 401, 403)
    def get(self):
        """The county's places counted, and each uncovered township and village"""
        return coverage.of_county(current_actor())
