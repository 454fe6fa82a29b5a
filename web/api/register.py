"""/api/v1/register: the register's life (workflows/register.py): a child on or off it,
leaving, back on, files waiting for the county a child moved to; counts by status."""

from __future__ import annotations

from flask.views import MethodView

from casework.services import register
from casework.workflows import engine
from casework.workflows.register import REGISTER
from web.api import actions
from web.api.auth import current_actor
from web.api.common import Blueprint, problems
from web.api.schemas.family import CountsOut, RegisterActionRequest, RegisterOut

blp = Blueprint("register", __name__, description="The register's life: on it, off it, back on")


@blp.route("/counts")
class Counts(MethodView):
    @blp.response(200, CountsOut)
    @problems(blp, 401)
    def get(self):
        """Children in your scope on and off the register, and off it by reason"""
        return register.counts(current_actor())


@blp.route("/awaiting-take-over")
class AwaitingTakeOver(MethodView):
    @blp.response(200, RegisterOut(many=True))
    @problems(blp, 401)
    def get(self):
        """Files of children who moved to your county from another, to take over (case
        worker, leader)"""
        return register.awaiting_take_over(current_actor())


@blp.route("/<int:child_id>")
class RegisterEntry(MethodView):
    @blp.response(200, RegisterOut)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """A child's place on the register: on it, or off it since when and why"""
        case = engine.load_visible(REGISTER, child_id, current_actor())
        return case.record


actions.register(
    blp,
    REGISTER,
    register.act,
    request_schema=RegisterActionRequest,
    case_id="child_id",
    record_endpoint="register.RegisterEntry",
    summary="Take a child off the register, back on, or over from another county",
    record="the child's place on the register",
    endpoint="RegisterAction",
)
