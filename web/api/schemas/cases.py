"""The schemas of a workflow served by the generic API (web/api/cases.py), generated from its
definition: the case's model gives the fields of its summary and its record, its states the
list's filter; the creating action's payload is the body of a new case."""

from __future__ import annotations

from functools import cache

from marshmallow import Schema, fields
from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
)

from casework.rules import masking
from casework.workflows.definition import Workflow
from casework.workflows.payloads import one_of
from web.api.masking import MaskedColumn
from web.api.schemas.actions import AvailableActionSchema
from web.api.schemas.applications import HistorySchema
from web.api.schemas.common import CaseSummary, PageQuery, PageSchema, UtcDateTime

# what every case has, in CaseSummary already, or says nothing to a client
BOOKKEEPING = frozenset({"id", "state", "version", "due_at"})


def title(workflow: Workflow) -> str:
    """The prefix of its schemas' names: "Transfer" (TransferSummary, TransferDetail ...)."""
    return "".join(part.title() for part in workflow.name.split("_"))


def _field(column: Field) -> tuple[str, fields.Field]:
    if isinstance(column, ForeignKeyField):  # the id, as <name>_id
        return f"{column.name}_id", fields.Integer(allow_none=True)
    kind = (
        (DateTimeField, UtcDateTime),
        (DateField, fields.Date),
        (BooleanField, fields.Boolean),
        (IntegerField, fields.Integer),
    )
    if masking.is_personal(column.name):
        return column.name, MaskedColumn(column.name, allow_none=True)
    made = next((make for base, make in kind if isinstance(column, base)), fields.String)
    return column.name, made(allow_none=True)


def _columns(workflow: Workflow, names=None) -> dict[str, fields.Field]:
    found = workflow.model._meta.fields
    chosen = [found[name] for name in names] if names is not None else found.values()
    return dict(_field(column) for column in chosen if column.name not in BOOKKEEPING)


@cache
def summary(workflow: Workflow) -> type[Schema]:
    """What a list shows of a case: its number, state, deadline, county and list columns."""
    names = ("county", *workflow.list_columns)
    return CaseSummary.from_dict(_columns(workflow, names), name=f"{title(workflow)}Summary")


@cache
def detail(workflow: Workflow) -> type[Schema]:
    """The case's record: every column of its row, its history and the actions open to you."""
    more = {
        "history": fields.List(fields.Nested(HistorySchema)),
        "actions": fields.List(fields.Nested(AvailableActionSchema)),
    }
    return CaseSummary.from_dict(_columns(workflow) | more, name=f"{title(workflow)}Detail")


@cache
def page(workflow: Workflow) -> type[Schema]:
    items = {"items": fields.List(fields.Nested(summary(workflow)))}
    return PageSchema.from_dict(items, name=f"{title(workflow)}Page")


@cache
def query(workflow: Workflow) -> type[Schema]:
    filters = {
        "state": fields.String(load_default=None, validate=one_of(workflow.states)),
        "overdue": fields.Boolean(
            load_default=None, metadata={"description": "true: past the deadline only"}
        ),
    }
    return PageQuery.from_dict(filters, name=f"{title(workflow)}Query")
