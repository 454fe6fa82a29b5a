"""Workflow actions over HTTP. The payload schemas are casework's own (rehab_payloads.py):
this module only refers to them, for validation, the OpenAPI document and `actions` lists."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.workflows.definition import Action, Workflow
from casework.workflows.payloads import Month

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


def describe(action: Action) -> dict:
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
            validate=validate.Length(max=2000),
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
