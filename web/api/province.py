"""/api/v1/province: the figures of each county of a province officer's province."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import province
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.province import ProvinceFiguresSchema

blp = Blueprint("province", __name__, description="The figures of a province's counties")


@blp.route("/figures")
class ProvinceFigures(MethodView):
    @blp.response(200, ProvinceFiguresSchema)
    @problems(blp, 401, 403)
    def get(self):
        """Each county of the caller's province with its latest figures (taken each night as
        its leader's dashboard gave them), stale ones marked, and their total (province
        officers only; anyone else: 403 province_officers_only)"""
        return province.province_figures(current_actor(), now())
