"""A mail outage and the reminders' course are visible: e-mail sent, failed and deferred,
escalations, resolutions and unreachable reminders counted; each job's last success and the
leader on the scheduler's /metrics; /healthz degraded once mail has failed too long."""

from __future__ import annotations

import datetime as dt

import pytest
from prometheus_client import REGISTRY, generate_latest

from casework.models import JobHeartbeat, User
from casework.services import health, rehab
from casework.services.reminders import scan
from casework.settings import Settings
from jobs import metrics, tasks
from tests.jobs import smtp
from tests.jobs.helpers import application_in, china, world_at
from tests.ports import free_port

RAISED = china("2026-03-10 09:00")
ESCALATES = china("2026-03-13 09:00")  # reached Tue 10: grace Wed 11, Thu 12


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def world(database):
    world = world_at(china("2026-03-02 10:00"))
    for key in ("institution_staff", "reviewer"):
        User.update(email=f"{key}@a.example.cn").where(User.id == world.a.users[key].id).execute()
    world.referred = [application_in(world, "referred"), application_in(world, "referred")]
    return world


@pytest.fixture
def server():
    controller, received, port = smtp.start()
    yield received, port
    controller.stop()


def settings_for(port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_sender="casework@example.cn")


def test_escalations_and_resolutions_are_counted_by_rule(world):
    rule = "rehab.referral_answer"
    escalated = sample("casework_reminders_escalated_total", rule=rule)
    resolved = sample("casework_reminders_resolved_total", rule=rule)
    scan(RAISED)
    assert scan(ESCALATES).escalated == 2
    assert sample("casework_reminders_escalated_total", rule=rule) == escalated + 2
    staff = world.a.actor("institution_staff")
    rehab.act(staff, world.referred[0].id, "accept_referral", now=ESCALATES)
    assert scan(ESCALATES + dt.timedelta(minutes=1)).resolved == 1
    assert sample("casework_reminders_resolved_total", rule=rule) == resolved + 1


def test_mail_sent_failed_and_deferred_are_counted(world, server):
    received, port = server
    scan(RAISED)
    scan(ESCALATES)  # the staff's two, and their escalation to the reviewer: two batches
    names = [("reminders", o) for o in ("sent", "failed", "deferred")]
    before = {o: sample("casework_mail_messages_total", kind=k, outcome=o) for k, o in names}

    def after(outcome):
        return sample("casework_mail_messages_total", kind="reminders", outcome=outcome)

    down = settings_for(free_port())  # nobody listens: every send fails
    assert tasks.send_email(down, ESCALATES) == 0
    assert after("failed") == before["failed"] + 2
    answers = iter([True, False])  # the lead is lost after the first batch
    assert tasks.send_email(settings_for(port), ESCALATES, leading=lambda: next(answers)) == 1
    assert (after("sent"), after("deferred")) == (before["sent"] + 1, before["deferred"] + 1)
    assert tasks.send_email(settings_for(port), ESCALATES) == 1
    assert after("sent") == before["sent"] + 2 and len(received.messages) == 2


def test_healthz_is_degraded_once_mail_has_failed_too_long(world, server):
    received, port = server
    scan(RAISED)
    down = settings_for(free_port())
    limits = {"heartbeat_max_age": 10**9, "mail_failure_max_age": 1800}
    tasks.send_email(down, RAISED)
    beat = JobHeartbeat.get(JobHeartbeat.job == "reminders.email")
    assert beat.ok and beat.mail_failing_since is not None  # the job ran; its mail did not
    started = beat.mail_failing_since
    tasks.send_email(down, RAISED + dt.timedelta(minutes=10))
    assert JobHeartbeat.get(JobHeartbeat.job == "reminders.email").mail_failing_since == started
    soon = health.check(started + dt.timedelta(minutes=29), **limits)
    assert soon.as_dict()["status"] == "ok" and soon.checks["mail"]["ok"]
    late = health.check(started + dt.timedelta(minutes=31), **limits)
    assert late.ok and late.as_dict()["status"] == "degraded"  # still fit to serve
    assert late.checks["mail"]["jobs"] == ["reminders.email"]
    assert late.checks["mail"]["failing_for_s"] == 31 * 60
    tasks.send_email(settings_for(port), RAISED + dt.timedelta(minutes=40))  # mail is back
    assert JobHeartbeat.get(JobHeartbeat.job == "reminders.email").mail_failing_since is None
    back = health.check(started + dt.timedelta(minutes=41), **limits)
    assert back.as_dict()["status"] == "ok"


def test_the_scheduler_metrics_say_who_leads_and_when_each_job_last_succeeded(world):
    metrics.register()
    metrics.register()  # once per process, however often asked
    metrics.leading(False)
    assert sample("casework_scheduler_leader") == 0
    metrics.leading(True)
    assert sample("casework_scheduler_leader") == 1
    tasks.scan_reminders(RAISED)
    ended = JobHeartbeat.get(JobHeartbeat.job == "reminders.scan").last_ok_at
    text = generate_latest(REGISTRY).decode()
    stamp = ended.replace(tzinfo=dt.UTC).timestamp()
    line = f'casework_job_last_success_timestamp_seconds{{job="reminders.scan"}} {stamp:.10e}'
    assert line.split(" ")[0] in text
    assert sample("casework_job_last_success_timestamp_seconds", job="reminders.scan") == stamp
