"""An approved application not entered in the national system within the county's working
days after approval (none until the county sets them): one reminder, to the federation's
reviewer; recording the entry resolves it; a withdrawn or unapproved one raises nothing."""

from __future__ import annotations

import datetime as dt

from casework.rules.county_policy import ENTRY_WORKDAYS, Kind
from casework.services import county_policy, national_entry, rehab
from casework.services.reminders import scan
from tests.jobs.helpers import application_in, china, rows

RULE = "rehab.national_entry"
ENTRY = {"entered_on": dt.date(2026, 3, 17), "reference": "NR-330127-0001"}


def set_days(world, days: int) -> None:
    county_policy.set_value(world.a.actor("admin"), None, Kind.NATIONAL_ENTRY, ENTRY_WORKDAYS,
                            days, dt.date(2026, 3, 2), world.now)  # fmt: skip


def test_not_entered_ten_working_days_after_approval_is_reminded(world):
    set_days(world, 10)
    application = application_in(world, "approved")  # Monday 2 March, 10:00
    # ten working days after Monday 2 March: Monday 16 March, to the end of the day
    assert scan(china("2026-03-16 23:59")).created == 0
    assert scan(china("2026-03-17 00:01")).created == 1
    (reminder,) = rows(RULE)
    assert (reminder.entity_id, reminder.instance) == (application.id, "entry")
    assert reminder.due_at == china("2026-03-17 00:00")
    assert reminder.assignee_id == world.a.users["reviewer"].id
    assert scan(china("2026-03-18 10:00")).created == 0  # not raised twice
    national_entry.record(world.a.actor("reviewer"), application.id, ENTRY,
                          china("2026-03-18 10:00"))  # fmt: skip
    scan(china("2026-03-18 11:00"))
    assert [r.state for r in rows(RULE)] == ["resolved"]


def test_an_entry_in_time_raises_nothing(world):
    set_days(world, 10)
    application = application_in(world, "referred")  # approved, then referred on
    national_entry.record(world.a.actor("reviewer"), application.id,
                          {**ENTRY, "entered_on": dt.date(2026, 3, 2)}, world.now)  # fmt: skip
    scan(china("2026-04-01 10:00"))
    assert rows(RULE) == []


def test_none_until_the_county_sets_the_working_days(world):
    application_in(world, "approved")
    scan(china("2026-06-01 10:00"))
    assert rows(RULE) == []


def test_the_county_sets_the_working_days(world):
    application_in(world, "approved")
    set_days(world, 3)
    scan(china("2026-03-05 23:00"))  # Thursday: 3 working days after
    assert rows(RULE) == []
    scan(china("2026-03-06 00:01"))
    assert [r.due_at for r in rows(RULE)] == [china("2026-03-06 00:00")]


def test_a_withdrawn_or_unapproved_application_is_not_reminded(world):
    set_days(world, 10)
    waiting = world.application()  # submitted, never approved
    approved = application_in(world, "approved")
    rehab.act(world.a.actor("intake_clerk"), approved.id, "withdraw", now=world.now,
              reason="家长撤回")  # fmt: skip
    scan(china("2026-04-01 10:00"))
    assert rows(RULE) == []
    assert rehab.require(waiting.id).state == "submitted"
