"""/api/v1/screenings: village screening (排查). The county's case worker launches a round;
each village's child director records every child and family as screened and declares the
village done; progress per village and township, in your area."""

from __future__ import annotations

from flask.views import MethodView

from casework.rules.deadlines import local_date
from casework.services import screening
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.screenings import (
    EntryCreate,
    EntrySchema,
    FileLink,
    ProgressSchema,
    ScreeningCreate,
    ScreeningList,
    ScreeningSchema,
    VillageDone,
    VillageListSchema,
)

blp = Blueprint("screenings", __name__, description="Village screening (排查)")


@blp.route("")
class Screenings(MethodView):
    @blp.response(200, ScreeningList)
    @problems(blp, 401)
    def get(self):
        """The rounds of your county, the latest first"""
        return {"items": screening.list_screenings(current_actor())}

    @blp.arguments(ScreeningCreate)
    @blp.response(201, ScreeningSchema)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Launch a round over every village of your county (case workers)"""
        return screening.launch(current_actor(), ScreeningCreate().dump(data), now())


@blp.route("/<int:screening_id>")
class Progress(MethodView):
    @blp.response(200, ProgressSchema)
    @problems(blp, 401, 404)
    def get(self, screening_id):
        """Progress of each village of your area, and of its township; a village not done by
        the last day is overdue"""
        found = screening.progress(current_actor(), screening_id, local_date(now()))
        round_ = found.screening
        return {
            "id": round_.id,
            "title": round_.title,
            "starts_on": round_.starts_on,
            "ends_on": round_.ends_on,
            "created_at": round_.created_at,
            "townships": found.townships,
            "villages": found.villages,
        }


@blp.route("/<int:screening_id>/villages/<int:village_id>")
class Village(MethodView):
    @blp.response(200, VillageListSchema)
    @problems(blp, 401, 404)
    def get(self, screening_id, village_id):
        """The village's children on file (those not screened yet first) and the families
        without a file recorded"""
        found = screening.village_list(current_actor(), screening_id, village_id)
        return {
            "screening_id": screening_id,
            "village_id": village_id,
            "completed_at": found.village.completed_at,
            "children": [
                {"child_id": c.id, "child_name": c.name, "entry": e} for c, e in found.children
            ],
            "households": found.households,
        }


@blp.route("/<int:screening_id>/villages/<int:village_id>/complete")
class VillageCompletion(MethodView):
    @blp.response(200, VillageDone)
    @problems(blp, 401, 403, 404, 409)
    def post(self, screening_id, village_id):
        """Declare the village screened: every child on file must have a result"""
        part = screening.complete(current_actor(), screening_id, village_id, now())
        return {"village_id": part.place_id, "completed_at": part.completed_at}


@blp.route("/<int:screening_id>/entries")
class Entries(MethodView):
    @blp.arguments(EntryCreate)
    @blp.response(201, EntrySchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, screening_id):
        """Record a child (child_id) or a family without a file (household, place_id) as
        screened: no_concern, follow_up, new_file, or report_filed (with report_case_id)"""
        return screening.record(current_actor(), screening_id, EntryCreate().dump(data), now())


@blp.route("/<int:screening_id>/entries/<int:entry_id>/file")
class EntryFile(MethodView):
    @blp.arguments(FileLink)
    @blp.response(200, EntrySchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, screening_id, entry_id):
        """Link the file opened for a family or child found needing one (result new_file):
        counted as registered (建档) from now"""
        payload = FileLink().dump(data)
        return screening.link_file(current_actor(), screening_id, entry_id, payload, now())
