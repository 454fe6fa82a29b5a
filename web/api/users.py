"""/api/v1/users: the county admin's user list and the hand-over of a leaving user's work;
/users/me for everyone."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import accounts, handover
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.users import (
    HandoverQuery,
    HandoverRequest,
    HandoverSchema,
    UserCreate,
    UserSchema,
    WorkLeftSchema,
)

blp = Blueprint("users", __name__, description="People who sign in, and their roles")


@blp.route("")
class Users(MethodView):
    @blp.response(200, UserSchema(many=True))
    @problems(blp, 401, 403)
    def get(self):
        """The users of the admin's county (county admin)"""
        return accounts.list_users(current_actor())

    @blp.arguments(UserCreate)
    @blp.response(201, UserSchema)
    @problems(blp, 401, 403, 409, 422)
    def post(self, data):
        """Create a user bound to a place or an institution of the admin's county"""
        return accounts.create_user(current_actor(), now=now(), **data)


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, UserSchema)
    @problems(blp, 401)
    def get(self):
        """The signed-in user"""
        return accounts.get_user(current_actor())


@blp.route("/work-left")
class WorkLeft(MethodView):
    @blp.response(200, WorkLeftSchema(many=True))
    @problems(blp, 401, 403)
    def get(self):
        """Deactivated users of the county with work still waiting on them (county admin)"""
        found = handover.left_with_inactive(current_actor(), now())
        return [{"user": user, "work": work} for user, work in found]


@blp.route("/<int:user_id>/handover")
class Handover(MethodView):
    @blp.arguments(HandoverQuery, location="query")
    @blp.response(200, HandoverSchema)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query, user_id):
        """What would move from the user to the successor: the preview (county admin)"""
        return handover.preview(current_actor(), user_id, query["successor_id"], now())

    @blp.arguments(HandoverRequest)
    @blp.response(200, HandoverSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, user_id):
        """Move the user's work to the successor in one audited step, optionally deactivating
        the user (who leaves) or giving them a new post (who moves); with `expected`, exactly
        the list the preview showed (county admin)"""
        post = data["moves_to"] and handover.Post(**data["moves_to"])
        options = {"deactivate": data["deactivate"], "expected": data["expected"], "moves_to": post}
        return handover.hand_over(current_actor(), user_id, data["successor_id"], now(), **options)
