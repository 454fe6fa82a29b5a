"""Guards and effects of the mandatory-report actions: what each step checks and records."""

from __future__ import annotations

from casework.errors import Conflict, FieldError, Invalid, NotPermitted
from casework.models import (
    Child,
    ChildBenefit,
    GuardianshipMeasure,
    Institution,
    Place,
    ReportCase,
)
from casework.queries import child_scope
from casework.queries.county_policy import urgent_hours
from casework.vocabulary import PlaceLevel, Role, ScreenOutGround
from casework.workflows import benefit_grant, engine
from casework.workflows.definition import ActionContext, Actor, Creation
from casework.workflows.rehab import REHAB

# Rehab applications in these states are over: another may be opened for the same case.
REHAB_FINISHED = ("rejected", "withdrawn", "closed", "settled", "completed", "dropped_out")


def reporter_of_county(actor: Actor, creation: Creation) -> bool:
    """A report names a township or a village of the reporter's county (the public form's
    filer stands for the county of the place chosen), and a child's file of that county."""
    if actor.id is None:  # a report names who filed it
        return False
    data = creation.data
    place = Place.get_or_none(id=data["place_id"])
    if place is None or place.level == PlaceLevel.COUNTY:
        raise unknown_report_place()
    if place.county_id != _home_county(actor):
        raise NotPermitted(
            "that place is outside your county: report to its own county",
            code="place_outside_county",
        )
    if data["child_id"]:
        # a child of the reporter's own area only: linking must not tell another's name
        child = child_scope.linkable(actor, data["child_id"])
        if child.place.county_id != place.county_id:
            no_such = FieldError("no child's file with this id here", code="no_such_child")
            raise Invalid("unknown child", {"child_id": [no_such]}, code="unknown_child")
    return True


def unknown_report_place() -> Invalid:
    """A report names a township or a village of the county."""
    where = FieldError("must be a township or a village", code="not_township_or_village")
    return Invalid("unknown place", {"place_id": [where]}, code="unknown_place")


def _home_county(actor: Actor) -> int | None:
    if actor.role == Role.INSTITUTION_STAFF:
        county_id: int = Institution.get_by_id(actor.institution_id).county_id
        return county_id
    return actor.county_id


def file(creation: Creation) -> None:
    """The report in `reported`; the county must accept or screen it out in a day, an urgent
    one in the county's hours in force today (the report keeps their version)."""
    data = creation.data
    place = Place.get_by_id(data["place_id"])
    urgent_policy = None
    if data["urgent"]:
        _, version = urgent_hours(place.county_id, creation.today)
        urgent_policy = version.id if version else None
    creation.insert(
        county=place.county_id,
        place=place.id,
        child=data["child_id"],
        child_description=data["child_description"],
        reporter_name=data["reporter_name"],
        reporter_organisation=data["reporter_organisation"],
        reporter_phone=data["reporter_phone"],
        reported_by=creation.actor.id,
        harm_type=data["harm_type"],
        urgent=data["urgent"],
        urgent_policy=urgent_policy,
        facts=data["facts"],
    )
    keys = ("place_id", "child_id", "harm_type", "urgent")
    creation.changes.update({k: [None, data[k]] for k in keys if data[k]})
    if creation.context.get("visit"):  # filed from a visit's risk flags
        creation.changes["visit"] = [None, creation.context["visit"]]


def _child_of_county(ctx: ActionContext, child_id: int) -> Child:
    child: Child | None = (
        Child.select(Child, Place)
        .join(Place)
        .where(Child.id == child_id, Place.path.startswith(f"/{ctx.case.county_id}/"))
        .first()
    )
    if child is None:
        no_such = FieldError("no child's file with this id in the county", code="no_such_child")
        raise Invalid("unknown child", {"child_id": [no_such]}, code="unknown_child")
    return child


def link_child(ctx: ActionContext) -> None:
    child_id = ctx.data["child_id"]
    if child_id != ctx.case.child_id:
        _child_of_county(ctx, child_id)
        ctx.change("child", ctx.case.child_id, child_id, column="child")
        ctx.case.child_id = child_id


def accept(ctx: ActionContext) -> None:
    urgent = ctx.data.get("urgent")
    if urgent is not None and urgent != ctx.case.urgent:
        ctx.change("urgent", ctx.case.urgent, urgent, column="urgent")
        ctx.case.urgent = urgent  # the deadline of `accepted` depends on it
    if ctx.data.get("child_id"):
        link_child(ctx)


def screen_out(ctx: ActionContext) -> None:
    ground = ctx.data["ground"]
    ctx.change("screen_out_ground", None, ground, column="screen_out_ground")
    if ground == ScreenOutGround.DUPLICATE:
        original = ctx.data["duplicate_of"]
        found = ReportCase.get_or_none(id=original, county=ctx.case.county_id)
        if found is None or original == ctx.case.id:
            message = "no other report case in the county"
            raise Invalid(
                "unknown original case",
                {"duplicate_of": [FieldError(message, code="no_such_case")]},
                code="unknown_original_case",
            )
        ctx.change("duplicate_of", None, original, column="duplicate_of")


def respond(ctx: ActionContext) -> None:
    for name in ("police_involved", "police_note", "placement", "placement_where"):
        old = getattr(ctx.case.record, name)
        if ctx.data[name] != old:
            ctx.change(name, old, ctx.data[name], column=name)


def record_assessment(ctx: ActionContext) -> None:
    record = ctx.case.record
    ctx.change("assessment", record.assessment, ctx.data["assessment"], column="assessment")
    ctx.change("risk_level", record.risk_level, ctx.data["risk_level"], column="risk_level")


def _require_child(ctx: ActionContext) -> Child:
    if ctx.case.child_id is None:
        raise Conflict("link the child's file first (link_child)", code="child_not_linked")
    child: Child = Child.get_by_id(ctx.case.child_id)
    return child


def link_benefit(ctx: ActionContext) -> None:
    """The benefit on the child's file, from this case: a second link of the same benefit
    says how far it has got (and its amount and dates, once known)."""
    child = _require_child(ctx)
    data, benefit = ctx.data, ctx.data["benefit"]
    B = ChildBenefit
    link = (
        B.select()
        .where(B.report_case == ctx.case.id, B.benefit == benefit)
        .order_by(B.id.desc())
        .first()
    )
    old = link.status if link else None
    if link is None:
        benefit_grant.write(ctx.actor, ctx.case.county_id, child.id, data, ctx.now,
                            report_case=ctx.case.id)  # fmt: skip
    else:
        given = {k: data[k] for k in ("amount", "period", "starts_on", "ends_on", "department")
                 if data.get(k) is not None}  # fmt: skip
        B.update(status=data["status"], note=data["note"], recorded_by=ctx.actor.id,
                 updated_at=ctx.now, **given).where(B.id == link.id).execute()  # fmt: skip
    ctx.changes[f"benefit.{benefit}"] = [old, data["status"]]


def rehab_guard(ctx: ActionContext) -> None:
    child = _require_child(ctx)
    if not child.disability_types:
        raise Conflict(
            "the child's file records no disability: rehab aid needs one", code="no_disability"
        )
    linked = ctx.case.record.rehab_application
    if linked is not None and linked.state not in REHAB_FINISHED:
        raise Conflict(
            f"rehab application {linked.id} for this case is still open ({linked.state})",
            code="rehab_application_open",
            params={"id": linked.id, "state": linked.state},
            rehab_application_id=linked.id,
        )


def open_rehab_application(ctx: ActionContext) -> None:
    payload = {**ctx.data, "child_id": ctx.case.child_id}
    opened = engine.create(REHAB, ctx.actor, payload, now=ctx.now, report_case=ctx.case.id)
    old = ctx.case.record.rehab_application_id
    ctx.change("rehab_application", old, opened.id, column="rehab_application")


def record_assistance_plan(ctx: ActionContext) -> None:
    old = ctx.case.record.assistance_plan
    ctx.change("assistance_plan", old, ctx.data["plan"], column="assistance_plan")


def record_measure(ctx: ActionContext) -> None:
    data = ctx.data
    if data["taken_on"] > ctx.today:
        raise Invalid(
            "a date is in the future",
            {"taken_on": [FieldError("cannot be in the future", code="in_future")]},
            code="date_in_future",
        )
    GuardianshipMeasure.create(
        case=ctx.case.id, recorded_by=ctx.actor.id, recorded_at=ctx.now, **data
    )
    ctx.changes["measure"] = [None, f"{data['kind']} {data['taken_on']:%Y-%m-%d}"]


def close(ctx: ActionContext) -> None:
    ctx.change("outcome", ctx.case.record.outcome, ctx.data["outcome"], column="outcome")


def reopen(ctx: ActionContext) -> None:
    ctx.change("outcome", ctx.case.record.outcome, None, column="outcome")
