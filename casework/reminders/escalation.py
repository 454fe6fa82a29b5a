"""Escalation: an open reminder nobody acted on within the grace period (policy
"escalation_grace", 2 working days by default, per county) goes to the supervisor too.

The grace counts from when the reminder reached its person (`reached_at`, set again when it
is routed to someone new), not from the missed deadline: a reminder raised today for a
deadline long past, or just handed to a newly appointed director, gives them the whole grace."""

from __future__ import annotations

import datetime as dt

from casework.models import Reminder
from casework.reminders.calendar_math import escalation_cutoff
from casework.reminders.rules import OPEN, Rule, snoozed_by
from casework.reminders.scope import escalation_target
from casework.workflows import policy


def escalation_groups(now: dt.datetime):
    """(cutoff, counties, excluded) per group of counties sharing a grace period: the counties
    that set it (None: all the others) and those the others exclude."""
    for grace, counties, excluded in policy.groups(policy.ESCALATION_GRACE):
        yield escalation_cutoff(now, grace), counties, excluded


def escalation(rule: Rule, now, cutoff, counties: list[int] | None, excluded: list[int]):
    """The UPDATE escalating `rule`'s open reminders that reached their person before
    `cutoff`, in one group of counties."""
    supervisor = escalation_target(rule)
    query = Reminder.update(escalated_at=now, escalated_to=supervisor).where(
        Reminder.rule == rule.name,
        Reminder.state == OPEN,
        Reminder.escalated_at.is_null(),
        Reminder.reached_at < cutoff,
        ~snoozed_by(Reminder.assignee, now),  # the assignee's snooze holds it
        supervisor.is_null(False),  # never escalated to no one
    )
    if counties:
        return query.where(Reminder.county.in_(counties))
    if excluded:
        return query.where(Reminder.county.is_null() | Reminder.county.not_in(excluded))
    return query
