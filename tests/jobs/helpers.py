"""Small helpers for the scheduler tests: local China times, reminder rows, driving cases."""

from __future__ import annotations

import datetime as dt

from casework.models import Reminder
from casework.rules.deadlines import CHINA
from casework.services import rehab
from tests.factories import World, build_world


def china(text: str) -> dt.datetime:
    """A wall-clock time in China ("2026-03-12 23:59:59") as the naive UTC we store."""
    local = dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def rows(rule: str | None = None, state: str | None = None) -> list[Reminder]:
    query = Reminder.select().order_by(Reminder.id)
    if rule:
        query = query.where(Reminder.rule == rule)
    if state:
        query = query.where(Reminder.state == state)
    return list(query)


def world_at(now: dt.datetime) -> World:
    return build_world(now)


def application_in(world: World, state: str, **kw):
    application = world.application(**kw)
    world.advance(application.id, state)
    return rehab.require(application.id)


def attend(world: World, application_id: int, month: str, days: int, now: dt.datetime):
    staff = world.a.actor("institution_staff")
    payload = {"month": month, "days_attended": days}
    return rehab.act(staff, application_id, "record_attendance", now=now, payload=payload)
