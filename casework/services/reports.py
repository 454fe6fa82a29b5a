"""Mandatory-report cases: filing, listing in scope, the full record, and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.errors import FieldError, Invalid, not_one_of
from casework.models import (
    ChildBenefit,
    GuardianshipMeasure,
    Place,
    ReportCase,
    Visit,
)
from casework.services import audit
from casework.vocabulary import Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.report import (
    PROTECTION_ROLES,
    REPORT,
    ReportState,
    follows,
    receipt_state,
    sees_file,
)

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
    benefits: list[ChildBenefit]
    measures: list[GuardianshipMeasure]
    visits: list[Visit]

    def __getattr__(self, name):
        return getattr(self.case, name)


def urgent_hours(actor: Actor, day: dt.date) -> int | None:
    """How many calendar hours the actor's county gives an urgent report filed on `day` to be
    accepted (the filing form says so), or None for a user of no county."""
    from casework.queries.county_policy import urgent_hours as in_force
    from casework.services.settlement_policy import actor_county

    county = actor_county(actor)
    if county is None:
        return None
    return in_force(county, day)[0]


def get_report(actor: Actor, case_id: int) -> ReportRecord:
    snapshot = engine.load_visible(REPORT, case_id, actor)
    case = snapshot.record
    return ReportRecord(
        case,
        REPORT.open_actions(actor, snapshot),
        audit.history(REPORT.name, case_id),
        list(case.benefits.order_by(ChildBenefit.id)),
        list(case.measures.order_by(GuardianshipMeasure.id)),
        list(case.visits.order_by(Visit.visited_on.desc(), Visit.id.desc())),
    )


@dataclass
class ReportReceipt:
    """What the reporter of a case may know of it once filed: what they reported, when, and
    where it stands in a reporter's words (accepted, screened out, closed), not the file."""

    id: int
    state: ReportState
    created_at: dt.datetime
    urgent: bool
    harm_type: str
    place: Place
    child_description: str
    facts: str
    reporter_name: str
    reporter_organisation: str
    reporter_phone: str
    reported_by_id: int
    county_id: int
    receipt: bool = True
    actions: tuple = ()


def _receipt(case: ReportCase) -> ReportReceipt:
    return ReportReceipt(
        id=case.id,
        state=receipt_state(case.state),
        created_at=case.created_at,
        urgent=case.urgent,
        harm_type=case.harm_type,
        place=case.place,
        child_description=case.child_description,
        facts=case.facts,
        reporter_name=case.reporter_name,
        reporter_organisation=case.reporter_organisation,
        reporter_phone=case.reporter_phone,
        reported_by_id=case.reported_by_id,
        county_id=case.county_id,
    )


def read(actor: Actor, case_id: int) -> ReportRecord | ReportReceipt:
    """The case file for protection staff of its place, the receipt for its reporter (a
    reporter who also sees the file gets the file); anyone else is refused as for the file."""
    snapshot = engine.load(REPORT, case_id)
    if not REPORT.visible(actor, snapshot) and follows(actor, snapshot):
        return _receipt(
            ReportCase.select(ReportCase, Place).join(Place).where(ReportCase.id == case_id).get()
        )
    return get_report(actor, case_id)


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
) -> tuple[list[ReportCase | ReportReceipt], int]:
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
    query = query.select_extend(Place).order_by(R.due_at.asc(nulls="LAST"), R.id)
    rows = [_row(actor, row) for row in query.paginate(page, per_page)]
    return rows, total


def _row(actor: Actor, case: ReportCase) -> ReportCase | ReportReceipt:
    """A listed case: the reports one only filed are listed as receipts."""
    return case if sees_file(actor, case.place.path) else _receipt(case)
