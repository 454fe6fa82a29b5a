"""Small helpers for the scheduler tests: local China times, reminder rows, driving cases."""

from __future__ import annotations

import datetime as dt

from casework.models import Reminder
from casework.rules.deadlines import CHINA
from casework.services import rehab
from tests.conftest import world_as_of
from tests.factories import World


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
    return world_as_of(now)


def application_in(world: World, state: str, **kw):
    application = world.application(**kw)
    world.advance(application.id, state)
    return rehab.require(application.id)


def attend(world: World, application_id: int, month: str, days: int, now: dt.datetime):
    staff = world.a.actor("institution_staff")
    payload = {"month": month, "days_attended": days}
    return rehab.act(staff, application_id, "record_attendance", now=now, payload=payload)


def cover_every_place(world: World, now: dt.datetime) -> None:
    """A child director in every village and a supervisor in every township of both counties,
    for tests that count every rule's reminders, which coverage gaps would add to."""
    from casework.queries.coverage import REQUIRED
    from casework.services import accounts

    for county in (world.a, world.b):
        for place in [*county.townships, *county.villages]:
            accounts.create_user(
                None, username=f"cover-{place.id}", name=f"在岗{place.id}",
                role=REQUIRED[place.level], password="password-1", place_id=place.id, now=now,
            )  # fmt: skip
