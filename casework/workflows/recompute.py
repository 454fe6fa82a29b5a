"""Open deadlines recomputed when the working-day calendar changes (a year entered or
corrected by the admin): the only change to a case's deadline outside an action.

A working-day deadline stored on a case counted so many working days from the day the case
entered its state (`state_entered_at`). When a day between then and the due day changes
(a holiday entered, a swapped weekend worked), the same number of working days is counted
again on the new calendar from the same day. Counting again what was counted keeps the
amount the case was given, even if the county's policy has changed since (a new policy
applies only to cases entering a state afterwards). A deadline whose window holds no
changed day is left alone, so a second run with the same calendar changes nothing.

Left alone too: calendar-day deadlines (the county's policy for the state says so), a
deadline not ending at a local midnight (not a day count), and one due before the case
entered its state (counted from an earlier day, like a claim drafted late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casework.rules.calendar import WorkCalendar
from casework.rules.deadlines import Unit, day_start, due_day, local_date
from casework.workflows.definition import SYSTEM, Workflow
from casework.workflows.engine import write_audit
from casework.workflows.policy import deadline_for

ACTION = "recompute_deadline"


@dataclass(frozen=True)
class Recomputed:
    workflow: str
    case_id: int
    state: str
    old: dt.datetime
    new: dt.datetime
    version: int  # the case's version after the change


def recompute_deadlines(
    workflows: Iterable[Workflow],
    old: WorkCalendar,
    new: WorkCalendar,
    changed: list[dt.date],
    now: dt.datetime,
    reason: str,
) -> list[Recomputed]:
    """Recompute, audit (the system as actor, `reason`) and return every open deadline whose
    window holds one of the `changed` days. The caller holds the write transaction."""
    if not changed:
        return []
    days = set(changed)
    first, last = min(days), max(days)
    done = []
    for workflow in workflows:
        model = workflow.model
        rows = (
            model.select()
            .where(
                model.due_at.is_null(False),
                model.due_at > day_start(first),  # due on or after the first changed day
                model.state_entered_at < day_start(last + dt.timedelta(days=1)),
                model.state.not_in([str(s) for s in workflow.terminal]),
            )
            .order_by(model.id)
        )
        for row in rows:
            found = _recompute(workflow, row, old, new, days, now, reason)
            if found is not None:
                done.append(found)
    return done


def _recompute(
    workflow: Workflow,
    row: Any,  # a row of the workflow's case table
    old: WorkCalendar,
    new: WorkCalendar,
    changed: set[dt.date],
    now: dt.datetime,
    reason: str,
) -> Recomputed | None:
    state = str(row.state)
    default = workflow.deadline_for(state, row)
    if default is None:
        return None
    if deadline_for(getattr(row, "county_id", None), default).unit is not Unit.WORKDAYS:
        return None
    due_at: dt.datetime = row.due_at
    entered: dt.datetime = row.state_entered_at
    if due_at != day_start(local_date(due_at)):
        return None
    start, last = local_date(entered), due_day(due_at)
    if last <= start or not old.is_workday(last):
        return None
    if not any(start < day <= last for day in changed):
        return None
    new_day = new.add_workdays(start, old.workdays_between(start, last))
    if new_day == last:
        return None
    new_due = day_start(new_day + dt.timedelta(days=1))
    model, version = workflow.model, int(row.version)
    updated = (
        model.update(due_at=new_due, version=model.version + 1, updated_at=now)
        .where(model.id == row.id, model.version == version)
        .execute()
    )
    if not updated:  # changed meanwhile: its action set its deadline itself
        return None
    changes = {"due_at": [due_at.isoformat(), new_due.isoformat()]}
    write_audit(workflow.name, row.id, ACTION, state, state, version + 1, SYSTEM, now, reason,
                changes, due_at=new_due)  # fmt: skip
    return Recomputed(workflow.name, row.id, state, due_at, new_due, version + 1)
