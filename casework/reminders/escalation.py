"""Escalation: an open reminder nobody acted on within the grace period goes to the supervisor
too. The grace is the county's for the reminder's kind in force on the scan's day (county
policy "escalation_grace", kept on the reminder it escalated), else the county's general
grace (deadline policy "escalation_grace", 2 working days by default).

The grace counts from when the reminder reached its person (`reached_at`, set again when it
is routed to someone new), not from the missed deadline: a reminder raised today for a
deadline long past, or just handed to a newly appointed director, gives them the whole grace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.models import Reminder
from casework.queries.county_policy import escalation_versions
from casework.reminders.calendar_math import escalation_cutoff
from casework.reminders.rules import OPEN, Rule, snoozed_by
from casework.reminders.scope import escalation_target
from casework.rules.county_policy import Version
from casework.rules.deadlines import Deadline, local_date
from casework.workflows import policy


@dataclass(frozen=True)
class Graces:
    """The escalation graces in force on one scan's day, read once for all its rules: each
    reminder kind's own versions by county, and the general grace's groups of counties."""

    own: dict[str, dict[int, Version]]
    general: tuple[tuple[Deadline, list[int] | None, list[int]], ...]


def graces_on(now: dt.datetime) -> Graces:
    own = escalation_versions(local_date(now))
    return Graces(own, tuple(policy.groups(policy.ESCALATION_GRACE)))


def escalation_groups(rule: Rule, now: dt.datetime, graces: Graces):
    """(cutoff, counties, excluded, version) per group of counties sharing a grace period for
    `rule`: first each county with a grace of its own for the rule's kind (`version`, its
    id), then the counties that set a general grace (None: all the others) and those the
    others exclude (version None)."""
    own = graces.own.get(rule.name, {})
    for county, version in sorted(own.items()):
        grace = Deadline(policy.ESCALATION_GRACE.name, version.value)
        yield escalation_cutoff(now, grace), [county], [], version.id
    for grace, counties, excluded in graces.general:
        if counties:
            counties = [c for c in counties if c not in own]
            if not counties:
                continue
        else:
            excluded = sorted({*excluded, *own})
        yield escalation_cutoff(now, grace), counties, excluded, None


def escalation(
    rule: Rule,
    now,
    cutoff,
    counties: list[int] | None,
    excluded: list[int],
    version: int | None = None,
):
    """The UPDATE escalating `rule`'s open reminders that reached their person before
    `cutoff`, in one group of counties; `version`, the grace's, is kept on each."""
    supervisor = escalation_target(rule)
    query = Reminder.update(
        escalated_at=now, escalated_to=supervisor, escalation_policy=version
    ).where(
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
