"""A user's reminders: the ones assigned to them and the ones escalated to them.

A snooze is each person's own: it hides the reminder from that person only (never from the
supervisor it was escalated to), and the assignee's holds the escalation. It lasts at most the
county's `snooze` policy (7 days by default) and one person snoozes one reminder at most
MAX_SNOOZES times. Besides reading it, a person closes a reminder as done or not applicable,
with a reason (required for not applicable); the scan then leaves it closed."""

from __future__ import annotations

import datetime as dt

from casework import telemetry
from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted, not_found, not_one_of
from casework.models import EmailPreference, Reminder, ReminderSnooze
from casework.reminders.catalogue import catalogue, rule_named
from casework.reminders.moved import moved_rules
from casework.reminders.rules import OPEN, RESOLVED, snoozed_by
from casework.rules.deadlines import due_day
from casework.services import audit
from casework.workflows import policy
from casework.workflows.definition import Actor

SEVERITIES = ("notice", "warning", "urgent")
CLOSINGS = ("done", "not_applicable")


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
        query = query.where(~snoozed_by(actor.id, now))
    total = query.count()
    rows = list(query.order_by(Reminder.due_at.desc(), Reminder.id.desc()).paginate(page, per_page))
    _own_snoozes(actor, rows)
    return rows, total


def _own_snoozes(actor: Actor, reminders: list[Reminder]) -> None:
    """Show each reminder with the actor's own snooze (nobody else's)."""
    snoozes = {
        s.reminder_id: s
        for s in ReminderSnooze.select().where(
            ReminderSnooze.user == actor.id,
            ReminderSnooze.reminder.in_([r.id for r in reminders]),
        )
    }
    for reminder in reminders:
        mine = snoozes.get(reminder.id)
        reminder.snoozed_until = mine.until if mine else None
        reminder.snooze_reason = mine.reason if mine else ""
        reminder.snoozes_left = policy.MAX_SNOOZES - (mine.times if mine else 0)


def _check_filters(rule, severity, state) -> None:
    errors = {}
    if rule and _kind(rule) is None:
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
    return _as_seen_by(actor, reminder.id)


def _as_seen_by(actor: Actor, reminder_id: int) -> Reminder:
    reminder = Reminder.get_by_id(reminder_id)
    _own_snoozes(actor, [reminder])
    return reminder


def snooze(
    actor: Actor, reminder_id: int, until: dt.datetime, reason: str, now: dt.datetime
) -> Reminder:
    """Hide an open reminder from the actor until `until`, with a reason (to the audit log).
    At most the county's snooze policy ahead, and MAX_SNOOZES times per person; the
    assignee's snooze holds the escalation until then."""
    reason = (reason or "").strip()
    with write_transaction():
        reminder = get_reminder(actor, reminder_id)
        longest = policy.deadline_for(reminder.county_id, policy.SNOOZE)
        errors = {}
        if not reason:
            errors["reason"] = [FieldError("a reason is required", code="required")]
        if until <= now:
            errors["until"] = [FieldError("must be in the future", code="not_in_future")]
        elif until > now + dt.timedelta(days=longest.amount):
            days = longest.amount
            message = f"at most {days} days ahead"
            errors["until"] = [FieldError(message, code="too_far_ahead", params={"days": days})]
        if errors:
            raise Invalid("the snooze is not valid", errors, code="invalid_snooze")
        _still_open(reminder)
        mine = ReminderSnooze.get_or_none(
            ReminderSnooze.reminder == reminder.id, ReminderSnooze.user == actor.id
        )
        times = mine.times if mine else 0
        if times >= policy.MAX_SNOOZES:
            raise Conflict(
                f"reminder {reminder_id} was snoozed {times} times already",
                code="snooze_limit_reached",
                params={"id": reminder_id, "limit": policy.MAX_SNOOZES},
            )
        before = audit.plain(mine.until) if mine else None
        ReminderSnooze.insert(
            reminder=reminder.id, user=actor.id, until=until, reason=reason, times=1
        ).on_conflict(
            conflict_target=[ReminderSnooze.reminder, ReminderSnooze.user],
            update={
                ReminderSnooze.until: until,
                ReminderSnooze.reason: reason,
                ReminderSnooze.times: ReminderSnooze.times + 1,
            },
        ).execute()
        changes = {"snoozed_until": [before, until.isoformat()], "times": [times, times + 1]}
        audit.record("reminder", reminder.id, "snooze", actor, now, changes, reason=reason)
    return _as_seen_by(actor, reminder.id)


def close(actor: Actor, reminder_id: int, outcome: str, reason: str, now: dt.datetime) -> Reminder:
    """Close an open reminder by hand: "done" (the reason optional) or "not_applicable" (a
    reason required). The scan resolves only open reminders, so it stays closed."""
    reason = (reason or "").strip()
    errors = {}
    if outcome not in CLOSINGS:
        errors["outcome"] = [not_one_of(CLOSINGS)]
    elif outcome == "not_applicable" and not reason:
        errors["reason"] = [FieldError("a reason is required", code="required")]
    if errors:
        raise Invalid("the closing is not valid", errors, code="invalid_reminder_closing")
    with write_transaction():
        reminder = get_reminder(actor, reminder_id)
        _still_open(reminder)
        Reminder.update(
            state=RESOLVED, resolved_at=now, closed_as=outcome, closed_by=actor.id,
            close_reason=reason or None,
        ).where(Reminder.id == reminder.id, Reminder.state == OPEN).execute()  # fmt: skip
        changes = {"state": [OPEN, RESOLVED], "closed_as": [None, outcome]}
        audit.record("reminder", reminder.id, "close", actor, now, changes, reason=reason)
    telemetry.reminders_resolved(reminder.rule)
    return _as_seen_by(actor, reminder.id)


def _still_open(reminder: Reminder) -> None:
    if reminder.state != OPEN:
        raise Conflict(
            f"reminder {reminder.id} is already resolved",
            code="reminder_resolved",
            params={"id": reminder.id},
        )


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
    rule = _kind(reminder.rule)
    return rule.title if rule else reminder.rule


def _kind(name: str):
    """A reminder kind by name: a rule of the catalogue, or a moved deadline's notice."""
    return rule_named(name) or moved_rules().get(name)
