"""/api/v1/families: a child's family (each parent's situation, the carer, the assistance
status), the categories that follow from it and why, and the clerks' categories with
their reasons, flagged until a supervisor reviews them."""

from __future__ import annotations

from flask.views import MethodView

from casework.rules.deadlines import local_date
from casework.services import children, family
from web.access import unmask_for
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.family import (
    ClaimIn,
    ContactCardOut,
    ContactIn,
    ContactOut,
    FamilyIn,
    FamilyOut,
    FlaggedOut,
    ReviewIn,
)

blp = Blueprint("families", __name__, description="The child's family and categories")


def family_body(child) -> dict:
    explained = family.explain(child, local_date(now()))
    return {
        "child_id": child.id,
        "version": child.version,
        "parents": family.parents_of(child),
        **{name: getattr(child, name) for name in (*family.CARER_FIELDS, "subsistence",
                                                    "seriously_ill", "school", "categories")},
        "derived": explained.derived,
        "claims": explained.claims,
        "flagged": explained.flagged,
    }  # fmt: skip


@blp.route("/flagged")
class Flagged(MethodView):
    @blp.response(200, FlaggedOut(many=True))
    @problems(blp, 401)
    def get(self):
        """Children in your scope with a category the facts do not show, not yet confirmed:
        the supervisor's list"""
        found = family.flagged_children(current_actor(), local_date(now()))
        return [
            {"child_id": c.id, "name": c.name, "place": c.place, "flagged": f} for c, f in found
        ]


@blp.route("/<int:child_id>")
class Family(MethodView):
    @blp.response(200, FamilyOut)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """The family's facts, the categories and why; phones whole for the roles that need
        them (logged)"""
        child = children.get_child(current_actor(), child_id)
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return family_body(child)

    @blp.arguments(FamilyIn)
    @blp.response(200, FamilyOut)
    @problems(blp, 401, 403, 404, 409, 422)
    def put(self, data, child_id):
        """Record the family's facts as they are now; contradictory facts or impossible dates
        are refused naming the field (parents.<n>.<field>, carer_parent), nothing written"""
        version = data.pop("expected_version")
        child = family.record_family(current_actor(), child_id, data, now(), version)
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return family_body(child)


@blp.route("/<int:child_id>/categories")
class Categories(MethodView):
    @blp.arguments(ClaimIn)
    @blp.response(200, FamilyOut)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, child_id):
        """Set a category the facts may not show, with why: flagged for the supervisor"""
        child = family.claim_category(current_actor(), child_id, data["category"],
                                      data["reason"], now(), data["expected_version"])  # fmt: skip
        return family_body(child)


@blp.route("/<int:child_id>/categories/<string:category>/review")
class Review(MethodView):
    @blp.arguments(ReviewIn)
    @blp.response(200, FamilyOut)
    @problems(blp, 401, 403, 404, 409, 422)
    def post(self, data, child_id, category):
        """The supervisor confirms a clerk's category (the flag goes) or withdraws it"""
        child = family.review_claim(current_actor(), child_id, category, data["confirm"],
                                    data["reason"], now(), data["expected_version"])  # fmt: skip
        return family_body(child)


@blp.route("/<int:child_id>/contact-card")
class ContactCard(MethodView):
    @blp.response(200, ContactCardOut)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """The left-behind child's contact card: the parents' phones and their last contact,
        the carer, the village's child directors, the school"""
        card = family.contact_card(current_actor(), child_id, local_date(now()))
        child = children.get_child(current_actor(), child_id)
        unmask_for(current_actor(), "child", child.id, child.place.county_id)
        return card


@blp.route("/<int:child_id>/contacts")
class Contacts(MethodView):
    @blp.arguments(ContactIn)
    @blp.response(201, ContactOut)
    @problems(blp, 401, 403, 404, 422)
    def post(self, data, child_id):
        """A parent got in touch with the child (a call, a visit home): ends a lapse"""
        return family.record_contact(current_actor(), child_id, data, now())
