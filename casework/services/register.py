"""The register's life (workflows/register.py): leaving, coming back, the county a child
moved to taking the file over, the eighteenth-birthday job, and counts by status."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from peewee import fn

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid
from casework.models import Child, Place
from casework.queries import child_scope
from casework.rules.deadlines import local_date
from casework.rules.family import born_by
from casework.services.screening_arrivals import child_arrived
from casework.vocabulary import LeaveReason, Role
from casework.workflows import engine
from casework.workflows.definition import SYSTEM, Actor
from casework.workflows.engine import Outcome
from casework.workflows.register import LEAVING, REGISTER, RegisterState

log = logging.getLogger(__name__)
ADULT_AT = 18


def act(actor: Actor, child_id: int, action: str, **options: Any) -> Outcome:
    """One action on the register (engine.perform); leaving a register the child has left
    already is bad input, answered naming the day it left (nothing written)."""
    if action in LEAVING:
        case = engine.load_visible(REGISTER, child_id, actor)
        if case.state == RegisterState.OFF_REGISTER:
            record = case.record
            left = FieldError(
                "the child left the register already",
                code="already_off_register",
                params={"left_on": str(record.left_on), "reason": str(record.left_reason)},
            )
            raise Invalid(
                "the child is off the register already",
                {"left_on": [left]},
                code="already_off_register",
            )
    if action not in ARRIVING:
        return engine.perform(REGISTER, child_id, action, actor, **options)
    with write_transaction():  # the child arrives in a village: an open screening learns it
        outcome = engine.perform(REGISTER, child_id, action, actor, **options)
        child = Child.get_by_id(child_id)
        child_arrived(actor, child.id, child.place_id, options["now"])
    return outcome


# the actions that put a child (back) on the register of a village
ARRIVING = frozenset({"back_on", "take_over"})


def take_off_adults(now: dt.datetime) -> list[int]:
    """The scheduler's birthday job: every child on the register who is eighteen today (or
    turned eighteen while the scheduler was down) leaves it, each in its own transaction,
    dated on the birthday. Run again, it finds nobody: a child already off is not touched."""
    due = (
        Child.select(Child.id)
        .where(
            Child.state == RegisterState.ON_REGISTER,
            Child.birth_date <= born_by(local_date(now), ADULT_AT),
        )
        .order_by(Child.id)
    )
    done = []
    for (child_id,) in due.tuples():
        try:
            engine.perform(REGISTER, child_id, "come_of_age", SYSTEM, now=now)
        except Conflict:  # changed meanwhile (a clerk took the child off): nothing to do
            log.info("child %s: changed meanwhile, skipped", child_id)
            continue
        done.append(child_id)
    return done


def counts(actor: Actor) -> dict[str, Any]:
    """Children in the actor's scope by register state, and those off it by reason."""
    scoped = child_scope.scoped(actor, Child.select(Child.state, Child.left_reason))
    by_state = {str(s): 0 for s in RegisterState}
    by_reason = {str(r): 0 for r in LeaveReason}
    rows = (
        scoped.select(Child.state, Child.left_reason, fn.COUNT(Child.id))
        .group_by(Child.state, Child.left_reason)
        .tuples()
    )
    for state, reason, n in rows:
        by_state[state] = by_state.get(state, 0) + n
        if state == RegisterState.OFF_REGISTER and reason:
            by_reason[reason] = by_reason.get(reason, 0) + n
    return {"by_state": by_state, "off_by_reason": by_reason}


def awaiting_take_over(actor: Actor) -> list[Child]:
    """Files of children who moved to the actor's county from another, not yet taken over."""
    if actor.county_id is None or actor.role not in {Role.CASE_WORKER, Role.LEADER}:
        return []
    return list(
        Child.select(Child, Place)
        .join(Place, on=(Child.place == Place.id))
        .where(
            Child.moved_to_county == actor.county_id,
            Child.state == RegisterState.OFF_REGISTER,
            Child.left_reason == LeaveReason.MOVED_OUT,
        )
        .order_by(Child.left_on.desc(), Child.id)
    )
