"""/api/v1/<resource> for every workflow of the registry without an API module of its own
(a definition with a `resource`, casework/workflows/definition.py): the cases in your scope
(paged, filtered by state), one case with its history and the actions open to you, a new case
through the creating action, and the action endpoint (web/api/actions.py). Schemas are
generated from the definition (web/api/schemas/cases.py)."""

from __future__ import annotations

from functools import cache

from flask import request, url_for
from flask.views import MethodView
from marshmallow import missing

from casework.services.cases import generic_workflows, service
from casework.workflows.definition import Workflow
from web.access import unmask_for
from web.api import actions
from web.api.auth import current_actor
from web.api.common import TOTAL, Blueprint, now, page_body, problems, total_header
from web.api.schemas import cases as schemas
from web.api.schemas.actions import action_request, describe


@cache  # built once, registered on every app the process makes (as the modules' own are)
def blueprints() -> tuple[Blueprint, ...]:
    return tuple(_blueprint(workflow) for workflow in generic_workflows())


def _blueprint(workflow: Workflow) -> Blueprint:
    name, title, cases = workflow.resource, schemas.title(workflow), service(workflow)
    creating = workflow.creating
    blp = Blueprint(name, __name__, description=f"{title} cases (the {workflow.name} workflow)")
    by_id = f"{title}ById"

    def detail(case_id: int):
        record = cases.get(current_actor(), case_id)
        # the record's own endpoint: whole for the roles that call the family, logged
        unmask_for(current_actor(), workflow.name, case_id, record.case.county_id)
        record.overdue = record.due_at is not None and record.due_at < now()
        record.actions = [describe(workflow.action(a)) for a in record.open_actions]
        return record

    @blp.arguments(schemas.query(workflow), location="query")
    @blp.response(200, schemas.page(workflow), headers=TOTAL)
    @problems(blp, 401, 422)
    def list_cases(self, query):
        rows, total = cases.list(current_actor(), now=now(), **query)
        for row in rows:
            row.overdue = row.due_at is not None and row.due_at < now()
        return page_body(rows, total, query), total_header(total)

    body = {"required": True, "content": {"application/json": {"schema": creating.payload}}}

    @blp.doc(requestBody=body)
    @blp.response(201, schemas.detail(workflow))
    @problems(blp, 401, 403, 404, 422)
    def create(self):
        case = cases.create(current_actor(), _body(blp, creating.payload), now())
        return detail(case.id), {"Location": url_for(f"{name}.{by_id}", case_id=case.id)}

    list_cases.__doc__ = f"{title} cases in your scope, the nearest deadline first"
    create.__doc__ = f"A new {workflow.name} case: {creating.name} ({creating.doc})"
    blp.route("")(type(f"{title}Cases", (MethodView,), {"get": list_cases, "post": create}))

    @blp.response(200, schemas.detail(workflow))
    @problems(blp, 401, 403, 404)
    def get(self, case_id):
        return detail(case_id)

    get.__doc__ = f"The {workflow.name} case with its history and the actions open to you"
    blp.route("/<int:case_id>")(type(by_id, (MethodView,), {"get": get}))
    actions.register(
        blp,
        workflow,
        cases.act,
        request_schema=type(f"{title}ActionRequest", (action_request(workflow),), {}),
        case_id="case_id",
        record_endpoint=f"{name}.{by_id}",
        summary=f"Carry out an action on a {workflow.name} case",
        record=f"the {workflow.name} case",
        endpoint=f"{title}Action",
    )
    return blp


def _body(blp: Blueprint, schema) -> dict:
    """The JSON body, cleaned as every body is; the engine validates it against the creating
    action's payload, so its refusals carry the payload's field codes."""
    parser = blp.ARGUMENTS_PARSER
    data = parser.load_json(request, schema())
    return parser.pre_load({} if data is missing else data, schema=schema(), req=request,
                           location="json")  # fmt: skip
