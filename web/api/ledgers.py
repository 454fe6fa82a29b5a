"""/api/v1/ledgers/<name>.xlsx: the county's ledgers (台账) as streamed spreadsheets."""

from __future__ import annotations

from flask.views import MethodView

from web import downloads
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.ledgers import LedgerQuery

blp = Blueprint("ledgers", __name__, description="Ledgers (台账) as spreadsheets")


@blp.route("/<string:name>.xlsx")
class LedgerSheet(MethodView):
    @blp.arguments(LedgerQuery, location="query")
    @blp.response(200, content_type=downloads.SPREADSHEETS["xlsx"])
    @problems(blp, 401, 403, 404, 422)
    def get(self, args, name: str):
        """A ledger (register, visits, home-education, rehab-aid, reports, national-system,
        transfers) of a place and period as .xlsx"""
        return downloads.ledger_download(
            current_actor(), name, args["place_id"], args["first"], args["last"],
            args["whole"], now(),
        )  # fmt: skip
