"""The access log: who saw what, when and from where. Rows are only ever added; the
database refuses to change or delete them (migration 0006)."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import NotPermitted
from casework.models import AccessEntry, Institution, User
from casework.reminders.calendar_math import end_of_day, local_midnight
from casework.vocabulary import AccessAction, Role
from casework.workflows.definition import Actor


def actor_county(actor: Actor) -> int | None:
    """The county an actor works in: their place's, or their institution's."""
    if actor.county_id is not None:
        return actor.county_id
    if actor.institution_id:
        institution = Institution.get_or_none(id=actor.institution_id)
        return institution.county_id if institution else None
    return None


def record(
    actor: Actor,
    action: AccessAction,
    entity: str,
    entity_id: int | None,
    now: dt.datetime,
    *,
    county_id: int | None = None,
    client_address: str = "",
    detail: str = "",
) -> None:
    """Append one entry; `county_id` is the county whose record it is, when known."""
    own = actor_county(actor)
    with write_transaction():
        AccessEntry.create(
            at=now,
            user=actor.id,
            role=str(actor.role),
            action=str(action),
            entity=entity,
            entity_id=entity_id,
            county=county_id if county_id is not None else own,
            actor_county=own,
            client_address=(client_address or "")[:100],
            detail=(detail or "")[:500],
        )


def list_entries(
    admin: Actor,
    *,
    action: str | None = None,
    user_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[AccessEntry], int]:
    """The county's entries, newest first: on its records, or by its users (county admin);
    `since` and `until` are days in China time, both included."""
    if admin.role != Role.ADMIN or admin.county_id is None:
        raise NotPermitted("only a county admin reads the access log", code="admin_only")
    mine = admin.county_id
    query = (
        AccessEntry.select(AccessEntry, User)
        .left_outer_join(User, on=(AccessEntry.user == User.id))
        .where((AccessEntry.county == mine) | (AccessEntry.actor_county == mine))
    )
    if action:
        query = query.where(AccessEntry.action == action)
    if user_id:
        query = query.where(AccessEntry.user == user_id)
    if since:
        query = query.where(AccessEntry.at >= local_midnight(since))
    if until:
        query = query.where(AccessEntry.at < end_of_day(until))
    total = query.count()
    rows = list(query.order_by(AccessEntry.id.desc()).paginate(page, per_page))
    return rows, total
