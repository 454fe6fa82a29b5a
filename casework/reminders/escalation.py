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


def escalations(rule: Rule, now: dt.datetime) -> list:
    """UPDATE statements, one per group of counties sharing a grace period."""
    supervisor = escalation_target(rule)
    queries = []
    for grace, counties, excluded in policy.groups(policy.ESCALATION_GRACE):
        query = Reminder.update(escalated_at=now, escalated_to=supervisor).where(
            Reminder.rule == rule.name,
            Reminder.state == OPEN,
            Reminder.escalated_at.is_null(),
            Reminder.reached_at < escalation_cutoff(now, grace),
            ~snoozed_by(Reminder.assignee, now),  # the assignee's snooze holds it
            supervisor.is_null(False),  # never escalated to no one
        )
        if counties:
            query = query.where(Reminder.county.in_(counties))
        elif excluded:
            query = query.where(Reminder.county.is_null() | Reminder.county.not_in(excluded))
        queries.append(query)
    return queries
