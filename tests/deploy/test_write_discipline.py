"""Every write transaction of the services and the engine goes through
casework.db.write_transaction(), which on SQLite also queues the writer on the file lock; a
bare db.atomic() there would let a writer meet SQLite's busy back-off again."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from casework.db import db
from casework.errors import Unauthenticated
from casework.models import Reminder
from casework.services import (
    access_log,
    accounts,
    heartbeat,
    inbox,
    public_reports,
    reminders,
    sign_in,
    tokens,
)
from casework.vocabulary import AccessAction
from tests.conftest import NOW
from tests.factories import build_world

CASEWORK = Path(__file__).resolve().parents[2] / "casework"
BARE = re.compile(r"\bdb\.atomic\(")


def test_services_and_workflows_write_through_write_transaction():
    offenders = [
        f"{path.relative_to(CASEWORK.parent)}:{number}"
        for folder in ("services", "workflows", "reminders")
        for path in sorted((CASEWORK / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BARE.search(line)
    ]
    assert offenders == [], "use casework.db.write_transaction() instead of db.atomic()"


WRITE = re.compile(r"\s*(WITH\b.*?\b)?(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE | re.DOTALL)


class _Watched:
    """A driver cursor whose statements are checked before they run. Every statement passes
    a cursor (peewee's execute_sql, the engine's execute_prepared, execute_many); on
    PostgreSQL a prepared statement runs as EXECUTE, so SQLite's run is the one that sees all."""

    def __init__(self, cursor, check):
        self._cursor, self._check = cursor, check

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)

    def execute(self, sql, *params):
        self._check(sql)
        return self._cursor.execute(sql, *params)

    def executemany(self, sql, rows):
        self._check(sql)
        return self._cursor.executemany(sql, rows)


@pytest.fixture
def bare_writes(database, monkeypatch) -> list[str]:
    """The write statements run outside any transaction. The test above rules out a bare
    db.atomic(), so a write inside a transaction is inside write_transaction(); one outside
    takes SQLite's lock on its own and can meet the busy back-off again."""
    found = []
    target, cursor = db.obj, db.obj.cursor

    def check(sql):
        if isinstance(sql, str) and WRITE.match(sql) and not target.in_transaction():
            found.append(" ".join(sql.split()[:3]))

    monkeypatch.setattr(target, "cursor", lambda *a, **k: _Watched(cursor(*a, **k), check))
    return found


def test_the_services_write_nothing_outside_a_transaction(bare_writes):
    """The factories' world (places, users, tokens), a rehab application from submission to
    closure through a paid claim, and the services that write beside the workflows."""
    world = build_world(NOW)
    application = world.application()
    world.advance(application.id, "closed")
    clerk, admin = world.a.actor("intake_clerk"), world.a.actor("admin")
    later = NOW + dt.timedelta(days=60)
    world.application()
    assert reminders.scan(later).created
    reminder = Reminder.select().order_by(Reminder.id).first()
    inbox.mark_read(accounts.actor_for(reminder.assignee), reminder.id, later)
    row, _ = tokens.issue(clerk, later, label="laptop", days=30)
    tokens.revoke(clerk, row.id, later)
    accounts.issue_token(world.a.users["reviewer"], later)
    teacher = world.a.users["teacher"].id
    accounts.set_active(admin, teacher, False, later)
    accounts.reset_password(admin, teacher, "handed-over", later)
    policy = sign_in.LockPolicy()
    with pytest.raises(Unauthenticated):
        sign_in.sign_in("330127-reviewer", "wrong password", later, policy=policy)
    sign_in.sign_in("330127-reviewer", "password-1", later, policy=policy)
    public_reports.public_filer(world.a.county.id, later)
    access_log.record(admin, AccessAction.EXPORT, "child", None, later)
    heartbeat.started("reminders.scan", later, "test")
    heartbeat.finished("reminders.scan", later, True, "done", 0.1)
    assert bare_writes == []
