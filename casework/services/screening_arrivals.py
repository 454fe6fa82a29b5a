"""A child who arrives in a village during an open screening round (a file opened there, a
file moved there, a child back on the register or taken over from another county) makes the
village's part of the round not done again, until that child is screened and the village
declared done once more; the progress tables and the overdue reminder follow from the part
not being done (services/screening.py, reminders/screening.py).

Called inside the arriving change's own transaction, by the services that make it."""

from __future__ import annotations

import datetime as dt

from casework.models import Screening, ScreeningEntry, ScreeningVillage
from casework.rules.deadlines import local_date
from casework.services import audit
from casework.workflows.definition import Actor


def child_arrived(
    actor: Actor, child_id: int, place_id: int, now: dt.datetime
) -> list[int]:
    """Reopen the village's declared parts of the rounds open today (their first day
    reached, their last day not passed) that have not screened the child; returns the
    rounds' ids. Each reopening is one audit row on the round, naming the child."""
    today = local_date(now)
    parts = (
        ScreeningVillage.select(ScreeningVillage.id, ScreeningVillage.screening)
        .join(Screening, on=(ScreeningVillage.screening == Screening.id))
        .where(
            ScreeningVillage.place == place_id,
            ScreeningVillage.completed_at.is_null(False),
            Screening.starts_on <= today,
            Screening.ends_on >= today,
            ~_screened_already(child_id),
        )
        .order_by(ScreeningVillage.id)
    )
    reopened = []
    for part in parts:
        done = (
            ScreeningVillage.update(completed_at=None, completed_by=None)
            .where(ScreeningVillage.id == part.id, ScreeningVillage.completed_at.is_null(False))
            .execute()
        )
        if done:
            changes = {"completed": [place_id, None], "child": [None, child_id]}
            audit.record("screening", part.screening_id, "reopen_village", actor, now, changes)
            reopened.append(part.screening_id)
    return reopened


def _screened_already(child_id: int):
    """SQL: the round of the part (ScreeningVillage) has screened the child already: on its
    own file, or as the file opened for a family the round found needing one (filed_child)."""
    return ScreeningVillage.screening.in_(
        ScreeningEntry.select(ScreeningEntry.screening).where(
            (ScreeningEntry.child == child_id) | (ScreeningEntry.filed_child == child_id)
        )
    )
