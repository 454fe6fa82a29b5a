"""The rule shape, and the generic rule that covers every state deadline of every workflow."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import ClassVar

from peewee import SQL, Cast, Model, Value, fn

from casework.models import PolicyVersion, Reminder, ReminderSnooze
from casework.rules.county_policy import cadence_read
from casework.rules.deadlines import local_date
from casework.workflows.definition import Responsible, Workflow

OPEN, RESOLVED = "open", "resolved"
# The columns every rule's INSERT ... SELECT fills, in this order.
FIELDS = [
    Reminder.rule,
    Reminder.entity,
    Reminder.entity_id,
    Reminder.instance,
    Reminder.county,
    Reminder.subject_state,
    Reminder.due_at,
    Reminder.severity,
    Reminder.assignee,
    Reminder.state,
    Reminder.created_at,
    Reminder.snooze_reason,
    Reminder.unreachable,
]


def cadence_version(county, day: dt.date, keys: tuple[str, ...]):
    """SQL, a scalar subquery: the id of the newest version effective by `day` in `county` (a
    column, or a subquery giving it) of what a rule reading the visit-cadence values `keys`
    is raised under (those values, and for the regular visits the county's own categories:
    rules.county_policy.cadence_read); NULL: the defaults."""
    v = PolicyVersion.alias("cadence")
    read = [
        v.kind == kind.value if read_keys is None else (v.kind == kind.value) & v.key.in_(read_keys)
        for kind, read_keys in cadence_read(keys).items()
    ]
    return (
        v.select(v.id)
        .where(v.county == county, reduce(operator.or_, read), v.effective_from <= day)
        .order_by(v.effective_from.desc(), v.id.desc())
        .limit(1)
    )


def snoozed_by(user, now: dt.datetime):
    """SQL: the reminder is snoozed, as of `now`, by `user` (a user id, or a column such as
    Reminder.assignee): a snooze is each person's own."""
    return fn.EXISTS(
        ReminderSnooze.select(SQL("1")).where(
            ReminderSnooze.reminder == Reminder.id,
            ReminderSnooze.user == user,
            ReminderSnooze.until > now,
        )
    )


@dataclass(frozen=True)
class Rule:
    """A reminder rule: what raises it (creates), what clears it (resolve), who answers."""

    name: str
    entity: str
    model: type[Model]  # the case model; scopes of `responsible` name its columns
    responsible: Responsible
    marks_scans = False
    # its statements take `now` and `since` only as values (no day worked out from them in
    # Python), so the scan turns them into SQL once and afterwards only runs them
    prepared = False
    # the person handling the case, when that is not simply the role's holder: a callable
    # giving a scalar subquery of a user id for the case of `Reminder.entity_id`
    handler: ClassVar[Callable | None] = None
    # a visit rule: the county's visit-cadence values it reads; each reminder it raises keeps
    # the newest version in force that day of them (and, for the regular visits, of the
    # county's own categories: cadence_read) (Reminder.cadence_policy)
    cadence_keys: ClassVar[tuple[str, ...]] = ()

    @property
    def title(self) -> str:
        return self.responsible.title

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        """INSERT statements raising what is due as of `now`; rules that keep a scan mark
        may skip deadlines at or before `since`."""
        raise NotImplementedError

    def resolve(self, now: dt.datetime):
        raise NotImplementedError

    def row(self, case, instance, due_at, now: dt.datetime) -> list:
        """The SELECT list for the rule's fields, for a case row `case` of the rule's model."""
        return self.fields(case.id, instance, case.county, case.state, due_at, now)

    def fields(self, entity_id, instance, county, state, due_at, now: dt.datetime) -> list:
        """The SELECT list for FIELDS from the subject's columns (SQL expressions), and for a
        visit rule the cadence's version in `county` too."""
        return self.with_cadence(
            county,
            now,
            [
                Value(self.name),
                Value(self.entity),
                entity_id,
                instance,
                county,
                state,
                due_at,
                Value(self.responsible.severity),
                SQL("NULL"),  # the assignee: the scan routes every new reminder at once
                Value(OPEN),
                Value(now),
                Value(""),
                Value(False),  # unreachable: decided when routed
            ],
        )

    def with_cadence(self, county, now: dt.datetime, row: list) -> list:
        """A row of FIELDS, and for a visit rule the cadence's version in `county` too."""
        if not self.cadence_keys:
            return row
        return [*row, cadence_version(county, local_date(now), self.cadence_keys)]

    def insert(self, select):
        fields = [*FIELDS, Reminder.cadence_policy] if self.cadence_keys else FIELDS
        return Reminder.insert_from(select, fields).on_conflict_ignore()

    def resolved(self, now: dt.datetime, cleared):
        """UPDATE that resolves this rule's open reminders where `cleared` holds."""
        return Reminder.update(state=RESOLVED, resolved_at=now).where(
            Reminder.state == OPEN, Reminder.rule == self.name, cleared
        )


@dataclass(frozen=True)
class StateDeadlineRule(Rule):
    """A case has stayed past its deadline in the states that deadline covers.

    The due instance is the case's `due_at`: a case that leaves and re-enters a state gets
    a new deadline and, if it misses it too, a new reminder. The reminder resolves itself once
    the case has left those states (or its deadline moved). `condition(case)`, when given,
    narrows the rule to the cases given this deadline (the workflow's case_deadlines)."""

    states: tuple[str, ...] = ()
    condition: Callable | None = None
    # due_at normally never lies before the moment a case entered its state, so a scan needs
    # to look only at deadlines passed since the last one; False where that does not hold
    marks_scans: bool = True
    prepared = True

    def _covers(self, case):
        covered = case.state.in_(self.states)
        return covered if self.condition is None else covered & self.condition(case)

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        m = self.model
        select = m.select(*self.row(m, Cast(m.due_at, "TEXT"), m.due_at, now)).where(
            self._covers(m), m.due_at <= now
        )
        if since is not None:
            select = select.where(m.due_at > since)
        return [self.insert(select)]

    def resolve(self, now: dt.datetime):
        m = self.model.alias("subject")
        still_due = m.select(SQL("1")).where(
            m.id == Reminder.entity_id,
            self._covers(m),
            Cast(m.due_at, "TEXT") == Reminder.instance,
        )
        return self.resolved(now, ~fn.EXISTS(still_due))


def state_deadline_rules(workflow: Workflow) -> list[StateDeadlineRule]:
    """One rule per deadline of the workflow, covering every state that shares it.

    The workflow's `case_deadlines` replace a state's usual deadline for some cases: each gets
    its own rule, and the usual rule leaves those cases out. Its `counted_before_entry` names
    deadlines a case may enter already overdue."""
    case_deadlines, counted_before_entry = workflow.case_deadlines, workflow.counted_before_entry
    by_name: dict[str, list[str]] = {}
    for state, deadline in workflow.deadlines.items():
        by_name.setdefault(deadline.name, []).append(str(state))
    rules = [
        _rule(
            workflow,
            name,
            tuple(states),
            _not_replaced(states, case_deadlines),
            counted_before_entry,
        )  # fmt: skip
        for name, states in by_name.items()
    ]
    for special in case_deadlines:
        states = tuple(sorted(str(s) for s in special.states))
        rules.append(
            _rule(workflow, special.deadline.name, states, special.applies, counted_before_entry)
        )
    return rules


def _rule(workflow, deadline, states, condition, counted_before_entry) -> StateDeadlineRule:
    responsible = workflow.responsible.get(deadline)
    if responsible is None:
        raise ValueError(f"{workflow.name}: nobody answers for deadline {deadline!r}")
    marks = deadline not in counted_before_entry
    name = f"{workflow.name}.{deadline}"
    return StateDeadlineRule(
        name, workflow.name, workflow.model, responsible, states, condition, marks
    )


def _not_replaced(states, case_deadlines) -> Callable | None:
    """The condition leaving out the cases whose deadline in these states is a special one."""
    replaced = [d for d in case_deadlines if set(map(str, d.states)) & set(states)]
    if not replaced:
        return None

    def usual(case):
        condition = None
        for special in replaced:
            left_out = ~(case.state.in_([str(s) for s in special.states]) & special.applies(case))
            condition = left_out if condition is None else condition & left_out
        return condition

    return usual
