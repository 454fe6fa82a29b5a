"""Mandatory-report cases: filing, listing in scope, the full record, and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_one_of
from casework.models import (
    BenefitLink,
    Child,
    GuardianshipMeasure,
    Institution,
    Place,
    ReportCase,
    Visit,
)
from casework.services import audit, children
from casework.vocabulary import PlaceLevel, Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.payloads import load_payload
from casework.workflows.report import PROTECTION_ROLES, REPORT, ReportState

R = ReportCase


def file_report(actor: Actor, payload: dict, now: dt.datetime) -> ReportCase:
    """Record a new report in `reported`; the county must accept or screen it out in a day."""
    action = REPORT.action("file")
    if actor.role not in action.roles or actor.id is None:
        raise NotPermitted(
            f"role {actor.role} may not file reports",
            code="role_may_not",
            params={"role": str(actor.role), "workflow": REPORT.name, "action": "file"},
        )
    data = load_payload(action.payload, payload)
    if data["child_id"]:
        children.linkable(actor, data["child_id"])  # a child of the reporter's area only
    place = Place.get_or_none(id=data["place_id"])
    if place is None or place.level == PlaceLevel.COUNTY:
        raise unknown_report_place()
    if place.county_id != _home_county(actor):
        raise NotPermitted(
            "that place is outside your county: report to its own county",
            code="place_outside_county",
        )
    return record_report(actor, data, place, now)


def unknown_report_place() -> Invalid:
    """A report names a township or a village of the county."""
    where = FieldError("must be a township or a village", code="not_township_or_village")
    return Invalid("unknown place", {"place_id": [where]}, code="unknown_place")


def record_report(actor: Actor, data: dict, place: Place, now: dt.datetime) -> ReportCase:
    """Write a checked report in `reported`, with its audit row (see also public_reports)."""
    if data["child_id"]:
        child = Child.get_or_none(id=data["child_id"])
        if child is None or child.place.county_id != place.county_id:
            no_such = FieldError("no child's file with this id here", code="no_such_child")
            raise Invalid("unknown child", {"child_id": [no_such]}, code="unknown_child")
    with write_transaction():
        case = R.create(
            state=ReportState.REPORTED,
            state_entered_at=now,
            due_at=REPORT.deadlines[ReportState.REPORTED].due_at(now),
            county=place.county_id,
            place=place.id,
            child=data["child_id"],
            child_description=data["child_description"],
            reporter_name=data["reporter_name"],
            reporter_organisation=data["reporter_organisation"],
            reporter_phone=data["reporter_phone"],
            reported_by=actor.id,
            harm_type=data["harm_type"],
            urgent=data["urgent"],
            facts=data["facts"],
            created_at=now,
            updated_at=now,
        )
        changes = {
            k: [None, data[k]] for k in ("place_id", "child_id", "harm_type", "urgent") if data[k]
        }
        engine.write_audit(
            REPORT.name, case.id, "file", None, ReportState.REPORTED, 1, actor, now, "", changes
        )
    return case


def _home_county(actor: Actor) -> int | None:
    if actor.role == Role.INSTITUTION_STAFF:
        return Institution.get_by_id(actor.institution_id).county_id
    return actor.county_id


act = engine.acting(REPORT)


@dataclass
class ReportRecord:
    """One report case with everything its page shows."""

    case: ReportCase
    open_actions: list[str]
    history: list
    benefits: list[BenefitLink]
    measures: list[GuardianshipMeasure]
    visits: list[Visit]

    def __getattr__(self, name):
        return getattr(self.case, name)


def get_report(actor: Actor, case_id: int) -> ReportRecord:
    snapshot = engine.load_visible(REPORT, case_id, actor)
    case = snapshot.record
    return ReportRecord(
        case,
        REPORT.open_actions(actor, snapshot),
        audit.history(REPORT.name, case_id),
        list(case.benefits.order_by(BenefitLink.id)),
        list(case.measures.order_by(GuardianshipMeasure.id)),
        list(case.visits.order_by(Visit.visited_on.desc(), Visit.id.desc())),
    )


def scoped(actor: Actor, query=None):
    """Report cases the actor may see: their place's (protection staff) and their own reports."""
    query = (R.select() if query is None else query).join(Place, on=(R.place == Place.id))
    if actor.role == Role.SYSTEM:
        return query
    mine = R.reported_by == actor.id
    if actor.role in PROTECTION_ROLES and actor.place_path:
        return query.where(Place.path.startswith(actor.place_path) | mine)
    return query.where(mine)


def list_reports(
    actor: Actor,
    *,
    now: dt.datetime,
    state: str | None = None,
    place_id: int | None = None,
    child_id: int | None = None,
    overdue: bool | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[ReportCase], int]:
    query = scoped(actor)
    if state:
        if state not in set(ReportState):
            raise Invalid(
                "unknown state", {"state": [not_one_of(ReportState)]}, code="unknown_state"
            )
        query = query.where(R.state == state)
    if place_id:
        place = Place.get_or_none(id=place_id)
        if place is None:
            no_such = FieldError("no such place", code="no_such_place")
            raise Invalid("unknown place", {"place_id": [no_such]}, code="unknown_place")
        query = query.where(Place.path.startswith(place.path))
    if child_id:
        query = query.where(R.child == child_id)
    if overdue is True:
        query = query.where(R.due_at < now)
    elif overdue is False:
        query = query.where(R.due_at.is_null() | (R.due_at >= now))
    total = query.count()
    rows = list(query.order_by(R.due_at.asc(nulls="LAST"), R.id).paginate(page, per_page))
    return rows, total
