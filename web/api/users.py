"""/api/v1/users: the county admin's user list; /users/me for everyone."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import accounts
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.users import UserCreate, UserSchema

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
