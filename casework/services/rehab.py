"""Rehab-aid applications: submission, listing in scope, the full record, and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from casework.errors import FieldError, Invalid, not_found
from casework.models import (
    Agreement,
    ApplicationItem,
    Attendance,
    Child,
    DropoutReport,
    Institution,
    Place,
    Referral,
    RehabApplication,
    RehabPlan,
)
from casework.queries import aid_received, child_scope, eligibility
from casework.services import audit, children
from casework.vocabulary import DocumentKind, Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.rehab import REHAB

A = RehabApplication


def submit_application(
    actor: Actor, data: dict, now: dt.datetime, *, for_report_case: int | None = None
) -> RehabApplication:
    """File an application in `submitted`, with eligibility evaluated for the reviewer: the
    rehab workflow's `submit` (engine.create). A county case worker may file one from a
    mandatory-report case (`for_report_case`); the audit row names the case."""
    context = {"report_case": for_report_case} if for_report_case else {}
    return engine.create(REHAB, actor, data, now=now, **context).case.record


act = engine.acting(REHAB)


@dataclass
class ApplicationRecord:
    """One application with everything its page shows."""

    application: RehabApplication
    open_actions: list[str]
    history: list

    def __getattr__(self, name):
        return getattr(self.application, name)

    @property
    def aid_items(self) -> list[str]:
        return aid_items_of([self.application.id]).get(self.application.id, [])

    @property
    def documents(self) -> dict[str, bool]:
        return documents(self.application)

    @property
    def referrals(self) -> list[Referral]:
        return list(
            Referral.select(Referral, Institution)
            .join(Institution)
            .where(Referral.application == self.application.id)
            .order_by(Referral.id)
        )

    @property
    def agreement(self) -> Agreement | None:
        return Agreement.get_or_none(Agreement.application == self.application.id)

    @property
    def plan(self) -> RehabPlan | None:
        return RehabPlan.get_or_none(RehabPlan.application == self.application.id)

    @property
    def attendance_records(self) -> list[Attendance]:
        return list(
            Attendance.select()
            .where(Attendance.application == self.application.id)
            .order_by(Attendance.month)
        )

    @property
    def dropout(self) -> DropoutReport | None:
        return DropoutReport.get_or_none(DropoutReport.application == self.application.id)

    @property
    def aid_years(self) -> list[aid_received.AidYear]:
        return aid_received.received([self.application.id])


def aid_items_of(application_ids: list[int]) -> dict[int, list[str]]:
    """The aid items of several applications in one query, by application id."""
    found: dict[int, list[str]] = {i: [] for i in application_ids}
    rows = (
        ApplicationItem.select(ApplicationItem.application, ApplicationItem.aid_item)
        .where(ApplicationItem.application.in_(application_ids))
        .order_by(ApplicationItem.id)
        .tuples()
    )
    for application_id, item in rows:
        found[application_id].append(item)
    return found


def get_application(actor: Actor, application_id: int) -> ApplicationRecord:
    case = engine.load_visible(REHAB, application_id, actor)
    application = case.record
    return ApplicationRecord(
        application, REHAB.open_actions(actor, case), audit.history(REHAB.name, application_id)
    )


def scoped(actor: Actor, query=None):
    # not `query or ...`: a query's truth runs it, and an empty one fell back to A.select(),
    # dropping the caller's join (the attendance grid of an institution without cases, a 500)
    query = (A.select() if query is None else query).join(Place, on=(A.place == Place.id))
    if actor.role == Role.SYSTEM:
        return query
    if actor.role == Role.INSTITUTION_STAFF:
        mine = actor.institution_id
        return query.where((A.institution == mine) | (A.submitted_by_institution == mine))
    if actor.role in child_scope.NO_FILES:
        return query.where(A.id.is_null())
    query = query.where(Place.path.startswith(actor.place_path or "-"))
    # the county's own applications first (index county, state): by the village's path
    # alone, a state's applications were read across the province, then sifted by village
    county = actor.county_id
    return query if county is None else query.where(A.county == county)


def list_applications(
    actor: Actor,
    *,
    now: dt.datetime,
    state: str | None = None,
    place_id: int | None = None,
    institution_id: int | None = None,
    overdue: bool | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[RehabApplication], int]:
    query = scoped(actor, A.select(A, Child).join_from(A, Child))
    if state:
        query = query.where(A.state == state)
    if place_id:
        place = Place.get_or_none(id=place_id)
        if place is None:
            no_such = FieldError("no such place", code="no_such_place")
            raise Invalid("unknown place", {"place_id": [no_such]}, code="unknown_place")
        query = query.where(Place.path.startswith(place.path))
    if institution_id:
        query = query.where(A.institution == institution_id)
    if overdue is True:
        query = query.where(A.due_at < now)
    elif overdue is False:
        query = query.where(A.due_at.is_null() | (A.due_at >= now))
    total = query.count()
    rows = list(query.order_by(A.due_at.asc(nulls="LAST"), A.id).paginate(page, per_page))
    return rows, total


def attendance(actor: Actor, application_id: int) -> list[Attendance]:
    engine.load_visible(REHAB, application_id, actor)
    return list(
        Attendance.select()
        .where(Attendance.application == application_id)
        .order_by(Attendance.month)
    )


def aid_history(actor: Actor, child_id: int) -> list[aid_received.AidYear]:
    """What the child received across aid years, from the applications the actor may see
    (the child's file must be in the actor's scope)."""
    children.get_child(actor, child_id)
    mine = scoped(actor, A.select(A.id)).where(A.child == child_id)
    return aid_received.received([app for (app,) in mine.tuples()])


def dropout_reports(actor: Actor) -> list[DropoutReport]:
    query = DropoutReport.select(DropoutReport, A).join(A, JOIN.INNER)
    return list(scoped(actor, query).order_by(DropoutReport.reported_at.desc()))


def documents(application: RehabApplication) -> dict[str, bool]:
    received = eligibility.received_documents(application)
    return {k.value: k.value in received for k in DocumentKind}


def require(application_id: int) -> RehabApplication:
    application = A.get_or_none(id=application_id)
    if application is None:
        raise not_found("rehab application", application_id)
    return application
