"""E-mail over SMTP to a real server on loopback: per-run messages, the daily digest,
nothing sent twice, nothing lost when the server is down, and off by default."""

from __future__ import annotations

import logging

import pytest

from casework.models import Reminder, User
from casework.services import inbox as inbox_service
from casework.services import mail
from casework.services.reminders import scan
from casework.settings import Settings
from tests.jobs import smtp
from tests.jobs.helpers import application_in, china, world_at

RAISED = china("2026-03-10 09:00")  # the referral answers overdue since today
OVERDUE = china("2026-03-24 09:00")  # referral answers long overdue, review since today


@pytest.fixture
def server():
    controller, received, port = smtp.start(user="mailer", password="s3cret")
    yield received, port
    controller.stop()


@pytest.fixture
def world(database):
    world = world_at(china("2026-03-02 10:00"))
    for key in ("institution_staff", "reviewer", "leader"):
        User.update(email=f"{key}@a.example.cn").where(User.id == world.a.users[key].id).execute()
    application_in(world, "referred")
    application_in(world, "referred")
    world.application()
    scan(RAISED)
    scan(OVERDUE)
    return world


def settings_for(port: int, **kw) -> Settings:
    values = dict(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="casework@county.example.cn")
    values |= dict(smtp_user="mailer", smtp_password="s3cret") | kw
    return Settings(**values)


def test_email_is_off_by_default(world):
    assert not Settings().email_enabled
    assert not Settings.from_env({}).email_enabled
    assert mail.deliver(Settings(), OVERDUE) == 0
    assert Reminder.select().where(Reminder.emailed_at.is_null(False)).count() == 0


def test_each_user_gets_one_message_with_what_is_new_and_never_twice(world, server):
    received, port = server
    assert mail.deliver(settings_for(port), OVERDUE) == 2  # the staff and the reviewer
    [staff] = received.to("institution_staff@a.example.cn")
    assert staff["From"] == "casework@county.example.cn"
    assert staff["Subject"] == "[casework] 2 条待办提醒"
    body = staff.get_content()
    assert body.count("转介未答复超期") == 2 and "期限 2026-03-09" in body
    [reviewer] = received.to("reviewer@a.example.cn")
    text = reviewer.get_content()
    assert "康复救助申请审核超期" in text and "已提交给您督办" in text  # staff's, escalated
    assert mail.deliver(settings_for(port), OVERDUE) == 0
    assert len(received.messages) == 2
    # the review reached the reviewer on Tue 24: it escalates to the leader once the grace has
    # run out (Wed 25 and Thu 26)
    scan(china("2026-03-27 09:00"))
    assert mail.deliver(settings_for(port), china("2026-03-27 09:05")) == 1
    assert "审核超期" in received.to("leader@a.example.cn")[0].get_content()


def test_digest_users_get_one_message_a_day(world, server):
    received, port = server
    staff = world.a.actor("institution_staff")
    inbox_service.set_digest(staff, True, OVERDUE)
    assert mail.deliver(settings_for(port), OVERDUE) == 1  # only the reviewer
    assert received.to("institution_staff@a.example.cn") == []
    assert mail.digest(settings_for(port), OVERDUE) == 1
    [digest] = received.to("institution_staff@a.example.cn")
    assert digest["Subject"] == "[casework] 2026-03-24 待办提醒汇总：2 条"
    assert mail.digest(settings_for(port), china("2026-03-24 18:00")) == 0  # same day
    assert mail.digest(settings_for(port), china("2026-03-25 08:00")) == 1  # still open
    assert len(received.to("institution_staff@a.example.cn")) == 2


def test_a_failed_send_marks_nothing_and_is_retried(world, server, caplog):
    received, port = server
    dead = settings_for(smtp.free_port())
    with caplog.at_level(logging.ERROR, logger="casework.services.mail"):
        assert mail.deliver(dead, OVERDUE) == 0
    assert "will retry" in caplog.text
    assert Reminder.select().where(Reminder.emailed_at.is_null(False)).count() == 0
    assert mail.deliver(settings_for(port), OVERDUE) == 2


def test_wrong_credentials_are_a_failure_not_a_crash(world, server):
    received, port = server
    # the refused login ends in a read timeout with the loopback server (one per user): a
    # short one keeps the test from waiting 2 x 10 s
    wrong = settings_for(port, smtp_password="wrong", smtp_timeout=1.0)
    assert mail.deliver(wrong, OVERDUE) == 0
    assert received.messages == []


def _also_escalated_to_its_assignee(world) -> Reminder:
    """One of the staff's reminders escalated to the staff member too (assignee and escalation
    target at once), as a hand-made row: the routing never chooses it, the e-mail must cope."""
    staff = world.a.users["institution_staff"].id
    reminder = Reminder.select().where(Reminder.assignee == staff).order_by(Reminder.id).first()
    Reminder.update(escalated_at=OVERDUE, escalated_to=staff, escalation_emailed_at=None).where(
        Reminder.id == reminder.id
    ).execute()
    return reminder


def test_a_reader_who_is_assignee_and_escalation_target_sees_the_item_once(world, server):
    received, port = server
    reminder = _also_escalated_to_its_assignee(world)
    assert mail.deliver(settings_for(port), OVERDUE) == 2
    [staff] = received.to("institution_staff@a.example.cn")
    assert staff["Subject"] == "[casework] 2 条待办提醒"
    body = staff.get_content()
    assert body.count(f"#{reminder.entity_id}，") == 1 and "已提交给您督办" not in body
    # both sendings are recorded: the escalation does not come back on its own next run
    again = Reminder.get_by_id(reminder.id)
    assert again.emailed_at is not None and again.escalation_emailed_at is not None
    assert mail.deliver(settings_for(port), OVERDUE) == 0


def test_a_digest_lists_an_item_once_for_its_assignee_and_escalation_target(world, server):
    received, port = server
    reminder = _also_escalated_to_its_assignee(world)
    inbox_service.set_digest(world.a.actor("institution_staff"), True, OVERDUE)
    assert mail.digest(settings_for(port), OVERDUE) == 1
    [digest] = received.to("institution_staff@a.example.cn")
    assert digest["Subject"] == "[casework] 2026-03-24 待办提醒汇总：2 条"
    assert digest.get_content().count(f"#{reminder.entity_id}，") == 1
