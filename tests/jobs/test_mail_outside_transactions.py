"""E-mail is sent outside any transaction: a stalled mail server never holds up a web write,
two senders (an old leader and a new one) send each reminder once, and a sender that lost the
lead stops before its next batch."""

from __future__ import annotations

import threading
import time

import pytest

from casework.db import db
from casework.models import Reminder, User
from casework.services import inbox as inbox_service
from casework.services import mail
from casework.services.reminders import scan
from casework.settings import Settings
from tests.jobs import smtp
from tests.jobs.helpers import application_in, china, world_at

RAISED = china("2026-03-10 09:00")  # the referral answers overdue since today
OVERDUE = china("2026-03-24 09:00")
ADDRESSES = ("institution_staff@a.example.cn", "reviewer@a.example.cn")


@pytest.fixture
def world(database):
    world = world_at(china("2026-03-02 10:00"))
    for key in ("institution_staff", "reviewer", "leader"):
        User.update(email=f"{key}@a.example.cn").where(User.id == world.a.users[key].id).execute()
    application_in(world, "referred")
    application_in(world, "referred")
    scan(RAISED)
    scan(OVERDUE)
    return world


@pytest.fixture
def stalling():
    controller, received, port = smtp.start_stalling()
    yield received, port
    received.release.set()
    controller.stop()


@pytest.fixture
def plain():
    controller, received, port = smtp.start()
    yield received, port
    controller.stop()


def settings_for(port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="casework@example.cn")


def _in_thread(port: int, result: dict) -> threading.Thread:
    def run():
        with db.connection_context():
            result["sent"] = mail.deliver(settings_for(port), OVERDUE)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_stalled_mail_server_does_not_hold_up_a_web_write(world, stalling):
    received, port = stalling
    result: dict = {}
    sender = _in_thread(port, result)
    assert received.stalled.wait(10)  # the sender waits on the server's answer
    reviewer = world.a.actor("reviewer")
    reminder = Reminder.select().where(Reminder.assignee == reviewer.id).first()
    reminder = reminder or Reminder.select().where(Reminder.escalated_to == reviewer.id).get()
    started = time.perf_counter()
    inbox_service.mark_read(reviewer, reminder.id, OVERDUE)  # a write, as the web makes it
    took = time.perf_counter() - started
    assert sender.is_alive() and not received.release.is_set()  # still stalled meanwhile
    assert Reminder.get_by_id(reminder.id).read_at == OVERDUE
    assert took < 0.1
    received.release.set()
    sender.join(10)
    assert result["sent"] == 2 and len(received.messages) == 2


def test_two_senders_send_each_message_once(world, stalling, plain):
    stalled, stalled_port = stalling
    fresh, fresh_port = plain
    result: dict = {}
    old_leader = _in_thread(stalled_port, result)
    assert stalled.stalled.wait(10)  # holds its first user's batch, unanswered
    # the new leader sends what the old one has not claimed, and skips what it has
    assert mail.deliver(settings_for(fresh_port), OVERDUE) == 1
    stalled.release.set()
    old_leader.join(10)
    assert result["sent"] == 1
    for address in ADDRESSES:
        assert len(stalled.to(address)) + len(fresh.to(address)) == 1, address
    assert mail.deliver(settings_for(fresh_port), OVERDUE) == 0
    assert Reminder.select().where(Reminder.emailed_at.is_null()).count() == 0


def test_a_sender_that_lost_the_lead_stops_before_its_next_batch(world, plain):
    received, port = plain
    answers = iter([True, False])
    assert mail.deliver(settings_for(port), OVERDUE, lambda: next(answers)) == 1
    assert len(received.messages) == 1
    assert mail.deliver(settings_for(port), OVERDUE, lambda: False) == 0
    assert mail.deliver(settings_for(port), OVERDUE) == 1  # the rest, once


def test_a_claim_left_by_a_dead_sender_is_taken_over_after_its_lease(world, plain):
    received, port = plain
    Reminder.update(email_claimed_at=OVERDUE, escalation_email_claimed_at=OVERDUE).execute()
    assert mail.deliver(settings_for(port), OVERDUE) == 0  # someone is sending them
    later = OVERDUE + mail.CLAIM_LEASE + mail.CLAIM_LEASE
    assert mail.deliver(settings_for(port), later) == 2
