"""The shape of a workflow definition: states, actions (guards, roles, payload), deadlines.

A definition is data. The engine builds one `transitions` Machine from it; the API, the pages,
the README's state table and the diagram read the same definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from marshmallow import Schema
from peewee import Model
from transitions import EventData, Machine

from casework.queries import work_calendar
from casework.rules.deadlines import Deadline, local_date
from casework.vocabulary import Role
from casework.workflows.policy import deadline_for as county_deadline


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user reduced to what scope and role checks need."""

    id: int | None
    role: Role
    name: str = ""
    place_id: int | None = None
    place_path: str = ""
    institution_id: int | None = None
    department: str | None = None  # a department's staff: which department (vocabulary)
    # a province's officer: their province; they have no place, so county_id stays None and
    # every county's service refuses them
    province_id: int | None = None

    @property
    def county_id(self) -> int | None:
        return int(self.place_path.strip("/").split("/")[0]) if self.place_path else None


SYSTEM = Actor(None, Role.SYSTEM, "system")  # the command line and the scheduler


class Case:
    """The few columns of a case row the engine and the guards need, plus the full row lazily."""

    # every snapshot selects these; the rest are the workflow's own scope columns
    id: int
    state: str
    version: int
    due_at: dt.datetime | None

    def __init__(self, workflow: Workflow, values: Mapping[str, Any]):
        self.workflow = workflow
        self.__dict__.update(values)

    if TYPE_CHECKING:  # the scope columns each workflow's snapshot adds (county_id, ...)

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...

    @cached_property
    def record(self) -> Any:  # the workflow's model row
        return self.workflow.model.get_by_id(self.id)


@dataclass
class ActionContext:
    """What an action's guard and effect see; effects record what they change here."""

    case: Case
    actor: Actor
    action: Action
    now: dt.datetime
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    updates: dict[str, Any] = field(default_factory=dict)  # columns of the case row to set
    changes: dict[str, list[Any]] = field(default_factory=dict)  # audit: field -> [old, new]

    @property
    def today(self) -> dt.date:
        return local_date(self.now)

    def change(self, name: str, old: Any, new: Any, column: str | None = None) -> None:
        """Record a field change; with `column`, also set that column on the case row."""
        self.changes[name] = [old, new]
        if column:
            self.updates[column] = new


@dataclass
class Creation:
    """What the creating action's party rule and build see. The build inserts the case row
    through `insert`, which gives it what every new case starts with, then its dependent
    rows, and records the audit's changes here."""

    workflow: Workflow
    actor: Actor
    action: Action
    now: dt.datetime
    data: dict[str, Any]  # the payload, loaded
    context: Mapping[str, Any]  # where the case comes from, as the caller says (report_case=...)
    changes: dict[str, list[Any]] = field(default_factory=dict)  # audit: field -> [None, new]
    record: Any = None  # the case row, once inserted

    @property
    def today(self) -> dt.date:
        return local_date(self.now)

    def insert(self, counted_from: dt.datetime | None = None, **columns: Any) -> Any:
        """The case row in the first state at version 1, due as the county's policy counts
        the first state's deadline from now, or from `counted_from` (a claim's period end)."""
        workflow, now = self.workflow, self.now
        row = workflow.model(state=workflow.initial, state_entered_at=now, version=1,
                             created_at=now, updated_at=now, **columns)  # fmt: skip
        deadline = workflow.deadline_for(workflow.initial, row)
        if deadline is not None:
            deadline = county_deadline(getattr(row, "county_id", None), deadline, self.today)
            row.due_at = deadline.due_at(counted_from or now, calendar=work_calendar.current())
        row.save(force_insert=True)
        self.record = row
        return row


Guard = Callable[[ActionContext], None]  # raises a casework.errors.DomainError to refuse
Effect = Callable[[ActionContext], None]
# Beyond the role: is this actor a party to this case? For the creating action: to the case
# the Creation would make (its payload and context). False refuses with `not_a_party`; a rule
# may raise a refusal that says more (a child outside the actor's county, say).
Party = Callable[[Actor, Any], bool]
Build = Callable[[Creation], None]  # inserts the case (Creation.insert) and its rows


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]  # () for the action that creates a case
    dest: str | None  # None: records something, the state stays
    roles: frozenset[Role]
    needs_reason: bool = False
    payload: type[Schema] | None = None
    guard: Guard | None = None
    effect: Effect | None = None
    party: Party | None = None
    # the creating action's insert of the new case and its rows (sources=() only)
    build: Build | None = None
    # the creating action's payload completed from the record it names as its source (a
    # request's report case, visit or application), for an actor who may read that record:
    # (actor, payload) -> payload. The engine runs it before validating; the new-case page
    # shows the form so filled.
    prefill: Callable[[Actor, dict[str, Any]], dict[str, Any]] | None = field(
        default=None, hash=False, compare=False
    )
    # roles allowed besides `roles` when the caller's context names a key: a case worker
    # files a rehab application only from a mandatory-report case (report_case=...)
    context_roles: Mapping[str, frozenset[Role]] = field(
        default_factory=dict, hash=False, compare=False
    )
    doc: str = ""

    def roles_given(self, context: Mapping[str, Any]) -> frozenset[Role]:
        extra = [roles for key, roles in self.context_roles.items() if context.get(key)]
        return self.roles.union(*extra)

    def open_to(self, actor: Actor, case: Case) -> bool:
        return (
            case.state in self.sources
            and actor.role in self.roles
            and (self.party is None or self.party(actor, case))
        )


@dataclass(frozen=True)
class Responsible:
    """Who must act before a deadline, and the supervisor told when they have not.

    `scope` names how a user is matched to a case: "county" (user.place = case.county),
    "institution" (user.institution = case.institution), "place" (user.place = case.place),
    "township" (user.place = the parent of case.place) or "department" (user.department =
    case.department, at the county, the case's township or its place). The case model must have the
    column the scope names. `title` is what the reminder says (Chinese, for the clerks).
    """

    role: Role
    scope: str
    supervisor: Role
    supervisor_scope: str
    title: str
    severity: str = "warning"


@dataclass(frozen=True)
class CaseDeadline:
    """A deadline that replaces the usual one of `states` for the cases whose boolean column
    `flag` is true (an urgent report's emergency response). The engine reads the flag on the
    case's snapshot, the reminder scan as a condition on the case table: one rule for both."""

    deadline: Deadline
    states: frozenset[str]
    flag: str  # a boolean column of the case model, selected by its snapshot too
    doc: str = ""  # why, for the README's state table

    def applies_to(self, state: str, case: Case) -> bool:
        return state in self.states and bool(getattr(case, self.flag))

    def applies(self, model: Any) -> Any:
        """The peewee condition selecting the cases (rows of `model`, or an alias) it covers."""
        return getattr(model, self.flag) == True  # noqa: E712


@dataclass(frozen=True, eq=False)  # identity: the engine caches SQL per workflow
class Workflow:
    name: str
    model: type[Model]  # the case table
    states: type[StrEnum]
    initial: str
    actions: tuple[Action, ...]
    deadlines: Mapping[str, Deadline]
    visible: Callable[[Actor, Case], bool]
    snapshot: Callable[[], Any]  # a query selecting id, state, version, due_at + scope columns
    terminal: frozenset[str] = frozenset()
    # deadlines given in some states to some cases only, in place of the state's usual one
    case_deadlines: tuple[CaseDeadline, ...] = ()
    # deadlines not counted from the moment a case enters the state, so a case may enter it
    # already overdue (a claim drafted late for a period that ended long ago): the reminder
    # scan checks every such case, not only deadlines that passed since its last run
    counted_before_entry: frozenset[str] = frozenset()
    # deadline name -> who answers for it; every deadline needs one (reminders read it)
    responsible: Mapping[str, Responsible] = field(default_factory=dict)
    # A workflow with a resource name is served by the generic service, API and pages
    # (services/cases.py, web/api/cases.py, web/pages/cases.py) at /api/v1/<resource> and
    # /<resource>; those with modules of their own (rehab, claim, report) leave it empty.
    resource: str = ""
    # the model's columns a list of cases shows beside its number, state and deadline
    list_columns: tuple[str, ...] = ()
    # the cases an actor may see, as a condition on a query of the model (joins as it needs):
    # (actor, query) -> query. The list's counterpart of `visible`, which decides one case.
    scope: Callable[[Actor, Any], Any] | None = None

    @cached_property
    def by_name(self) -> dict[str, Action]:
        return {a.name: a for a in self.actions}

    def action(self, name: str) -> Action | None:
        return self.by_name.get(name)

    @cached_property
    def creating(self) -> Action:
        """The action that creates a case: the one without sources."""
        return next(a for a in self.actions if not a.sources)

    def deadline_for(self, state: str, case: Case | None = None) -> Deadline | None:
        if case is not None:
            for special in self.case_deadlines:
                if special.applies_to(state, case):
                    return special.deadline
        return self.deadlines.get(state)

    def open_actions(self, actor: Actor, case: Case) -> list[str]:
        if not self.visible(actor, case):
            return []
        return [a.name for a in self.actions if a.open_to(actor, case)]

    def actions_from(self, state: str) -> list[str]:
        return [a.name for a in self.actions if state in a.sources]

    @cached_property
    def machine(self) -> Machine:
        """The one Machine for this workflow; cases are passed to triggers, never added."""
        return Machine(
            model=None,
            states=[str(s) for s in self.states],
            initial=None,
            auto_transitions=False,
            send_event=True,
            transitions=[
                {
                    "trigger": a.name,
                    # plain strings: transitions would name Enum members by .name
                    "source": [str(s) for s in a.sources],
                    "dest": None if a.dest is None else str(a.dest),
                    "conditions": [_run(a.guard)] if a.guard else [],
                    "before": [_run(a.effect)] if a.effect else [],
                }
                for a in self.actions
                if a.sources
            ],
        )


def _run(hook: Callable[[ActionContext], None]) -> Callable[[EventData], bool]:
    def call(event: EventData) -> bool:
        hook(event.kwargs["ctx"])
        return True

    return call
