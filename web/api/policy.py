"""/api/v1/policy: the county's subsidy standards by aid year and its billing cycle. Everyone
reads them; only an administrator changes them, and a change never alters audited claims."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import settlement_policy as policy
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.claims import (
    CycleSchema,
    CycleUpdate,
    StandardSchema,
    StandardsQuery,
    StandardsSchema,
    StandardUpdate,
)

blp = Blueprint("policy", __name__, description="Settlement policy: standards and cycle")


def _standards(county_id: int | None, aid_year: int) -> dict:
    county_id = policy.county_in_scope(current_actor(), county_id)
    table = policy.standards(county_id, aid_year)
    return {
        "county_id": county_id,
        "aid_year": aid_year,
        "cycle": policy.cycle_of(county_id),
        "standards": list(table.values()),
    }


@blp.route("/standards")
class Standards(MethodView):
    @blp.arguments(StandardsQuery, location="query")
    @blp.response(200, StandardsSchema)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """The standards in force for an aid year in your county"""
        return _standards(query["county_id"], query["aid_year"])


@blp.route("/standards/<int:aid_year>/<string:aid_item>")
class StandardByItem(MethodView):
    @blp.arguments(StandardUpdate)
    @blp.response(200, StandardSchema)
    @problems(blp, 401, 403, 404, 422)
    def put(self, data, aid_year, aid_item):
        """Set an aid item's standard from an aid year on (administrator)"""
        return policy.set_standard(
            current_actor(), data["county_id"], aid_year, aid_item, data["amount"],
            data["monthly_amount"], now(),
        )  # fmt: skip


@blp.route("/cycle")
class SettlementCycle(MethodView):
    @blp.arguments(CycleUpdate)
    @blp.response(200, CycleSchema)
    @problems(blp, 401, 403, 404, 422)
    def put(self, data):
        """Set the county's billing cycle, monthly or quarterly (administrator)"""
        cycle = policy.set_cycle(current_actor(), data["county_id"], data["cycle"], now())
        return {"county_id": policy.county_in_scope(current_actor(), data["county_id"]),
                "cycle": cycle}  # fmt: skip
