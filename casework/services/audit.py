"""Reading and writing the audit log for records that are not workflow cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import JOIN

from casework.models import AuditEntry, User
from casework.workflows.definition import Actor
from casework.workflows.engine import write_audit


def diff(record, values: dict[str, Any]) -> dict[str, list]:
    """Set `values` on a peewee record; return {field: [old, new]} for those that changed."""
    changes = {}
    for name, new in values.items():
        old = getattr(record, name)
        if old != new:
            changes[name] = [plain(old), plain(new)]
            setattr(record, name, new)
    return changes


def record(
    entity: str,
    record_id: int,
    action: str,
    actor: Actor,
    now: dt.datetime,
    changes: dict,
    version: int = 1,
    reason: str = "",
) -> None:
    write_audit(entity, record_id, action, None, None, version, actor, now, reason, changes)


def history(entity: str, record_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.select(AuditEntry, User)
        .join(User, join_type=JOIN.LEFT_OUTER)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id)
    )


def plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return getattr(value, "id", value)
