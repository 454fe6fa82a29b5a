"""Guards and effects of the transfer actions: what each step checks and records."""

from __future__ import annotations

from casework.errors import Conflict, NotPermitted
from casework.models import Place, User
from casework.queries import child_scope
from casework.vocabulary import PlaceLevel, Role
from casework.workflows import benefit_grant, engine, transfer_sources
from casework.workflows.definition import ActionContext, Actor, Case, Creation
from casework.workflows.rehab import REHAB
from casework.workflows.report import REPORT
from casework.workflows.report_steps import unknown_report_place
from casework.workflows.transfer_payloads import HandlingPayload


def window_of_place(actor: Actor, creation: Creation) -> bool:
    """A window receives the families of its own area: a township or village under the
    actor's place; the child's file and the report case must be theirs to read too."""
    data = creation.data
    place = Place.get_or_none(id=data["place_id"])
    if place is None or place.level == PlaceLevel.COUNTY:
        raise unknown_report_place()
    if not actor.place_path or not place.path.startswith(actor.place_path):
        raise NotPermitted(
            "that place is outside your area: its own window receives it",
            code="place_outside_area",
        )
    if data["child_id"]:
        child_scope.linkable(actor, data["child_id"])
    if data["report_case_id"]:
        engine.load_visible(REPORT, data["report_case_id"], actor)
    if data["visit_id"]:
        transfer_sources.visible_visit(actor, data["visit_id"])
    if data["rehab_application_id"]:
        engine.load_visible(REHAB, data["rehab_application_id"], actor)
    return True


def for_the_department(actor: Actor, case: Case) -> bool:
    """A department's staff act on what was transferred to it (`visible` matched their
    department). The county's case worker records the department's answer on its behalf (a
    reply by phone or on paper) only while the department has no one active in the county:
    a county without department accounts is not left with requests nobody can move."""
    county_path = "/" + case.place_path.strip("/").split("/")[0] + "/"
    return actor.role != Role.CASE_WORKER or not department_staffed(case.department, county_path)


def department_staffed(department: str, county_path: str) -> bool:
    """Whether the department has an active officer anywhere in the county."""
    return bool(
        User.select()
        .join(Place, on=(User.place == Place.id))
        .where(
            User.role == Role.DEPARTMENT_STAFF,
            User.active == True,  # noqa: E712
            User.department == department,
            Place.path.startswith(county_path),
        )
        .exists()
    )


def receive(creation: Creation) -> None:
    """The request in `received`: the window transfers it within the county's time limit."""
    data = creation.data
    place = Place.get_by_id(data["place_id"])
    creation.insert(
        county=place.county_id,
        place=place.id,
        child=data["child_id"],
        report_case=data["report_case_id"],
        visit=data["visit_id"],
        rehab_application=data["rehab_application_id"],
        parent=creation.context.get("parent"),
        family_name=data["family_name"],
        family_phone=data["family_phone"],
        request=data["request"],
        received_by=creation.actor.id,
    )
    keys = ("place_id", "child_id", "report_case_id", "visit_id", "rehab_application_id")
    creation.changes.update({k: [None, data[k]] for k in keys if data[k]})
    if creation.context.get("parent"):
        creation.changes["parent"] = [None, creation.context["parent"]]


def transfer(ctx: ActionContext) -> None:
    department = ctx.data["department"]
    if department == ctx.case.record.refused_by:
        raise Conflict(
            f"{department} refused this request already: transfer it to another department",
            code="department_already_refused",
            params={"department": department},
        )
    ctx.change("department", ctx.case.department, department, column="department")
    more = [d for d in dict.fromkeys(ctx.data.get("also_to") or []) if d != department]
    if ctx.case.record.refused_by in more:
        raise Conflict(
            f"{ctx.case.record.refused_by} refused this request already",
            code="department_already_refused",
            params={"department": ctx.case.record.refused_by},
        )
    if more:  # each further department its own sub-case, as received and transferred now
        made = [_sub_case(ctx, other) for other in more]
        ctx.changes["sub_cases"] = [None, made]


def _sub_case(ctx: ActionContext, department: str) -> int:
    """A sub-case of the request for one more department: received through the engine as
    the request was (its family, child, place and source), then transferred to it."""
    from casework.workflows.transfer import TRANSFER  # the definition imports these steps

    row = ctx.case.record
    copied = {"place_id": row.place_id, "child_id": row.child_id,
              "report_case_id": row.report_case_id, "visit_id": row.visit_id,
              "rehab_application_id": row.rehab_application_id,
              "family_name": row.family_name, "family_phone": row.family_phone,
              "request": row.request}  # fmt: skip
    made = engine.create(TRANSFER, ctx.actor, copied, now=ctx.now, parent=row.id)
    note = ctx.data.get("note") or ""
    engine.perform(TRANSFER, made.id, "transfer", ctx.actor, now=ctx.now,
                   payload={"department": department, "note": note})  # fmt: skip
    return made.id


def refuse(ctx: ActionContext) -> None:
    ctx.change("refused_by", ctx.case.record.refused_by, ctx.case.department, column="refused_by")


def record_handling(ctx: ActionContext) -> None:
    for name in ("handling", "benefit_granted", "benefit"):
        ctx.change(name, getattr(ctx.case.record, name), ctx.data[name], column=name)
    grant = HandlingPayload().grant(ctx.data)
    if grant is None:
        return
    record = ctx.case.record
    if record.child_id is None:
        raise Conflict("the request names no child's file to grant the benefit on",
                       code="transfer_without_child")  # fmt: skip
    grant["department"] = ctx.case.department  # the department handling it grants it
    row = benefit_grant.write(ctx.actor, record.county_id, record.child_id, grant, ctx.now,
                              transfer=ctx.case.id)  # fmt: skip
    ctx.changes["child_benefit"] = [None, row.id]


def feed_back(ctx: ActionContext) -> None:
    ctx.change("feedback", ctx.case.record.feedback, ctx.data["feedback"], column="feedback")


def answer_family(ctx: ActionContext) -> None:
    for name in ("answer", "answered_on"):
        ctx.change(name, getattr(ctx.case.record, name), ctx.data[name], column=name)
