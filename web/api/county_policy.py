"""/api/v1/policy/age-limits: each aid item's age limit in a county on a day, with the versions
scheduled after it. Everyone reads them (so a client sees a limit before filing); only an
administrator sets a new version, effective today or later, audited."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from marshmallow import Schema, fields

from casework.rules.county_policy import Kind
from casework.rules.deadlines import local_date
from casework.services import county_policy
from casework.services.settlement_policy import county_in_scope
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems

blp = Blueprint("county_policy", __name__, description="County policy values by effective date")


class AgeLimitsQuery(Schema):
    county_id = fields.Integer(load_default=None, metadata={"description": "default: yours"})
    on = fields.Date(load_default=None, metadata={"description": "the day; default: today"})


class ScheduledSchema(Schema):
    max_age = fields.Integer(attribute="value")
    effective_from = fields.Date()


class AgeLimitSchema(Schema):
    aid_item = fields.String(attribute="key")
    max_age = fields.Integer(
        attribute="value", metadata={"description": "the oldest age in completed years (周岁)"}
    )
    default = fields.Integer(metadata={"description": "the policy default"})
    since = fields.Date(
        allow_none=True, metadata={"description": "the version in force; null: the default"}
    )
    scheduled = fields.List(fields.Nested(ScheduledSchema))


class AgeLimitsSchema(Schema):
    county_id = fields.Integer()
    on = fields.Date()
    limits = fields.List(fields.Nested(AgeLimitSchema))


class AgeLimitUpdate(Schema):
    max_age = fields.Integer(required=True)
    effective_from = fields.Date(required=True, metadata={"description": "today or later"})
    county_id = fields.Integer(load_default=None)


class AgeLimitVersionSchema(Schema):
    aid_item = fields.String(attribute="key")
    max_age = fields.Integer(attribute="value")
    effective_from = fields.Date()


@blp.route("/age-limits")
class AgeLimits(MethodView):
    @blp.arguments(AgeLimitsQuery, location="query")
    @blp.response(200, AgeLimitsSchema)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """Each aid item's age limit in your county on a day, and the changes scheduled"""
        county_id = county_in_scope(current_actor(), query["county_id"])
        day = query["on"] or local_date(now())
        rows = county_policy.table(county_id, Kind.AGE_LIMIT, day)
        return {"county_id": county_id, "on": day, "limits": rows}


@blp.route("/age-limits/<string:aid_item>")
class AgeLimitByItem(MethodView):
    @blp.arguments(AgeLimitUpdate)
    @blp.response(200, AgeLimitVersionSchema)
    @problems(blp, 401, 403, 404, 422)
    def put(self, data, aid_item):
        """Set an aid item's age limit from a day on (administrator); applications already
        assessed keep theirs"""
        return county_policy.set_value(
            current_actor(), data["county_id"], Kind.AGE_LIMIT, aid_item, data["max_age"],
            data["effective_from"], now(),
        )  # fmt: skip


# The other kinds share one shape: each key's value, its default, the version in force and
# the versions scheduled; a new version from a day on (administrator).
KINDS = {
    "visit-cadence": (Kind.VISIT_CADENCE, "Visit cadences: regular visits (months between two, "
                      "by difficulty category and for an open report case), monitoring "
                      "follow-ups, home-education pace"),
    "aid-targets": (Kind.AID_TARGET, "The target of children aided, by year"),
    "rejection-codes": (Kind.REJECTION_CODE, "The codes a settlement auditor rejects a claim "
                        "line with (1: offered, 0: withdrawn), the county's own with their "
                        "wording"),
    "escalation-grace": (Kind.ESCALATION_GRACE, "Working days a reminder waits on its person "
                         "before it is escalated, by reminder kind"),
    "parent-contact": (Kind.PARENT_CONTACT, "Days a parent working away may go without "
                       "contacting a left-behind child before the child director is reminded"),
    "aid-budget": (Kind.AID_BUDGET, "The year's rehab-aid budget in yuan (key `yuan`; 0: none)"),
    "national-entry": (Kind.NATIONAL_ENTRY, "Working days after approval an application must "
                       "be entered in the national system by (key `workdays`; 0: no reminder)"),
    "urgent-hours": (Kind.URGENT_HOURS, "Calendar hours from its filing an urgent mandatory "
                     "report is accepted or screened out in, weekends and holidays included "
                     "(key `hours`, 1 to 366; 24 by default); each report keeps the version "
                     "that set its deadline"),
    "child-categories": (Kind.CHILD_CATEGORY, "The categories the county sets itself, by code "
                         "with their Chinese name (`label`): a clerk sets one on a child's file "
                         "with a reason; the value is the regular-visit cadence of a child in it "
                         "(1: monthly, 3: quarterly) or 0: no longer offered"),
}  # fmt: skip


class PolicyQuery(AgeLimitsQuery):
    pass


class PolicyScheduledSchema(Schema):
    value = fields.Integer()
    effective_from = fields.Date()
    label = fields.String()


class PolicyValueSchema(Schema):
    key = fields.String()
    value = fields.Integer()
    default = fields.Integer(allow_none=True, metadata={"description": "without a version"})
    since = fields.Date(
        allow_none=True, metadata={"description": "the version in force; null: the default"}
    )
    label = fields.String(
        metadata={"description": "a rejection code's wording, if the county's; a county "
                  "category's Chinese name"}
    )  # fmt: skip
    scheduled = fields.List(fields.Nested(PolicyScheduledSchema))


class PolicyTableSchema(Schema):
    kind = fields.String()
    county_id = fields.Integer()
    on = fields.Date()
    values = fields.List(fields.Nested(PolicyValueSchema))


class PolicyUpdate(Schema):
    value = fields.Integer(required=True)
    effective_from = fields.Date(required=True, metadata={"description": "today or later"})
    county_id = fields.Integer(load_default=None)
    label = fields.String(
        load_default="",
        metadata={"description": "a rejection code's wording; a county category's Chinese name"},
    )


class PolicyVersionSchema(Schema):
    key = fields.String()
    value = fields.Integer()
    effective_from = fields.Date()
    label = fields.String()


def _register(slug: str, kind: Kind, summary: str) -> None:
    class Table(MethodView):
        @blp.arguments(PolicyQuery, location="query")
        @blp.response(200, PolicyTableSchema)
        @problems(blp, 401, 403, 404, 422)
        def get(self, query):
            county_id = county_in_scope(current_actor(), query["county_id"])
            day = query["on"] or local_date(now())
            target = current_app.config["CASEWORK_SETTINGS"].aid_target
            rows = county_policy.table(county_id, kind, day, aid_target=target)
            return {"kind": kind.value, "county_id": county_id, "on": day, "values": rows}

    class Value(MethodView):
        @blp.arguments(PolicyUpdate)
        @blp.response(200, PolicyVersionSchema)
        @problems(blp, 401, 403, 404, 422)
        def put(self, data, key):
            return county_policy.set_value(
                current_actor(), data["county_id"], kind, key, data["value"],
                data["effective_from"], now(), label=data["label"],
            )  # fmt: skip

    Table.get.__doc__ = f"{summary}, in your county on a day"
    Value.put.__doc__ = f"{summary}: a new version from a day on (administrator); decisions " \
        "already made keep theirs"  # fmt: skip
    Table.__name__, Value.__name__ = f"Policy_{kind.value}", f"PolicyValue_{kind.value}"
    blp.route(f"/{slug}", endpoint=f"{kind.value}_table")(Table)
    blp.route(f"/{slug}/<string:key>", endpoint=f"{kind.value}_value")(Value)


for _slug, (_kind, _summary) in KINDS.items():
    _register(_slug, _kind, _summary)


class BenefitListSchema(Schema):
    county_id = fields.Integer()
    on = fields.Date()
    benefits = fields.List(fields.Nested(lambda: BenefitOfferedSchema()))


class BenefitOfferedSchema(Schema):
    benefit = fields.String(attribute="key", metadata={"description": "code, or the county's name"})
    offered = fields.Function(lambda row: bool(row["value"]))
    added = fields.Boolean(metadata={"description": "added by the county"})
    since = fields.Date(allow_none=True)
    scheduled = fields.List(fields.Nested(lambda: BenefitVersionSchema()))


class BenefitVersionSchema(Schema):
    benefit = fields.String(attribute="key")
    offered = fields.Function(lambda version: bool(version.value))
    effective_from = fields.Date()


class BenefitUpdate(Schema):
    offered = fields.Boolean(required=True)
    effective_from = fields.Date(required=True, metadata={"description": "today or later"})
    county_id = fields.Integer(load_default=None)


@blp.route("/benefits")
class BenefitList(MethodView):
    @blp.arguments(AgeLimitsQuery, location="query")
    @blp.response(200, BenefitListSchema)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """The county's benefit list on a day: the benefits every county offers and those it
        added, each offered or not, and the changes scheduled"""
        county_id = county_in_scope(current_actor(), query["county_id"])
        day = query["on"] or local_date(now())
        rows = county_policy.table(county_id, Kind.BENEFIT, day)
        return {"county_id": county_id, "on": day, "benefits": rows}


@blp.route("/benefits/<string:benefit>")
class BenefitByKey(MethodView):
    @blp.arguments(BenefitUpdate)
    @blp.response(200, BenefitVersionSchema)
    @problems(blp, 401, 403, 404, 422)
    def put(self, data, benefit):
        """Offer a benefit from a day on, or stop offering it (administrator); a benefit the
        county adds is named by its name (up to 40 characters, no spaces)"""
        return county_policy.set_value(
            current_actor(), data["county_id"], Kind.BENEFIT, benefit, int(data["offered"]),
            data["effective_from"], now(),
        )  # fmt: skip
