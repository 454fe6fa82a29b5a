"""The engine: every action is one transaction of load, checks, guard, effect, compare-and-set
on (id, state, version), audit row and the new deadline; a new case is created through the
definition's creating action (`create`): checks, the definition's build, first deadline and
audit row.

The statements every action runs, the load, the update (with any columns an effect sets) and
the audit insert, are written once per database as plain SQL and executed with parameters
(prepared, on PostgreSQL): building them through the ORM each time cost more than executing
them (docs/engineering.md, "Where the ORM costs").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from marshmallow import Schema
from peewee import Database, Model, SqliteDatabase
from transitions import MachineError

from casework import telemetry
from casework.db import db, execute_prepared, write_transaction
from casework.errors import (
    Conflict,
    FieldError,
    Invalid,
    InvalidTransition,
    NotFound,
    NotPermitted,
    not_found,
    outside_scope,
)
from casework.models import AuditEntry
from casework.queries import work_calendar
from casework.rules.deadlines import local_date
from casework.workflows.definition import ActionContext, Actor, Case, Creation, Workflow
from casework.workflows.payloads import load_payload
from casework.workflows.policy import deadline_for


@dataclass(frozen=True)
class Outcome:
    id: int
    action: str
    from_state: str | None  # None: the action created the case
    to_state: str
    version: int
    due_at: Any
    changes: dict[str, list[Any]]
    # the case's snapshot as the action left it (state, version, deadline, scope columns):
    # enough to tell the actor what is open to them now without reading the case again
    case: Case | None = field(default=None, repr=False, compare=False)


def load(workflow: Workflow, case_id: int, *, lock: bool = False) -> Case:
    """The case's snapshot; `lock` holds its row until the transaction ends (PostgreSQL)."""
    sql = _load_sql(workflow, db.obj, lock)
    cursor = execute_prepared(sql, (case_id,))
    row = cursor.fetchone()
    if row is None:
        raise not_found(f"{workflow.name} case", case_id)
    names = _COLUMNS.get(sql) or _COLUMNS.setdefault(sql, tuple(d[0] for d in cursor.description))
    return Case(workflow, dict(zip(names, row, strict=True)))


def load_visible(workflow: Workflow, case_id: int, actor: Actor, *, lock: bool = False) -> Case:
    case = load(workflow, case_id, lock=lock)
    if not workflow.visible(actor, case):
        refusal = outside_scope(f"{workflow.name} case", case_id)
        # for the access log, not for the answer: whose record was asked for
        refusal.record = (workflow.name, case_id, getattr(case, "county_id", None))
        raise refusal
    return case


def perform(
    workflow: Workflow,
    case_id: int,
    action_name: str,
    actor: Actor,
    *,
    now: dt.datetime,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """Carry out one action on one case, or refuse it and change nothing."""
    action = workflow.action(action_name)
    if action is None or not action.sources:
        raise NotFound(
            f"{workflow.name} has no action {action_name!r}",
            code="no_such_action",
            params={"workflow": workflow.name, "action": action_name},
        )
    with write_transaction():
        # Locked, so that concurrent actions on one case queue here and the later ones see the
        # earlier one's result, instead of all running their effects (and inserts) first.
        case = load_visible(workflow, case_id, actor, lock=True)
        if expected_version is not None and case.version != expected_version:
            raise Conflict(
                f"version is {case.version}, not {expected_version}: reload and try again",
                code="stale_version",
                params={"version": case.version, "expected": expected_version},
                allowed=workflow.open_actions(actor, case),
                version=case.version,
            )
        if actor.role not in action.roles:
            raise NotPermitted(
                f"role {actor.role} may not {action_name}",
                code="role_may_not",
                params={"role": str(actor.role), "workflow": workflow.name, "action": action_name},
            )
        if action.party and not action.party(actor, case):
            raise NotPermitted(
                f"you are not a party to {action_name} on this case",
                code="not_a_party",
                params={"workflow": workflow.name, "action": action_name},
            )
        if case.state not in action.sources:
            raise not_possible(workflow, actor, case, action_name)
        reason = (reason or "").strip()
        # validated only now: whoever may not act here learns nothing about the payload
        no_reason = action.needs_reason and not reason
        data = _validated(workflow, action.payload, payload, action_name, no_reason)
        ctx = ActionContext(case, actor, action, now, reason, data)
        from_state = case.state
        try:
            workflow.machine.events[action_name].trigger(case, ctx=ctx)
        except MachineError as exc:  # the definition and the checks above disagree
            raise not_possible(workflow, actor, case, action_name, exc.value) from exc
        due_at = next_due(workflow, from_state, case.state, case.due_at, now, case)
        if isinstance(due_at, str):  # a kept deadline as SQLite returns it: a datetime, please
            due_at = dt.datetime.fromisoformat(due_at)
        version = case.version + 1
        audit = _audit_params(
            workflow.name,
            case.id,
            action_name,
            from_state,
            case.state,
            version,
            actor,
            now,
            reason,
            ctx.changes,
            due_at,
        )
        _compare_and_set(workflow, case, from_state, due_at, now, ctx.updates, audit)
        _refresh(workflow, case, version, due_at, ctx.updates)
    telemetry.action_performed(workflow.name, action_name)
    return Outcome(case.id, action_name, from_state, case.state, version, due_at, ctx.changes, case)


def create(workflow: Workflow, actor: Actor, payload: Mapping[str, Any] | None, *,
           now: dt.datetime, **context: Any) -> Outcome:  # fmt: skip
    """Create one case through the definition's creating action, or refuse and write nothing:
    its roles (with those the context allows), its payload, its party rule, then its build
    inserts the case (in the first state, version 1, due as the county's policy says) and
    its rows, and the audit row follows, all in one transaction. `context` says where the
    case comes from (report_case=...) and is the build's to read."""
    action = workflow.creating
    build = action.build
    if build is None:  # a definition's mistake, not a refusal
        raise TypeError(f"{workflow.name}'s creating action {action.name} has no build")
    if actor.role not in action.roles_given(context):
        raise NotPermitted(
            f"role {actor.role} may not {action.name}",
            code="role_may_not",
            params={"role": str(actor.role), "workflow": workflow.name, "action": action.name},
        )
    if action.prefill is not None and isinstance(payload, Mapping):
        payload = action.prefill(actor, dict(payload))
    data = _validated(workflow, action.payload, payload, action.name, False)
    creation = Creation(workflow, actor, action, now, data, context)
    if action.party and not action.party(actor, creation):
        raise NotPermitted(
            f"you may not {action.name} this case",
            code="not_a_party",
            params={"workflow": workflow.name, "action": action.name},
        )
    with write_transaction():
        build(creation)
        row, changes = creation.record, creation.changes
        write_audit(workflow.name, row.id, action.name, None, workflow.initial, 1, actor, now,
                    "", changes, due_at=row.due_at)  # fmt: skip
        case = load(workflow, row.id)
    case.__dict__["record"] = row  # the row as built: no reading it again
    telemetry.action_performed(workflow.name, action.name)
    return Outcome(row.id, action.name, None, case.state, 1, row.due_at, changes, case)


def not_possible(
    workflow: Workflow, actor: Actor, case: Case, action: str, detail: str = ""
) -> InvalidTransition:
    """The refusal of `action` in the case's state, naming the actions open to the actor."""
    return InvalidTransition(
        detail or f"{action} is not possible in state {case.state}",
        code="action_not_possible",
        params={"workflow": workflow.name, "action": action, "state": case.state},
        allowed=workflow.open_actions(actor, case),
        state=case.state,
    )


def acting(workflow: Workflow) -> Callable[..., Outcome]:
    """`perform` on this workflow with the actor first, as the services offer it:
    act(actor, case_id, action, now=..., reason=..., payload=..., expected_version=...)."""

    def act(actor: Actor, case_id: int, action: str, **options: Any) -> Outcome:
        return perform(workflow, case_id, action, actor, **options)

    act.__doc__ = f"Carry out one action on one {workflow.name} case (see engine.perform)."
    return act


def next_due(
    workflow: Workflow, old: str, new: str, current: Any, now: dt.datetime, case: Case | None = None
) -> Any:
    """The deadline of the state entered, as the case's county's policy sets it; a deadline
    shared by both states keeps running."""
    deadline = workflow.deadline_for(new, case)
    if deadline is None:
        return None
    if old == new or deadline is workflow.deadline_for(old, case):
        return current
    county_deadline = deadline_for(getattr(case, "county_id", None), deadline, local_date(now))
    return county_deadline.due_at(now, calendar=work_calendar.current())


def write_audit(
    entity: str,
    entity_id: int,
    action: str,
    from_state: str | None,
    to_state: str | None,
    version: int,
    actor: Actor,
    at: dt.datetime,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    *,
    due_at: dt.datetime | None = None,
) -> None:
    """Append one audit row; the caller holds the transaction. `due_at`: the case's deadline
    after the action, for a workflow's case (None: none, or not a case)."""
    params = _audit_params(entity, entity_id, action, from_state, to_state, version, actor, at,
                           reason, changes, due_at)  # fmt: skip
    execute_prepared(_audit_sql(db.obj), params)


def _audit_params(entity: str, entity_id: int, action: str, from_state: str | None,
                  to_state: str | None, version: int, actor: Actor, at: dt.datetime, reason: str,
                  changes: Mapping[str, Any] | None,
                  due_at: dt.datetime | None = None) -> tuple[Any, ...]:  # fmt: skip
    return (
        entity,
        entity_id,
        action,
        from_state,
        to_state,
        version,
        actor.id,
        str(actor.role),
        at,
        reason,
        json.dumps(changes, ensure_ascii=False, sort_keys=True, default=str) if changes else "{}",
        due_at,
    )


def _validated(
    workflow: Workflow,
    schema: type[Schema] | None,
    payload: Mapping[str, Any] | None,
    action: str,
    no_reason: bool,
) -> dict[str, Any]:
    """The payload loaded; a missing reason is refused with the payload's own field errors,
    so that a form shows every field's error at once."""
    try:
        data = {} if schema is None else load_payload(schema, payload)
    except Invalid as exc:
        if no_reason:
            exc.fields = {"reason": [REASON_REQUIRED], **exc.fields}
        raise
    if no_reason:
        raise Invalid(
            f"{action} needs a reason",
            {"reason": [REASON_REQUIRED]},
            code="reason_required",
            params={"workflow": workflow.name, "action": action},
        )
    return data


REASON_REQUIRED = FieldError("a reason is required", code="required")


def _compare_and_set(
    workflow: Workflow,
    case: Case,
    from_state: str,
    due_at: Any,
    now: dt.datetime,
    updates: dict[str, Any],
    audit: tuple[Any, ...],
) -> None:
    """The compare-and-set UPDATE and the audit row: on PostgreSQL one statement (the INSERT
    answers how many rows the UPDATE matched; on a miss the Conflict rolls both back), on
    SQLite, whose WITH takes no UPDATE, two."""
    moved = from_state != case.state
    params: tuple[Any, ...] = (case.state, due_at, now, now) if moved else (due_at, now)
    if updates:  # columns an effect set, in the order the statement names them
        fields = workflow.model._meta.fields
        columns = tuple(fields[name].column_name for name in updates)
        params += tuple(fields[name].db_value(value) for name, value in updates.items())
    else:
        columns = ()
    database = db.obj
    together = not isinstance(database, SqliteDatabase)
    sql = _cas_sql(workflow, database, moved, columns, together)
    params += (case.id, from_state, case.version)
    cursor = execute_prepared(sql, params + audit if together else params)
    count = cursor.fetchone()[0] if together else cursor.rowcount
    if count != 1:
        raise Conflict(
            "the case changed while you were acting on it: reload and try again",
            code="changed_meanwhile",
        )
    if not together:
        execute_prepared(_audit_sql(database), audit)


def _refresh(
    workflow: Workflow, case: Case, version: int, due_at: Any, updates: dict[str, Any]
) -> None:
    """Bring the snapshot up to the row just written: version, deadline, and the columns an
    effect set that the snapshot holds (an institution's, say, which decides who sees it)."""
    case.version, case.due_at = version, due_at
    fields = workflow.model._meta.fields
    for name, value in updates.items():
        column = fields[name].column_name
        if column in case.__dict__:
            setattr(case, column, value.get_id() if isinstance(value, Model) else value)


_COLUMNS: dict[str, tuple[str, ...]] = {}  # load's SQL -> the names of its columns


@cache
def _load_sql(workflow: Workflow, database: Database, lock: bool) -> str:
    query = workflow.snapshot().where(workflow.model.id == 0)
    if lock and not isinstance(database, SqliteDatabase):
        # SQLite's IMMEDIATE transaction already holds the database's write lock.
        query = query.for_update(of=workflow.model)
    sql: str = query.sql()[0]
    return sql


@cache
def _cas_sql(
    workflow: Workflow,
    database: Database,
    moved: bool,
    columns: tuple[str, ...] = (),
    audit: bool = False,
) -> str:
    """The compare-and-set UPDATE; `columns` are those an effect set besides (a handful of
    combinations per workflow, each built once); with `audit`, the audit INSERT after it."""
    p, table = database.param, workflow.model._meta.table_name
    sets = f'"state" = {p}, ' if moved else ""
    sets += f'"version" = "version" + 1, "due_at" = {p}, '
    sets += f'"state_entered_at" = {p}, ' if moved else ""
    sets += f'"updated_at" = {p}'
    sets += "".join(f', "{column}" = {p}' for column in columns)  # after: as params come
    update = f'UPDATE "{table}" SET {sets} WHERE "id" = {p} AND "state" = {p} AND "version" = {p}'
    if not audit:
        return update
    # A WITH's UPDATE runs exactly once whether or not the INSERT reads it; the INSERT's
    # VALUES take their types from the audit columns (a prepared SELECT list could not)
    count = "(SELECT count(*) FROM changed)"
    return f"WITH changed AS ({update} RETURNING 1) {_audit_sql(database)} RETURNING {count}"


@cache
def _audit_sql(database: Database) -> str:
    columns = (
        "entity",
        "entity_id",
        "action",
        "from_state",
        "to_state",
        "version",
        "actor_id",
        "actor_role",
        "at",
        "reason",
        "changes",
        "due_at",
    )
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([database.param] * len(columns))
    return f'INSERT INTO "{AuditEntry._meta.table_name}" ({names}) VALUES ({marks})'
