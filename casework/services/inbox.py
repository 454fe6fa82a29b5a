"""A user's reminders: the ones assigned to them and the ones escalated to them."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted, not_found, not_one_of
from casework.models import EmailPreference, Reminder
from casework.reminders.catalogue import catalogue, rule_named
from casework.reminders.rules import OPEN, RESOLVED
from casework.rules.deadlines import due_day
from casework.services import audit
from casework.workflows.definition import Actor

SEVERITIES = ("notice", "warning", "urgent")
LONGEST_SNOOZE = dt.timedelta(days=30)


def _mine(actor: Actor):
    return (Reminder.assignee == actor.id) | (Reminder.escalated_to == actor.id)


def list_reminders(
    actor: Actor,
    *,
    now: dt.datetime,
    unread: bool | None = None,
    rule: str | None = None,
    severity: str | None = None,
    state: str | None = OPEN,
    include_snoozed: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Reminder], int]:
    """The actor's reminders, newest deadline first; snoozed ones only when asked."""
    _check_filters(rule, severity, state)
    query = Reminder.select().where(_mine(actor))
    if state:
        query = query.where(Reminder.state == state)
    if unread is not None:
        query = query.where(Reminder.read_at.is_null(unread))
    if rule:
        query = query.where(Reminder.rule == rule)
    if severity:
        query = query.where(Reminder.severity == severity)
    if not include_snoozed:
        query = query.where(Reminder.snoozed_until.is_null() | (Reminder.snoozed_until <= now))
    total = query.count()
    rows = query.order_by(Reminder.due_at.desc(), Reminder.id.desc()).paginate(page, per_page)
    return list(rows), total


def _check_filters(rule, severity, state) -> None:
    errors = {}
    if rule and rule_named(rule) is None:
        errors["rule"] = [not_one_of(r.name for r in catalogue())]
    if severity and severity not in SEVERITIES:
        errors["severity"] = [not_one_of(SEVERITIES)]
    if state and state not in (OPEN, RESOLVED):
        errors["state"] = [not_one_of((OPEN, RESOLVED))]
    if errors:
        raise Invalid("unknown filter values", errors, code="unknown_filter_values")


def get_reminder(actor: Actor, reminder_id: int) -> Reminder:
    reminder = Reminder.get_or_none(id=reminder_id)
    if reminder is None:
        raise not_found("reminder", reminder_id)
    if actor.id not in (reminder.assignee_id, reminder.escalated_to_id):
        raise NotPermitted(
            f"reminder {reminder_id} is not yours",
            code="not_your_reminder",
            params={"id": reminder_id},
        )
    return reminder


def mark_read(actor: Actor, reminder_id: int, now: dt.datetime) -> Reminder:
    """Mark a reminder read; reading it again keeps the first time."""
    reminder = get_reminder(actor, reminder_id)
    with write_transaction():
        Reminder.update(read_at=now).where(
            Reminder.id == reminder.id, Reminder.read_at.is_null()
        ).execute()
    return Reminder.get_by_id(reminder.id)


def snooze(
    actor: Actor, reminder_id: int, until: dt.datetime, reason: str, now: dt.datetime
) -> Reminder:
    """Hide an open reminder until `until` (at most 30 days), with a reason, and hold its
    escalation until then; the reason goes to the audit log."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [FieldError("a reason is required", code="required")]
    if until <= now:
        errors["until"] = [FieldError("must be in the future", code="not_in_future")]
    elif until > now + LONGEST_SNOOZE:
        days = LONGEST_SNOOZE.days
        message = f"at most {days} days ahead"
        errors["until"] = [FieldError(message, code="too_far_ahead", params={"days": days})]
    if errors:
        raise Invalid("the snooze is not valid", errors, code="invalid_snooze")
    with write_transaction():
        reminder = get_reminder(actor, reminder_id)
        if reminder.state != OPEN:
            raise Conflict(
                f"reminder {reminder_id} is already resolved",
                code="reminder_resolved",
                params={"id": reminder_id},
            )
        changes = {"snoozed_until": [audit.plain(reminder.snoozed_until), until.isoformat()]}
        Reminder.update(snoozed_until=until, snooze_reason=reason).where(
            Reminder.id == reminder.id
        ).execute()
        audit.record("reminder", reminder.id, "snooze", actor, now, changes, reason=reason)
    return Reminder.get_by_id(reminder.id)


def wants_digest(actor: Actor) -> bool:
    preference = EmailPreference.get_or_none(EmailPreference.user == actor.id)
    return bool(preference and preference.digest)


def set_digest(actor: Actor, digest: bool, now: dt.datetime) -> bool:
    """Choose one daily e-mail digest instead of an e-mail per scan."""
    with write_transaction():
        old = wants_digest(actor)
        EmailPreference.insert(user=actor.id, digest=digest).on_conflict(
            conflict_target=[EmailPreference.user], update={EmailPreference.digest: digest}
        ).execute()
        if old != digest:
            changes = {"digest": [old, digest]}
            audit.record("email_preference", actor.id, "update", actor, now, changes)
    return digest


def due_on(reminder: Reminder) -> dt.date:
    """The date a reminder's deadline fell on in China, as the inbox, the API and the e-mail
    all show it."""
    return due_day(reminder.due_at)


def title(reminder: Reminder) -> str:
    rule = rule_named(reminder.rule)
    return rule.title if rule else reminder.rule
