"""The use cases of a workflow served without a service of its own (one with a `resource`,
casework/workflows/definition.py): create through the definition's creating action, list the
cases in the actor's scope, read one case with its history and open actions, and act on it,
all driven by the definition. The generic API and pages (web/api/cases.py,
web/pages/cases.py) call these for every such workflow of the registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from casework.errors import Invalid, not_one_of
from casework.services import audit
from casework.workflows import engine
from casework.workflows.definition import Actor, Workflow
from casework.workflows.registry import WORKFLOWS


@dataclass
class CaseRecord:
    """One case with everything its page and the API's record show."""

    case: Any  # the workflow's model row
    open_actions: list[str]
    history: list

    def __getattr__(self, name: str) -> Any:
        return getattr(self.case, name)


@dataclass(frozen=True, eq=False)
class CaseService:
    workflow: Workflow

    def create(self, actor: Actor, payload: dict | None, now: dt.datetime, **context) -> Any:
        """A new case through the creating action (engine.create); its row."""
        return engine.create(self.workflow, actor, payload, now=now, **context).case.record

    def act(self, actor: Actor, case_id: int, action: str, **options) -> engine.Outcome:
        return engine.perform(self.workflow, case_id, action, actor, **options)

    def get(self, actor: Actor, case_id: int) -> CaseRecord:
        snapshot = engine.load_visible(self.workflow, case_id, actor)
        return CaseRecord(
            snapshot.record,
            self.workflow.open_actions(actor, snapshot),
            audit.history(self.workflow.name, case_id),
        )

    def scoped(self, actor: Actor, query=None):
        workflow = self.workflow
        query = workflow.model.select() if query is None else query
        if workflow.scope is None:  # a definition's mistake, not a refusal
            raise TypeError(f"{workflow.name} has a resource but no scope query")
        return workflow.scope(actor, query)

    def list(
        self,
        actor: Actor,
        *,
        now: dt.datetime,
        state: str | None = None,
        overdue: bool | None = None,
        page: int = 1,
        per_page: int = 50,
    ) -> tuple[list, int]:
        """The cases in the actor's scope, the nearest deadline first; and how many in all."""
        model, states = self.workflow.model, self.workflow.states
        query = self.scoped(actor)
        if state:
            if state not in set(states):
                raise Invalid(
                    "unknown state", {"state": [not_one_of(states)]}, code="unknown_state"
                )
            query = query.where(model.state == state)
        if overdue is True:
            query = query.where(model.due_at < now)
        elif overdue is False:
            query = query.where(model.due_at.is_null() | (model.due_at >= now))
        total = query.count()
        order = (model.due_at.asc(nulls="LAST"), model.id.desc())
        return list(query.order_by(*order).paginate(page, per_page)), total


@cache
def service(workflow: Workflow) -> CaseService:
    return CaseService(workflow)


def generic_workflows() -> tuple[Workflow, ...]:
    """The registered workflows served by these use cases: those with a resource name."""
    return tuple(w for w in WORKFLOWS if w.resource)
