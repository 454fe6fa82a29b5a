"""/api/v1/dropout-reports: dropouts reported by institutions, within the caller's scope."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import rehab
from web.api.auth import current_actor
from web.api.common import Blueprint, problems
from web.api.schemas.applications import DropoutSchema

blp = Blueprint("dropout-reports", __name__, description="Dropouts reported by institutions")


@blp.route("")
class DropoutReports(MethodView):
    @blp.response(200, DropoutSchema(many=True))
    @problems(blp, 401)
    def get(self):
        """Dropout reports on applications in your scope, newest first"""
        return rehab.dropout_reports(current_actor())
