"""/api/v1/places: the caller's county tree; the county admin adds townships and villages."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import places
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.places import PlaceCreate, PlaceSchema

blp = Blueprint("places", __name__, description="The county → township → village tree")


@blp.route("")
class Places(MethodView):
    @blp.response(200, PlaceSchema(many=True))
    @problems(blp, 401)
    def get(self):
        """The caller's county, its townships and villages, in tree order (by path)"""
        return places.places_in(current_actor())

    @blp.arguments(PlaceCreate)
    @blp.response(201, PlaceSchema)
    @problems(blp, 401, 403, 409, 422)
    def post(self, data):
        """Add a township under the county or a village under a township (county admin)"""
        return places.create_place(current_actor(), now=now(), **data)
