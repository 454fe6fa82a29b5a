"""An approved application not entered in the national system within the county's working
days after approval (10 unless set): one reminder, to the federation's reviewer; recording the
entry resolves it; the county sets the days; a closed application is no one's task."""

from __future__ import annotations

import datetime as dt

from casework.rules.county_policy import ENTRY_WORKDAYS, Kind
from casework.services import county_policy, national_entry, rehab
from casework.services.reminders import scan
from tests.jobs.helpers import application_in, china, rows

RULE = "rehab.national_entry"
ENTRY = {"entered_on": dt.date(2026, 3, 17), "reference": "NR-330127-0001"}


def test_not_entered_ten_working_days_after_approval_is_reminded(world):
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
    application = application_in(world, "referred")  # approved, then referred on
    national_entry.record(world.a.actor("reviewer"), application.id,
                          {**ENTRY, "entered_on": dt.date(2026, 3, 2)}, world.now)  # fmt: skip
    scan(china("2026-04-01 10:00"))
    assert rows(RULE) == []


def test_the_county_sets_the_working_days(world):
    application_in(world, "approved")
    county_policy.set_value(world.a.actor("admin"), None, Kind.NATIONAL_ENTRY, ENTRY_WORKDAYS,
                            3, dt.date(2026, 3, 2), world.now)  # fmt: skip
    scan(china("2026-03-05 23:00"))  # Thursday: 3 working days after
    assert rows(RULE) == []
    scan(china("2026-03-06 00:01"))
    assert [r.due_at for r in rows(RULE)] == [china("2026-03-06 00:00")]


def test_a_withdrawn_or_unapproved_application_is_not_reminded(world):
    waiting = world.application()  # submitted, never approved
    approved = application_in(world, "approved")
    rehab.act(world.a.actor("intake_clerk"), approved.id, "withdraw", now=world.now,
              reason="家长撤回")  # fmt: skip
    scan(china("2026-04-01 10:00"))
    assert rows(RULE) == []
    assert rehab.require(waiting.id).state == "submitted"
