"""/api/v1/tokens: one's own API tokens (list, issue, revoke); the county admin lists and
revokes those of the county's users, and unlocks a user locked out of signing in."""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from casework.services import sign_in, tokens
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.documents import NewTokenSchema, TokenCreate, TokenQuery, TokenSchema
from web.api.schemas.users import UserSchema

blp = Blueprint("tokens", __name__, description="API tokens: expiry and revocation")


@blp.route("")
class Tokens(MethodView):
    @blp.arguments(TokenQuery, location="query")
    @blp.response(200, TokenSchema(many=True))
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """Your tokens, newest first; the county admin may name a user of the county"""
        return tokens.list_tokens(current_actor(), query.get("user_id"))

    @blp.arguments(TokenCreate)
    @blp.response(201, NewTokenSchema)
    @problems(blp, 401, 422)
    def post(self, data):
        """Issue yourself a new token; it is shown once, in this answer"""
        configured = current_app.config["CASEWORK_SETTINGS"].token_days
        days = data.get("days", tokens.default_days(configured))
        # issued with this request's token: revoking that one revokes this one too
        issuer = tokens.issuing_token(request.headers["Authorization"].partition(" ")[2].strip())
        row, token = tokens.issue(
            current_actor(), now(), label=data["label"], days=days, issued_by_token=issuer
        )
        row.token = token
        return row


@blp.route("/<int:token_id>/revoke")
class TokenRevoke(MethodView):
    @blp.response(200, TokenSchema)
    @problems(blp, 401, 403, 404)
    def post(self, token_id):
        """Revoke a token at once (yours, or as the county admin one of the county's users)"""
        return tokens.revoke(current_actor(), token_id, now())


@blp.route("/unlock/<int:user_id>")
class Unlock(MethodView):
    @blp.response(200, UserSchema)
    @problems(blp, 401, 403, 404)
    def post(self, user_id):
        """Lift a user's sign-in lock-out at once (county admin)"""
        return sign_in.unlock(current_actor(), user_id, now())
