"""Workflow actions over HTTP. The payload schemas are casework's own (rehab_payloads.py):
this module only refers to them, for validation, the OpenAPI document and `actions` lists."""

from __future__ import annotations

import datetime as dt
from functools import cache

from marshmallow import Schema, fields, validate

from casework.workflows.definition import Action, Actor, Workflow
from casework.workflows.engine import Outcome
from casework.workflows.payloads import Length, Month
from web.api.schemas.common import UtcDateTime, as_utc

FIELD_TYPES = (  # the first match wins
    (Month, "month (YYYY-MM)"),
    (fields.Date, "date (YYYY-MM-DD)"),
    (fields.Integer, "integer"),
    (fields.Boolean, "boolean"),
    (fields.List, "list"),
    (fields.String, "string"),
)


class PayloadFieldSchema(Schema):
    name = fields.String()
    type = fields.String()
    required = fields.Boolean()
    choices = fields.List(fields.String(), allow_none=True)
    description = fields.String()


class AvailableActionSchema(Schema):
    name = fields.String()
    to_state = fields.String(allow_none=True, metadata={"description": "null: the state stays"})
    needs_reason = fields.Boolean()
    description = fields.String()
    payload_schema = fields.String(
        allow_none=True, metadata={"description": "its schema in components/schemas"}
    )
    payload_fields = fields.List(fields.Nested(PayloadFieldSchema))


class DescribedActions(fields.List):
    """A list of describe() results, already JSON-ready: documented as AvailableActionSchema
    items, answered as they are (dumping them field by field again cost a tenth of an action
    request)."""

    def __init__(self, **kwargs):
        super().__init__(fields.Nested(AvailableActionSchema), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class ActionResult(Schema):
    """What an action answers, the same for every workflow: the step taken, the case's new
    state, version and deadline, the actions open to you now, and the link to the full record
    (fetch it when you need more: its history grows with every action)."""

    id = fields.Integer()
    action = fields.String()
    from_state = fields.String()
    to_state = fields.String(metadata={"description": "the state the case is in now"})
    version = fields.Integer(metadata={"description": "send it as expected_version next time"})
    due_at = UtcDateTime(allow_none=True, metadata={"description": "deadline of this state"})
    overdue = fields.Boolean()
    changes = fields.Dict(metadata={"description": "field: [old, new]"})
    actions = DescribedActions(
        metadata={"description": "what you may do now, with each action's payload fields"}
    )
    record = fields.String(
        allow_none=True,
        metadata={
            "description": "the full record's URL; null when the action took the case out of "
            "your scope (an institution that declined a referral)"
        },
    )


def action_result(
    workflow: Workflow, outcome: Outcome, actor: Actor, now: dt.datetime, record_url: str
) -> dict:
    """The ActionResult of `outcome`, JSON-ready (the action endpoint answers it without a
    dump), from the snapshot the engine left: no second read."""
    case = outcome.case
    visible = workflow.visible(actor, case)
    due_at = outcome.due_at
    return {
        "id": outcome.id,
        "action": outcome.action,
        "from_state": outcome.from_state,
        "to_state": outcome.to_state,
        "version": outcome.version,
        "due_at": None if due_at is None else as_utc(due_at).isoformat(),
        "overdue": due_at is not None and due_at < now,
        "changes": outcome.changes,
        "actions": [describe(workflow.action(name)) for name in workflow.open_actions(actor, case)],
        "record": record_url if visible else None,
    }


def payload_fields(schema: type[Schema] | None) -> list[dict]:
    """Each field a payload schema asks for, as the client needs to build a form."""
    if schema is None:
        return []
    described = []
    for name, field in schema().fields.items():
        inner = field.inner if isinstance(field, fields.List) else field
        choices = [v for v in inner.validators if isinstance(v, validate.OneOf)]
        described.append(
            {
                "name": name,
                "type": next(label for kind, label in FIELD_TYPES if isinstance(field, kind)),
                "required": field.required,
                "choices": list(choices[0].choices) if choices else None,
                "description": field.metadata.get("description", ""),
            }
        )
    return described


@cache  # a definition never changes while the process runs
def describe(action: Action) -> dict:
    """An action as the `actions` lists show it; the caller must not change the dict."""
    return {
        "name": action.name,
        "to_state": None if action.dest is None else str(action.dest),
        "needs_reason": action.needs_reason,
        "description": action.doc,
        "payload_schema": action.payload.__name__ if action.payload else None,
        "payload_fields": payload_fields(action.payload),
    }


def payload_schemas(workflow: Workflow) -> dict[str, type[Schema]]:
    """The payload schemas of a workflow by name, to register as OpenAPI components."""
    return {a.payload.__name__: a.payload for a in workflow.actions if a.payload}


def action_table(workflow: Workflow) -> str:
    """A Markdown table of the actions for the action endpoint's description."""
    rows = [
        "| action | from | to | roles | reason | payload |",
        "|---|---|---|---|---|---|",
    ]
    for a in workflow.actions:
        if not a.sources:
            continue
        payload = f"`{a.payload.__name__}`" if a.payload else "none"
        rows.append(
            f"| `{a.name}` | {', '.join(a.sources)} | {a.dest or '(stays)'} "
            f"| {', '.join(sorted(a.roles))} | {'required' if a.needs_reason else 'optional'} "
            f"| {payload} |"
        )
    return "\n".join(rows)


def action_request(workflow: Workflow) -> type[Schema]:
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in payload_schemas(workflow)]

    class ActionRequest(Schema):
        reason = fields.String(
            load_default="",
            validate=Length(max=2000),
            metadata={"description": "required by actions marked so (reject, withdraw ...)"},
        )
        payload = fields.Dict(
            load_default=dict,
            metadata={
                "description": "the action's payload; see the action table for its schema",
                "oneOf": refs,
            },
        )
        expected_version = fields.Integer(
            required=True,
            metadata={"description": "the version you read; 409 if the case changed since"},
        )

    return ActionRequest
