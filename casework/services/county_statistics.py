"""Figures a county leader reads at a glance: children aided against the target, cases per
state, overdue work per responsible party. Read-only; scoped to the actor's county."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from peewee import fn

from casework.errors import NotPermitted
from casework.models import ApplicationItem, Child, Institution, RehabApplication, Reminder
from casework.services.rates_as_of import AIDED_STATES
from casework.vocabulary import AidItem, DisabilityType
from casework.workflows.definition import Actor, Workflow
from casework.workflows.rehab import REHAB, RehabState

A = RehabApplication
S = RehabState
# Who must act when an application in this state runs past its deadline.
REVIEWERS_ACT = (S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.APPROVED)
INSTITUTION_ACTS = (S.REFERRED, S.ACCEPTED, S.AGREED)


@dataclass(frozen=True)
class AidedFigures:
    year: int
    target: int
    children: int
    by_disability: dict[str, int]
    by_item: dict[str, int]

    @property
    def percent_of_target(self) -> int:
        return round(100 * self.children / self.target) if self.target else 0


@dataclass(frozen=True)
class OverdueLine:
    party: str  # "reviewers" or "institution"
    name: str  # the institution's name; "" for the county's reviewers
    count: int


def county_of(actor: Actor) -> int:
    if actor.county_id is None:
        raise NotPermitted("county figures are for users of a county", code="county_users_only")
    return actor.county_id


def aided(actor: Actor, year: int, target: int) -> AidedFigures:
    """Distinct children granted aid in the aid year, by disability type and aid item."""
    county = county_of(actor)
    rows = list(
        A.select(A.child, Child.disability_types)
        .join(Child)
        .where(A.county == county, A.aid_year == year, A.state.in_(AIDED_STATES))
        .distinct()
        .tuples()
    )
    disabilities: Counter[str] = Counter()
    for _, types in {child: types for child, types in rows}.items():
        disabilities.update(set(types or []))
    items = Counter(
        dict(
            ApplicationItem.select(ApplicationItem.aid_item, fn.COUNT(ApplicationItem.id))
            .join(A)
            .where(A.county == county, A.aid_year == year, A.state.in_(AIDED_STATES))
            .group_by(ApplicationItem.aid_item)
            .tuples()
        )
    )
    return AidedFigures(
        year=year,
        target=target,
        children=len({child for child, _ in rows}),
        by_disability={d.value: disabilities.get(d.value, 0) for d in DisabilityType},
        by_item={i.value: items.get(i.value, 0) for i in AidItem},
    )


def per_state(actor: Actor) -> dict[str, int]:
    """Applications of the county now in each state of the workflow (every state listed)."""
    return count_per_state(A, REHAB.states, county_of(actor))


def cases_per_state(workflow: Workflow, actor: Actor) -> dict[str, int]:
    """The workflow's cases of the actor's county now in each of its states (every state
    listed): its model has a county, as every case's has."""
    return count_per_state(workflow.model, workflow.states, county_of(actor))


def count_per_state(model, states: type[StrEnum], county: int) -> dict[str, int]:
    """Rows of `model` (a case with a state and a county) in each of `states`, 0 for none."""
    query = model.select(model.state, fn.COUNT(model.id)).where(model.county == county)
    counts = dict(query.group_by(model.state).tuples())
    return {str(state): counts.get(str(state), 0) for state in states}


def overdue(actor: Actor, now: dt.datetime) -> list[OverdueLine]:
    """Applications past their deadline, by who must act on them, most overdue first."""
    county = county_of(actor)
    late = A.select(A.state, A.institution, fn.COUNT(A.id)).where(
        A.county == county, A.due_at < now
    )
    lines: Counter = Counter()
    for state, institution_id, count in late.group_by(A.state, A.institution).tuples():
        if state in REVIEWERS_ACT:
            lines[("reviewers", None)] += count
        elif state in INSTITUTION_ACTS and institution_id:
            lines[("institution", institution_id)] += count
    names = {
        i.id: i.name
        for i in Institution.select().where(
            Institution.id.in_([i for _, i in lines if i is not None])
        )
    }
    result = [OverdueLine(party, names.get(i, ""), n) for (party, i), n in lines.items()]
    return sorted(result, key=lambda line: (-line.count, line.name))


def unreachable_reminders(actor: Actor) -> int:
    """Open reminders of the county that reach nobody who answers for them (only the county
    admin, or no one): someone must be appointed where those cases lie."""
    return (
        Reminder.select()
        .where(
            Reminder.county == county_of(actor),
            Reminder.state == "open",
            Reminder.unreachable == True,  # noqa: E712
        )
        .count()
    )
