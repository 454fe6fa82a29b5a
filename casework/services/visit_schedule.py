"""Which visits are due and overdue, per user (docs/domain.md, "Visits").

Each kind of visit is one grouped query over the user's area that already leaves out what
cannot be due (a child visited this period); the pure rules in casework.rules.visits then
date the few rows left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Case, fn

from casework.clock import stored_date
from casework.models import Child, HomeEducation, Place, ReportCase, Visit
from casework.queries import child_scope, county_policy
from casework.reminders.visits import monthly_visits
from casework.rules import visits as rules
from casework.rules.deadlines import local_date
from casework.services import reports
from casework.vocabulary import Role, VisitKind
from casework.workflows.definition import Actor
from casework.workflows.register import RegisterState
from casework.workflows.report import OPEN, ReportState

# What each role is shown; supervisors and leaders oversee every kind in their area.
KINDS_BY_ROLE = {
    Role.CHILD_DIRECTOR: (VisitKind.REGULAR, VisitKind.MONITORING),
    Role.CASE_WORKER: (VisitKind.MONITORING, VisitKind.REGULAR),
    Role.CHILD_SUPERVISOR: tuple(VisitKind),
    Role.LEADER: tuple(VisitKind),
    Role.TEACHER: (VisitKind.HOME_EDUCATION,),
    Role.SYSTEM: tuple(VisitKind),
}


@dataclass(frozen=True)
class DueVisit:
    kind: str
    status: str
    due_on: dt.date
    child_id: int | None
    child_name: str
    case_id: int | None
    place_id: int
    place_name: str
    last_visit: dt.date | None
    detail: dict


def due_visits(
    actor: Actor,
    today: dt.date,
    *,
    kind: str | None = None,
    policy: rules.VisitPolicy | None = None,
) -> list[DueVisit]:
    """The visits due and overdue in the actor's area, overdue first, then by date, by the
    visit cadence of the actor's county on `today` (or `policy`)."""
    policy = policy or policy_for(actor, today)
    kinds = KINDS_BY_ROLE.get(actor.role, ())
    if kind:
        kinds = tuple(k for k in kinds if k == kind)
    found: list[DueVisit] = []
    if VisitKind.REGULAR in kinds:
        found += _regular(actor, today, policy)
    if VisitKind.MONITORING in kinds:
        found += _monitoring(actor, today, policy)
    if VisitKind.HOME_EDUCATION in kinds:
        found += _home_education(actor, today, policy)
    return sorted(found, key=lambda d: (d.status != rules.Status.OVERDUE, d.due_on, d.place_id))


def policy_for(actor: Actor, today: dt.date) -> rules.VisitPolicy:
    """The visit cadence in force on `today` in the actor's county (the default for the
    system, which spans counties)."""
    return county_policy.visit_policy_of(actor.county_id, today)


def _area(actor: Actor, query):
    if actor.role == Role.SYSTEM:
        return query
    if actor.role in child_scope.NO_FILES:
        return query.where(Place.id.is_null())
    return query.where(Place.path.startswith(actor.place_path or "-"))


def _regular(actor: Actor, today: dt.date, policy: rules.VisitPolicy) -> list[DueVisit]:
    found = []
    for row in _regular_query(actor, today, policy).objects():
        last_visit = stored_date(row.last_visit)
        period = rules.regular_period(row.categories, bool(row.open_report), policy)
        due = rules.regular_due(last_visit or local_date(row.created_at), period, today)
        if due.status != rules.Status.SCHEDULED:
            detail = {"period": period.value}
            found.append(_item(VisitKind.REGULAR, due, row, None, last_visit, detail))
    return found


def _regular_query(actor: Actor, today: dt.date, policy: rules.VisitPolicy):
    """Registered children of the area not visited in this period (month or quarter)."""
    month = rules.period_start(today, rules.Period.MONTH)
    quarter = rules.period_start(today, rules.Period.QUARTER)
    last = (
        Visit.select(fn.MAX(Visit.visited_on))
        .where(Visit.child == Child.id, Visit.kind.in_(rules.COUNTS_AS_REGULAR))
        .alias("last_visit")
    )
    open_report = fn.EXISTS(
        ReportCase.select(ReportCase.id).where(
            ReportCase.child == Child.id, ReportCase.state.in_(OPEN)
        )
    )
    monthly = monthly_visits(Child, open_report, policy)
    anchor = fn.COALESCE(last, fn.DATE(Child.created_at))
    # a day's margin: created_at is UTC, the rule counts in China's dates
    not_visited = (anchor < quarter + dt.timedelta(days=1)) | (
        monthly & (anchor < month + dt.timedelta(days=1))
    )
    # counted as anything (categories: the one source) or with an open case
    registered = (fn.LENGTH(Child.categories) > 2) | open_report  # not "[]"
    registered &= Child.state == RegisterState.ON_REGISTER.value  # off it: no more visits
    columns: tuple[Any, ...] = (Child.id, Child.name, Child.place, Child.created_at,
                                Child.categories)  # fmt: skip
    columns += (Place.name.alias("place_name"), last, open_report.alias("open_report"))
    query = Child.select(*columns).join(Place).where(registered & not_visited)
    return _area(actor, query)


def _monitoring(actor: Actor, today: dt.date, policy: rules.VisitPolicy) -> list[DueVisit]:
    last = Visit.select(fn.MAX(Visit.visited_on)).where(Visit.case == ReportCase.id)
    query = (
        reports.scoped(
            actor,
            ReportCase.select(
                ReportCase.id,
                ReportCase.child,
                ReportCase.place,
                ReportCase.state_entered_at,
                Child.name.alias("child_name"),
                Place.name.alias("place_name"),
                last.alias("last_visit"),
            ),
        )
        .join_from(ReportCase, Child, JOIN.LEFT_OUTER)
        .where(ReportCase.state == ReportState.MONITORING)
    )
    found = []
    for row in query.objects():
        entered = local_date(row.state_entered_at)
        last_visit = stored_date(row.last_visit)
        anchor = max(last_visit, entered) if last_visit else entered
        due = rules.monitoring_due(anchor, today, policy)
        if due.status != rules.Status.SCHEDULED:
            child = (row.child_id, row.child_name or "")
            found.append(_item(VisitKind.MONITORING, due, row, row.id, last_visit, {}, child))
    return found


def home_education_standings(
    actor: Actor,
    today: dt.date,
    policy: rules.VisitPolicy | None = None,
    *,
    enrolment_id: int | None = None,
) -> dict[int, rules.HomeEducationDue]:
    """Where each child taught at home in the actor's area (a teacher: the children they
    teach) stands today against the minimum, by enrolment id; only `enrolment_id`'s if given."""
    policy = policy or policy_for(actor, today)
    query = _home_education_query(actor, today, policy)
    if enrolment_id is not None:
        query = query.where(HomeEducation.id == enrolment_id)
    return {row.id: _standing(row, today, policy) for row in query.objects()}


def _standing(row, today: dt.date, policy: rules.VisitPolicy) -> rules.HomeEducationDue:
    return rules.home_education_due(
        started_on=stored_date(row.started_on),
        today=today,
        visits_this_month=int(row.this_month or 0),
        visits_last_month=int(row.last_month or 0),
        hours_this_year=int(row.hours or 0),
        policy=policy,
    )


def _home_education(actor: Actor, today: dt.date, policy: rules.VisitPolicy) -> list[DueVisit]:
    found = []
    for row in _home_education_query(actor, today, policy).objects():
        standing = _standing(row, today, policy)
        if standing.status == rules.Status.SCHEDULED:
            continue
        due = rules.Due(standing.due_on, standing.status)
        detail = {
            "visits_this_month": standing.visits_this_month,
            "visits_needed": standing.visits_needed,
            "last_month_short": standing.last_month_short,
            "hours_this_year": standing.hours_this_year,
            "hours_needed": standing.hours_needed,
        }
        child, last_visit = (row.child_id, row.child_name), stored_date(row.last_visit)
        found.append(_item(VisitKind.HOME_EDUCATION, due, row, None, last_visit, detail, child))
    return found


def _home_education_query(actor: Actor, today: dt.date, policy: rules.VisitPolicy):
    """Each child taught at home with this month's and last month's qualifying visits and
    this school year's class hours, in one grouped query."""
    month = today.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)
    year_start, _ = rules.school_year(today)
    qualifying = Visit.class_hours >= policy.home_hours_a_visit
    this_month = (Visit.visited_on >= month) & qualifying
    previous = (Visit.visited_on >= last_month) & (Visit.visited_on < month) & qualifying
    visits_on = (
        (Visit.child == HomeEducation.child)
        & (Visit.kind == VisitKind.HOME_EDUCATION)
        & (Visit.visited_on >= min(last_month, year_start))
        & (Visit.visited_on <= today)
    )
    query = (
        HomeEducation.select(
            HomeEducation.id,
            HomeEducation.started_on,
            Child.id.alias("child_id"),
            Child.name.alias("child_name"),
            Place.id.alias("place_id"),
            Place.name.alias("place_name"),
            fn.MAX(Visit.visited_on).alias("last_visit"),
            fn.SUM(Case(None, [(this_month, 1)], 0)).alias("this_month"),
            fn.SUM(Case(None, [(previous, 1)], 0)).alias("last_month"),
            fn.SUM(Case(None, [(Visit.visited_on >= year_start, Visit.class_hours)], 0)).alias(
                "hours"
            ),
        )
        .join(Child)
        .join(Place)
        .join_from(HomeEducation, Visit, JOIN.LEFT_OUTER, on=visits_on)
        .where(HomeEducation.running(today))
        .group_by(HomeEducation.id, Child.id, Place.id)
    )
    return home_education_scope(actor, query)


def home_education_scope(actor: Actor, query):
    """The enrolments an actor sees, on a query joined to the child's Place: a teacher those
    they teach, anyone else those of their area."""
    if actor.role == Role.TEACHER:
        return query.where(HomeEducation.teacher == actor.id)
    return _area(actor, query)


def _item(kind, due, row, case_id, last_visit, detail, child=None) -> DueVisit:
    child_id, child_name = child or (row.id, row.name)
    return DueVisit(
        kind.value,
        due.status.value,
        due.due_on,
        child_id,
        child_name,
        case_id,
        row.place_id,
        row.place_name,
        last_visit,
        detail,
    )
