"""/api/v1/children: one file per child, registered once per ID number."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from casework.errors import Conflict
from casework.services import children, rehab
from web.access import unmask_for
from web.api.auth import current_actor
from web.api.common import TOTAL, Blueprint, now, page_body, problems, total_header
from web.api.schemas.applications import AidHistory
from web.api.schemas.children import (
    ChildCreate,
    ChildPage,
    ChildQuery,
    ChildSchema,
    ChildUpdate,
    ChildWithoutId,
    IdNumberIn,
)

blp = Blueprint("children", __name__, description="Children's files (一人一档)")


def _link(child_id: int) -> str:
    return url_for("children.ChildById", child_id=child_id)


@blp.route("")
class Children(MethodView):
    @blp.arguments(ChildQuery, location="query")
    @blp.response(200, ChildPage, headers=TOTAL)
    @problems(blp, 401, 422)
    def get(self, query):
        """Children in your scope, by part of the name, the ID number's start or a place"""
        names = ("name", "id_number", "place_id", "state", "left_reason", "category", "id_pending")
        filters = {k: query.get(k) for k in names}
        rows, total = children.list_children(
            current_actor(), page=query["page"], per_page=query["per_page"], **filters
        )
        return page_body(rows, total, query), total_header(total)

    @blp.arguments(ChildCreate)
    @blp.response(201, ChildSchema)
    @problems(blp, 401, 403, 409, 422)
    def post(self, data):
        """Open a child's file; a second file for one ID number is refused (409, with a link)"""
        try:
            child = children.register_child(current_actor(), data, now())
        except Conflict as exc:
            if "existing_id" in exc.extra:
                exc.extra["existing_url"] = _link(exc.extra["existing_id"])
            raise
        unmask_for(current_actor(), "child", child.id, child.place.county_id)  # as typed in
        return child, {"Location": _link(child.id)}


@blp.route("/<int:child_id>")
class ChildById(MethodView):
    @blp.response(200, ChildSchema)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """One child's file; ID number, phones and address whole for the roles that need them
        (intake clerk, reviewer, case worker, child supervisor, child director): logged"""
        child = children.get_child(current_actor(), child_id)
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return child

    @blp.arguments(ChildUpdate)
    @blp.response(200, ChildSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def patch(self, data, child_id):
        """Change a child's file; send only what changes, with the version you read"""
        version = data.pop("expected_version")
        child = children.update_child(current_actor(), child_id, data, now(), version)
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return child


@blp.route("/<int:child_id>/aid")
class ChildAid(MethodView):
    @blp.response(200, AidHistory)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """What the child received across aid years: per application, aid item and aid year,
        the standard, subsidy proposed, approved, paid, the room left and the lines behind
        (of the applications you may see)"""
        return {"child_id": child_id, "years": rehab.aid_history(current_actor(), child_id)}
@blp.route("/without-id")
class ChildrenWithoutId(MethodView):
    @blp.arguments(ChildWithoutId)
    @blp.response(201, ChildSchema)
    @problems(blp, 401, 403, 422)
    def post(self, data):
        """Open a file for a child without an ID number: a placeholder, flagged until then"""
        child = children.register_without_id(current_actor(), data, now())
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return child, {"Location": _link(child.id)}


@blp.route("/<int:child_id>/id-number")
class ChildIdNumber(MethodView):
    @blp.arguments(IdNumberIn)
    @blp.response(200, ChildSchema)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, child_id):
        """The ID number of a file opened without one: its birth date and sex replace the
        estimates, the flag goes; a number on another file is 409 with its link"""
        try:
            child = children.assign_id_number(
                current_actor(), child_id, data["id_number"], now(), data["expected_version"]
            )
        except Conflict as exc:
            if "existing_id" in exc.extra:
                exc.extra["existing_url"] = _link(exc.extra["existing_id"])
            raise
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return child
