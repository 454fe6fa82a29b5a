"""A deadline's date is the same wherever it is shown: the inbox page, the API and the
e-mail say the day it ended on in China, also for deadlines right around local midnight."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.dates import format_date

from casework.models import Reminder
from casework.services import inbox, mail
from tests.conftest import NOW
from tests.jobs.helpers import china

# deadline (wall clock in China) -> the day it belongs to: one ending at local midnight is
# the day before's
AROUND_MIDNIGHT = {
    "2026-09-30 23:59:59": "2026-09-30",
    "2026-10-01 00:00:00": "2026-09-30",
    "2026-10-01 00:00:01": "2026-10-01",
    "2026-09-30 16:00:00": "2026-09-30",  # 08:00 UTC: no day boundary in either zone
    "2026-10-01 07:59:59": "2026-10-01",  # still 30 September in UTC
}


@pytest.mark.parametrize("deadline", sorted(AROUND_MIDNIGHT))
def test_the_inbox_the_api_and_the_email_give_one_date(deadline, world, as_role, pages):
    staff = world.a.users["institution_staff"]
    reminder = Reminder.create(
        rule="rehab.referral_answer", entity="rehab", entity_id=1, instance=deadline,
        county=world.a.county.id, due_at=china(deadline), severity="warning",
        assignee=staff.id, reached_at=NOW, created_at=NOW,
    )  # fmt: skip
    expected = dt.date.fromisoformat(AROUND_MIDNIGHT[deadline])
    assert inbox.due_on(reminder) == expected

    line = mail._line(reminder)
    assert re.search(r"期限 (\S+)$", line).group(1) == expected.isoformat()

    token = world.a.token("institution_staff")
    client = pages.test_client()
    body = client.get("/api/v1/inbox", headers={"Authorization": f"Bearer {token}"}).get_json()
    [item] = body["items"]
    assert item["due_on"] == expected.isoformat()

    page = as_role("institution_staff").text("/inbox")
    shown = format_date(expected, "medium", locale="zh_CN")
    other = format_date(expected + dt.timedelta(days=1), "medium", locale="zh_CN")
    assert shown in page and other not in page
