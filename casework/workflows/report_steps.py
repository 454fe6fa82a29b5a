"""Guards and effects of the mandatory-report actions: what each step checks and records."""

from __future__ import annotations

from casework.errors import Conflict, FieldError, Invalid
from casework.models import BenefitLink, Child, GuardianshipMeasure, Place, ReportCase
from casework.vocabulary import ScreenOutGround
from casework.workflows.definition import ActionContext

# Rehab applications in these states are over: another may be opened for the same case.
REHAB_FINISHED = ("rejected", "withdrawn", "closed", "settled", "completed", "dropped_out")


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
    _require_child(ctx)
    data, benefit = ctx.data, ctx.data["benefit"]
    link = BenefitLink.get_or_none(case=ctx.case.id, benefit=benefit)
    old = link.status if link else None
    if link is None:
        BenefitLink.create(
            case=ctx.case.id,
            benefit=benefit,
            status=data["status"],
            note=data["note"],
            linked_by=ctx.actor.id,
            linked_at=ctx.now,
        )
    else:
        BenefitLink.update(
            status=data["status"], note=data["note"], linked_by=ctx.actor.id, linked_at=ctx.now
        ).where(BenefitLink.id == link.id).execute()
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
    from casework.services import rehab  # the rehab service imports the workflows

    application = rehab.submit_application(
        ctx.actor,
        {**ctx.data, "child_id": ctx.case.child_id},
        ctx.now,
        for_report_case=ctx.case.id,
    )
    old = ctx.case.record.rehab_application_id
    ctx.change("rehab_application", old, application.id, column="rehab_application")


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
