"""Every reminder of the demo reaches someone who answers for it, in both counties."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import Reminder
from casework.services import demo
from casework.services.reminders import scan
from tests.conftest import ON_POSTGRES

pytestmark = [pytest.mark.slow, pytest.mark.skipif(ON_POSTGRES, reason="one demo load, SQLite")]
NOW = dt.datetime(2026, 12, 7, 2, 0)  # 10:00 in China


def test_every_demo_reminder_reaches_someone(database):
    demo.DemoLoader(NOW).run()
    summary = scan(NOW)
    assert summary.created > 100
    assert summary.unreachable == 0
    assert Reminder.select().where(Reminder.assignee.is_null()).count() == 0
    # every reminder reached its person just now: the grace has passed for none of them
    assert summary.escalated == 0
    later = scan(NOW + dt.timedelta(days=4))  # Fri 11 Dec: past Tue 8 and Wed 9
    assert later.escalated > 0
    escalated = Reminder.select().where(Reminder.escalated_at.is_null(False))
    assert escalated.where(Reminder.escalated_to.is_null()).count() == 0
