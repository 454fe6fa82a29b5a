"""A child who dropped out with nothing to bill: no payment will ever settle the application,
so the reviewer closes it with a reason once no month trained is unpaid and no open claim
bills it. Months trained and paid still settle it by themselves (docs/domain.md, "Settlement")."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Conflict, Invalid, NotPermitted
from casework.models import AuditEntry, Reminder
from casework.services import claims, rehab
from casework.services.reminders import scan
from tests.integration.claim_cases import audit, cost_all, draft, in_rehab, pay, submit

REASON = "入院后未实际参加训练即退出,无可结算月份"


def drop_out(world, application_id: int, last_month: str) -> None:
    staff = world.a.actor("institution_staff")
    rehab.act(staff, application_id, "report_dropout", now=world.now, reason="随父母外出务工",
              payload={"dropped_on": "2026-02-20", "last_month": last_month})  # fmt: skip


def close(world, application_id: int, role="reviewer", reason=REASON):
    return rehab.act(world.a.actor(role), application_id, "close_unbilled", now=world.now,
                     reason=reason)  # fmt: skip


def test_a_dropout_with_no_month_trained_is_closed_by_the_reviewer(world):
    application = in_rehab(world, months=())
    staff = world.a.actor("institution_staff")
    rehab.act(staff, application.id, "record_attendance", now=world.now,
              payload={"month": "2026-01", "days_attended": 0})  # fmt: skip
    drop_out(world, application.id, "2026-01")
    months_later = world.now + dt.timedelta(days=120)
    scan(months_later)  # nothing to nag about: no deadline, no attendance expected
    assert not Reminder.select().where(Reminder.entity_id == application.id).exists()
    with pytest.raises(NotPermitted):
        close(world, application.id, role="institution_staff")
    with pytest.raises(Invalid):
        close(world, application.id, reason=" ")
    outcome = close(world, application.id)
    assert (outcome.from_state, outcome.to_state) == ("dropped_out", "closed")
    row = AuditEntry.get(AuditEntry.action == "close_unbilled")
    assert (row.entity_id, row.reason) == (application.id, REASON)
    scan(months_later)
    assert not Reminder.select().where(Reminder.entity_id == application.id).exists()


def test_a_month_trained_and_unpaid_or_an_open_claim_keeps_it_open(world):
    application = in_rehab(world, months=("2026-01",))
    drop_out(world, application.id, "2026-01")
    claim = draft(world)
    with pytest.raises(Conflict, match="months trained are not paid"):
        close(world, application.id)
    staff = world.a.actor("institution_staff")  # the month was a mistake: corrected to none
    rehab.act(staff, application.id, "record_attendance", now=world.now,
              payload={"month": "2026-01", "days_attended": 0})  # fmt: skip
    with pytest.raises(Conflict, match=f"claim {claim.id} bills this application"):
        close(world, application.id)
    claims.act(staff, claim.id, "discard", now=world.now, reason="出勤记录有误")
    assert close(world, application.id).to_state == "closed"


def test_months_trained_and_paid_settle_a_dropout_even_with_a_device_never_handed_over(world):
    """A one-time item is billed on completion: a dropout never bills it, nor waits for it."""
    application = in_rehab(world, items=("training_limb", "mobility_aid"),
                           months=("2026-01", "2026-02"))  # fmt: skip
    drop_out(world, application.id, "2026-02")
    claim = draft(world)
    cost_all(world, claim.id)
    submit(world, claim.id)
    audit(world, claim.id)
    pay(world, claim.id)
    assert rehab.require(application.id).state == "settled"
