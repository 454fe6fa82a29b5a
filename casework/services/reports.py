"""Mandatory-report cases: filing, listing in scope, the full record, and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.errors import FieldError, Invalid, not_one_of
from casework.models import (
    BenefitLink,
    GuardianshipMeasure,
    Place,
    ReportCase,
    Visit,
)
from casework.services import audit
from casework.vocabulary import Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.report import PROTECTION_ROLES, REPORT, ReportState

R = ReportCase


def file_report(actor: Actor, payload: dict, now: dt.datetime, **context) -> ReportCase:
    """Record a new report in `reported`; the county must accept or screen it out in a day:
    the report workflow's `file` (engine.create)."""
    return engine.create(REPORT, actor, payload, now=now, **context).case.record


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


def urgent_hours(actor: Actor) -> int | None:
    """How many hours the actor's county gives an urgent report to be accepted (the filing
    form says so), or None for a user of no county."""
    from casework.services.settlement_policy import actor_county
    from casework.workflows.policy import deadline_for
    from casework.workflows.report import URGENT_ACCEPTANCE_HOURS

    county = actor_county(actor)
    if county is None:
        return None
    return deadline_for(county, URGENT_ACCEPTANCE_HOURS).amount


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
