"""/api/v1/institutions: the county's designated institutions with their load."""

from __future__ import annotations

from flask.views import MethodView

from casework.queries import institutions
from casework.services import places
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.institutions import InstitutionCreate, InstitutionFields, InstitutionSchema

blp = Blueprint("institutions", __name__, description="Designated rehabilitation institutions")


def _with_load(found: list) -> list:
    load = institutions.in_care_counts()
    for institution in found:
        institution.in_care = load.get(institution.id, 0)
    return found


@blp.route("")
class Institutions(MethodView):
    @blp.response(200, InstitutionSchema(many=True))
    @problems(blp, 401)
    def get(self):
        """The institutions designated by the caller's county, in or out of it"""
        return _with_load(places.institutions_for(current_actor()))

    @blp.arguments(InstitutionCreate)
    @blp.response(201, InstitutionSchema)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Designate an institution (county admin)"""
        actor = current_actor()
        data["county_id"] = data["county_id"] or actor.county_id
        return _with_load([places.save_institution(actor, data, now())])[0]


@blp.route("/<int:institution_id>")
class InstitutionById(MethodView):
    @blp.response(200, InstitutionSchema)
    @problems(blp, 401, 403, 404)
    def get(self, institution_id):
        """One institution of the caller's county"""
        return _with_load([places.get_institution(current_actor(), institution_id)])[0]

    @blp.arguments(InstitutionFields(partial=True))
    @blp.response(200, InstitutionSchema)
    @problems(blp, 401, 403, 404, 422)
    def patch(self, data, institution_id):
        """Change an institution: aid items, capacity, address, active ... (county admin)"""
        saved = places.save_institution(current_actor(), data, now(), institution_id)
        return _with_load([saved])[0]
