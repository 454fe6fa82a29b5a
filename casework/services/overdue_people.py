"""Overdue work by named person, for the county's leader: the open reminders of the county
by whom they are assigned to now, the most first (an unassigned one under nobody's name)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from casework.models import Reminder, User
from casework.services.county_statistics import county_of
from casework.workflows.definition import Actor


@dataclass(frozen=True)
class PersonLine:
    name: str  # "" where the reminders reach nobody
    role: str
    count: int
    escalated: int


def by_person(actor: Actor, limit: int = 10) -> list[PersonLine]:
    escalated = fn.SUM(Reminder.escalated_at.is_null(False).cast("INTEGER"))
    rows = (
        Reminder.select(User.name, User.role, fn.COUNT(Reminder.id), escalated)
        .join(User, JOIN.LEFT_OUTER, on=(Reminder.assignee == User.id))
        .where(Reminder.county == county_of(actor), Reminder.state == "open")
        .group_by(User.id, User.name, User.role)
        .order_by(fn.COUNT(Reminder.id).desc(), User.name)
        .limit(limit)
        .tuples()
    )
    return [PersonLine(name or "", role or "", n, int(e or 0)) for name, role, n, e in rows]
