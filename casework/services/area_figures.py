"""The figures of one's own area on the home page of the township's child supervisor and the
village's child director: the children on the register, the visits due and overdue today and
those made this month (and of them, made before they were overdue), the latest screening
round's progress, and the report cases and transfers still open there.

Counts only: the transfers of the area are counted for the director too, who does not read
them (a number names nobody). "Not overdue" (未超期): a visit made by the day the child's
regular visit was due (from the visit before it, or the day the file was opened), as the visit
schedule dates it (services/visit_schedule.py); a follow-up visit of a report case without a
child's file, by its monitoring cadence from the visit before it or the day monitoring began.

It is not the dashboard's visits-on-time rate (按时走访率, services/rates_as_of.py), which
counts the calendar months or quarters a child owed a visit in and those with one, a period
only once it is over: the month still running owes nothing there, so the rate of "this month"
would be empty until it ends. This figure counts the visits made, as they are made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from casework.models import Child, Place, ReportCase, Transfer, Visit
from casework.rules import visits as rules
from casework.rules.deadlines import local_date
from casework.services import screening, visit_schedule
from casework.vocabulary import Role
from casework.workflows.definition import Actor
from casework.workflows.register import RegisterState
from casework.workflows.report import OPEN, REPORT
from casework.workflows.transfer import TRANSFER

ROLES = frozenset({Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR})


@dataclass(frozen=True)
class Screening:
    title: str
    villages: int  # the area's villages in the round
    completed: int  # of them, completed
    children: int  # on the register in those villages
    screened: int  # of them, screened


@dataclass(frozen=True)
class AreaFigures:
    on_register: int  # children on the register in the area
    in_difficulty: int  # of them, in difficulty
    visits_due: int  # today, not yet overdue
    visits_overdue: int
    visits_made: int  # this month, to today (regular and follow-up visits)
    visits_not_overdue: int  # of them, made by the day they were due (not the rates' on time)
    screening: Screening | None  # the latest round begun, if any
    open_reports: int  # report cases neither closed nor screened out
    open_transfers: int  # transfers not closed


def _in_area(column, actor: Actor):
    return column.in_(Place.select(Place.id).where(Place.path.startswith(actor.place_path or "-")))


def of_area(actor: Actor, today: dt.date) -> AreaFigures | None:
    """The figures of the actor's area on `today`; None for the other roles."""
    if actor.role not in ROLES or not actor.place_path:
        return None
    on_register = Child.select().where(
        _in_area(Child.place, actor), Child.state == RegisterState.ON_REGISTER.value
    )
    in_difficulty = on_register.where(fn.LENGTH(Child.categories) > 2)  # not "[]"
    due = visit_schedule.due_visits(actor, today)
    overdue = sum(1 for d in due if d.status == rules.Status.OVERDUE)
    made, not_overdue = _visits_this_month(actor, today)
    closed_reports = [str(s) for s in REPORT.terminal]
    closed_transfers = [str(s) for s in TRANSFER.terminal]
    return AreaFigures(
        on_register=on_register.count(),
        in_difficulty=in_difficulty.count(),
        visits_due=len(due) - overdue,
        visits_overdue=overdue,
        visits_made=made,
        visits_not_overdue=not_overdue,
        screening=_screening(actor, today),
        open_reports=ReportCase.select()
        .where(_in_area(ReportCase.place, actor), ReportCase.state.not_in(closed_reports))
        .count(),
        open_transfers=Transfer.select()
        .where(_in_area(Transfer.place, actor), Transfer.state.not_in(closed_transfers))
        .count(),
    )


def _visits_this_month(actor: Actor, today: dt.date) -> tuple[int, int]:
    """The regular and follow-up visits made in the area this month, and how many of them
    were made before they were overdue."""
    policy = visit_schedule.policy_for(actor, today)
    first = rules.period_start(today, rules.Period.MONTH)
    made = list(
        Visit.select(Visit.id, Visit.child, Visit.case, Visit.visited_on)
        .where(
            _in_area(Visit.place, actor),
            Visit.kind.in_(rules.COUNTS_AS_REGULAR),
            Visit.visited_on.between(first, today),
        )
        .tuples()
    )
    children = {child for _, child, _, _ in made if child}
    cases = {case for _, child, case, _ in made if case and not child}
    earlier: dict[tuple[str, int], list[tuple[dt.date, int]]] = {}
    if children:
        for child, day, visit_id in (
            Visit.select(Visit.child, Visit.visited_on, Visit.id)
            .where(Visit.child.in_(children), Visit.kind.in_(rules.COUNTS_AS_REGULAR))
            .tuples()
        ):
            earlier.setdefault(("child", child), []).append((day, visit_id))
    if cases:
        for case, day, visit_id in (
            Visit.select(Visit.case, Visit.visited_on, Visit.id)
            .where(Visit.case.in_(cases), Visit.child.is_null())
            .tuples()
        ):
            earlier.setdefault(("case", case), []).append((day, visit_id))
    files = {
        c.id: c
        for c in Child.select(Child.id, Child.created_at, Child.categories).where(
            Child.id.in_(children or {0})
        )
    }
    open_report = {
        child
        for (child,) in ReportCase.select(ReportCase.child)
        .where(ReportCase.child.in_(children or {0}), ReportCase.state.in_(list(OPEN)))
        .tuples()
    }
    monitoring_since = {
        case: local_date(entered)
        for case, entered in ReportCase.select(ReportCase.id, ReportCase.state_entered_at)
        .where(ReportCase.id.in_(cases or {0}))
        .tuples()
    }
    not_overdue = 0
    for visit_id, child, case, day in made:
        key = ("child", child) if child else ("case", case)
        before = [d for d, v in earlier.get(key, []) if (d, v) < (day, visit_id)]
        if child:
            anchor = max(before, default=local_date(files[child].created_at))
            period = rules.regular_period(
                files[child].categories or [], child in open_report, policy
            )
            due = rules.regular_due(anchor, period, day)
        else:
            due = rules.monitoring_due(max(before, default=monitoring_since[case]), day, policy)
        not_overdue += due.status != rules.Status.OVERDUE
    return len(made), not_overdue


def _screening(actor: Actor, today: dt.date) -> Screening | None:
    """The latest round begun by today, over the area's villages."""
    begun = [s for s in screening.list_screenings(actor) if s.starts_on <= today]
    if not begun:
        return None
    found = screening.progress(actor, begun[0].id, today)
    villages = found.villages
    return Screening(
        title=found.screening.title,
        villages=len(villages),
        completed=sum(1 for v in villages if v.completed_at is not None),
        children=sum(v.children for v in villages),
        screened=sum(v.screened for v in villages),
    )
