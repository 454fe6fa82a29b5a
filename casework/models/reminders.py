"""Reminders of missed deadlines, the county's deadline policy, e-mail preferences and the
scheduler's heartbeat.

A reminder is keyed by (rule, entity, entity_id, instance): the scans insert with
"on conflict do nothing", so running a scan twice, or in two processes at once, can never
create the same reminder twice.
"""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from casework.models.base import BaseModel
from casework.models.county_policy import PolicyVersion
from casework.models.places import Place
from casework.models.users import User


class DeadlinePolicy(BaseModel):
    """A county's override of one named deadline default (docs/domain.md, "Time limits")."""

    county = ForeignKeyField(Place, backref="+", on_delete="CASCADE")
    name = CharField()  # a Deadline.name, e.g. "review", or "escalation_grace"
    amount = IntegerField()
    unit = CharField()  # rules.deadlines.Unit
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("county", "name"), True),)


class Reminder(BaseModel):
    rule = CharField()  # e.g. "rehab.review", "rehab.attendance_missing"
    entity = CharField()  # the workflow or record kind of the subject, e.g. "rehab"
    entity_id = IntegerField()
    instance = CharField()  # which due instance: the deadline, or the month, as text
    county = ForeignKeyField(Place, null=True, backref="+", on_delete="CASCADE")
    subject_state = CharField(null=True)  # the subject's state when the reminder was raised
    due_at = DateTimeField()  # the deadline that passed (UTC)
    severity = CharField()  # rules.reminders.Severity
    # who holds the responsibility now: routed again on every scan (casework.reminders.scope)
    assignee = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    # when the reminder was routed to its assignee: the escalation grace counts from it
    reached_at = DateTimeField(null=True)
    # nobody answers for it where the case lies: it went to the county admin (or, with no
    # admin either, to nobody) and the dashboard counts it
    unreachable = BooleanField(default=False)
    state = CharField(default="open")  # open, resolved
    created_at = DateTimeField()
    resolved_at = DateTimeField(null=True)
    read_at = DateTimeField(null=True)
    # no longer written: a snooze is each person's own (ReminderSnooze)
    snoozed_until = DateTimeField(null=True)
    snooze_reason = TextField(default="")
    # closed by a person rather than by the scan: "done" or "not_applicable", by whom, why
    closed_as = CharField(null=True)
    closed_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    close_reason = TextField(null=True)  # nullable: the scans insert without it
    escalated_at = DateTimeField(null=True)
    escalated_to = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    # the county's grace for this reminder kind that escalated it (None: the general grace)
    escalation_policy = ForeignKeyField(PolicyVersion, null=True, backref="+", on_delete="RESTRICT")
    # a visit reminder: the newest version, when raised, of the county's visit-cadence values
    # its rule reads (with the versions before it, the cadence it was raised under; None: the
    # defaults)
    cadence_policy = ForeignKeyField(PolicyVersion, null=True, backref="+", on_delete="RESTRICT")
    emailed_at = DateTimeField(null=True)
    escalation_emailed_at = DateTimeField(null=True)
    # taken by a sender before it talks to the SMTP server, outside any transaction; a claim
    # older than mail.CLAIM_LEASE is a crashed sender's and may be taken again
    email_claimed_at = DateTimeField(null=True)
    escalation_email_claimed_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("rule", "entity", "entity_id", "instance"), True),
            (("state", "rule"), False),
            (("assignee", "state"), False),
            (("escalated_to", "state"), False),
        )


class ReminderSnooze(BaseModel):
    """One person's snooze of a reminder: it hides the reminder from that person only, and
    the assignee's holds its escalation. `times` counts their snoozes (limited)."""

    reminder = ForeignKeyField(Reminder, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    until = DateTimeField()
    reason = TextField()
    times = IntegerField(default=1)

    class Meta:
        indexes = ((("reminder", "user"), True),)


class ScanMark(BaseModel):
    """How far a deadline rule has scanned: the next scan looks only at deadlines after this
    (less a safety margin), so a re-scan does not walk every overdue case again."""

    rule = CharField(unique=True)
    scanned_until = DateTimeField()


class EmailPreference(BaseModel):
    """A user who prefers one daily digest to an e-mail per reminder."""

    user = ForeignKeyField(User, backref="+", unique=True, on_delete="CASCADE")
    digest = BooleanField(default=False)
    last_digest_on = DateField(null=True)  # the local day the last digest went out


class JobHeartbeat(BaseModel):
    """The last run of each scheduled job; the health endpoint reads it."""

    job = CharField(unique=True)
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    ok = BooleanField(default=True)
    summary = TextField(default="")
    seconds = FloatField(default=0.0)
    host = CharField(default="")
    last_ok_at = DateTimeField(null=True)  # the end of its last successful run
    # an e-mail job: since when every message it tried failed (None while mail goes out)
    mail_failing_since = DateTimeField(null=True)
