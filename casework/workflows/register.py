"""The register's life: a child is on the register (被纳入关爱保护范围) from the day the file
is opened until they leave it, for one of four reasons, with the day; a child can come back
on with a reason, and a child who moved to another county that uses this service is taken
over by that county (the same file moves, with its history). Nothing is deleted.

The workflow runs on the child's file itself (`Child.state`): its audit rows are the file's
(entity "child"), so leaving and coming back are in the file's history beside every other
change. Leaving stops the regular visits and their reminders (reminders/visits.py,
services/visit_schedule.py read `state`). The scheduler's birthday job (services/register.py)
takes a child off on the eighteenth birthday.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from peewee import ModelSelect

from casework.models import Child, Place
from casework.vocabulary import Role
from casework.workflows import register_payloads as p
from casework.workflows import register_steps as step
from casework.workflows.definition import Action, Actor, Case, Workflow


class RegisterState(StrEnum):
    ON_REGISTER = "on_register"
    OFF_REGISTER = "off_register"


S = RegisterState
KEEPERS = frozenset({Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER})
REVIEWERS = frozenset({Role.CHILD_SUPERVISOR, Role.CASE_WORKER})  # the supervisor's review
# who sees the register: everyone who sees children's files in an area (not institutions)
READERS = KEEPERS | {Role.LEADER, Role.INTAKE_CLERK, Role.REVIEWER, Role.ADMIN}


def _action(
    name: str, sources: Iterable[str], dest: str | None, roles: Iterable[Role], **kw: Any
) -> Action:
    return Action(name, tuple(sources), dest, frozenset(roles), **kw)


ACTIONS = (
    _action(
        "leave_moved_out",
        (S.ON_REGISTER,),
        S.OFF_REGISTER,
        KEEPERS,
        payload=p.MovedOutPayload,
        party=step.own_area,
        effect=step.moved_out,
        doc="moved out of the county: where to, and the county that may take the file over",
    ),
    _action(
        "leave_died",
        (S.ON_REGISTER,),
        S.OFF_REGISTER,
        KEEPERS,
        payload=p.LeftOnPayload,
        party=step.own_area,
        effect=step.died,
        doc="the child died",
    ),
    _action(
        "leave_out_of_difficulty",
        (S.ON_REGISTER,),
        S.OFF_REGISTER,
        REVIEWERS,
        needs_reason=True,
        payload=p.LeftOnPayload,
        party=step.own_area,
        effect=step.out_of_difficulty,
        doc="no longer in difficulty: the supervisor's decision after review, with why",
    ),
    _action(
        "come_of_age",
        (S.ON_REGISTER,),
        S.OFF_REGISTER,
        {Role.SYSTEM},
        effect=step.came_of_age,
        doc="the scheduler, on the eighteenth birthday (or its first run after)",
    ),
    _action(
        "back_on",
        (S.OFF_REGISTER,),
        S.ON_REGISTER,
        REVIEWERS,
        needs_reason=True,
        party=step.own_area,
        effect=step.back_on,
        doc="back on the register, with why (a child under eighteen)",
    ),
    _action(
        "take_over",
        (S.OFF_REGISTER,),
        S.ON_REGISTER,
        {Role.CASE_WORKER},
        payload=p.TakeOverPayload,
        party=step.receiving_county,
        effect=step.take_over,
        doc="the county the child moved to takes the file over, into one of its villages",
    ),
)
LEAVING = frozenset(a.name for a in ACTIONS if a.dest == S.OFF_REGISTER)


def visible(actor: Actor, case: Case) -> bool:
    """The child's area; and the county a child moved to, while the file waits for it."""
    if actor.role == Role.SYSTEM:
        return True
    if actor.role not in READERS:
        return False
    if step.own_area(actor, case):
        return True
    return (
        case.state == S.OFF_REGISTER
        and actor.role in {Role.CASE_WORKER, Role.LEADER}
        and step.receiving_county(actor, case)
    )


def _county_of_village(village_id: Any) -> ModelSelect:
    """The county of a child's village (a scalar subquery: the parent of its township)."""
    village, township = Place.alias("village"), Place.alias("township")
    return (
        township.select(township.parent)
        .join(village, on=(village.parent == township.id))
        .where(village.id == village_id)
    )


def snapshot() -> ModelSelect:
    c = Child
    return c.select(
        c.id,
        c.state,
        c.version,
        c.due_at,
        _county_of_village(c.place).alias("county_id"),
        Place.path.alias("place_path"),
        c.left_reason,
        c.moved_to_county.alias("moved_to_county_id"),
    ).join(Place, on=(c.place == Place.id))


REGISTER = Workflow(
    name="child",
    model=Child,
    states=RegisterState,
    initial=S.ON_REGISTER,
    actions=ACTIONS,
    deadlines={},
    visible=visible,
    snapshot=snapshot,
)
