"""Rehab-aid applications: submission, listing in scope, the full record, and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_found
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
from casework.queries import eligibility
from casework.queries.institutions import candidates
from casework.rules.deadlines import local_date
from casework.services import audit, children
from casework.vocabulary import AidItem, DocumentKind, Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.policy import deadline_for
from casework.workflows.rehab import REHAB, RehabState
from casework.workflows.rehab_steps import set_documents

A = RehabApplication


def submit_application(
    actor: Actor, data: dict, now: dt.datetime, *, for_report_case: int | None = None
) -> RehabApplication:
    """File an application in `submitted`, with eligibility evaluated for the reviewer.

    A county case worker may file one too, from a mandatory-report case (`for_report_case`)
    whose workflow has already checked their role and scope; the audit row names the case.
    """
    roles = REHAB.action("submit").roles | ({Role.CASE_WORKER} if for_report_case else set())
    if actor.role not in roles:
        raise NotPermitted(
            f"role {actor.role} may not submit applications",
            code="role_may_not",
            params={"role": str(actor.role), "workflow": REHAB.name, "action": "submit"},
        )
    child = children.linkable(actor, data.get("child_id"), id_number=data.get("id_number"))
    items = _items(data.get("items") or [])
    applied_on = data.get("applied_on") or local_date(now)
    if applied_on > local_date(now):
        raise Invalid(
            "application date in the future",
            {"applied_on": [FieldError("cannot be after today", code="in_future")]},
            code="applied_in_future",
        )
    preferred = data.get("preferred_institution_id")
    if preferred and preferred not in {
        c.institution.id for c in candidates(child.place.county_id, items, child.place)
    }:
        raise Invalid(
            "that institution does not offer these items",
            {
                "preferred_institution_id": [
                    FieldError("must offer every aid item", code="institution_lacks_items")
                ]
            },
            code="institution_lacks_items",
        )
    with write_transaction():
        application = A.create(
            child=child.id,
            county=child.place.county_id,
            place=child.place_id,
            state=RehabState.SUBMITTED,
            state_entered_at=now,
            applied_on=applied_on,
            aid_year=applied_on.year,
            applicant_name=data["applicant_name"],
            applicant_relation=data["applicant_relation"],
            submitted_by=actor.id,
            submitted_by_institution=actor.institution_id,
            preferred_institution=preferred,
            diagnosis=data.get("diagnosis", ""),
            due_at=deadline_for(
                child.place.county_id, REHAB.deadlines[RehabState.SUBMITTED]
            ).due_at(now),
            created_at=now,
            updated_at=now,
        )
        ApplicationItem.insert_many(
            [{"application": application.id, "aid_item": i} for i in items]
        ).execute()
        set_documents(application, data.get("documents_received") or [])
        application.eligibility = eligibility.assess(application)
        application.save()
        changes = {
            "child": [None, child.id],
            "items": [None, items],
            "eligible": [None, application.eligibility["eligible"]],
        }
        if for_report_case:
            changes["report_case"] = [None, for_report_case]
        engine.write_audit(
            REHAB.name,
            application.id,
            "submit",
            None,
            RehabState.SUBMITTED,
            1,
            actor,
            now,
            "",
            changes,
        )
    return application


def _items(values: list[str]) -> list[str]:
    errors = [v for v in values if v not in set(AidItem)]
    if not values or errors or len(set(values)) != len(values):
        if errors:
            message = FieldError(
                f"unknown: {', '.join(errors)}", code="unknown_values", params={"values": errors}
            )
        else:
            message = FieldError("one or more distinct aid items", code="distinct_aid_items")
        raise Invalid("aid items are not valid", {"items": [message]}, code="invalid_aid_items")
    return values


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
    query = (query or A.select()).join(Place, on=(A.place == Place.id))
    if actor.role == Role.SYSTEM:
        return query
    if actor.role == Role.INSTITUTION_STAFF:
        mine = actor.institution_id
        return query.where((A.institution == mine) | (A.submitted_by_institution == mine))
    return query.where(Place.path.startswith(actor.place_path or "-"))


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
