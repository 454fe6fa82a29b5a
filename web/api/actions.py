"""The action endpoint, one definition for every workflow: POST <cases>/<id>/actions/<action>.

Every action of every workflow passes here, so its request path is kept short. The operation
is documented (request body, answer, problems) by one `doc` instead of flask-smorest's
decorators, which wrap the view once each (eight layers) and parse and dump through webargs
and marshmallow: without them an action costs a tenth less Python (0.36 -> 0.33 ms in one
process). The body is read as webargs reads it, cleaned as every body is, and refused with
the same problems; the answer is the ActionResult, built JSON-ready.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import jsonify, request, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, ValidationError, missing

from casework.workflows.definition import Workflow
from web.api.auth import current_actor
from web.api.common import PROBLEM_RESPONSES, Blueprint, now
from web.api.schemas.actions import ActionResult, action_result, action_table

DESCRIPTION = (
    "Carry out one action. Unknown actions give 404; an action not open in the current state "
    "gives 409 naming the actions `allowed` now; a stale `expected_version` gives 409 too. "
    "Nothing changes on any refusal. The answer is compact: the new state, version and "
    "deadline, the actions open to you now and the link to {record}."
)


def register(
    blp: Blueprint,
    workflow: Workflow,
    act: Callable,
    *,
    request_schema: type[Schema],
    case_id: str,
    record_endpoint: str,
    summary: str,
    record: str,
    endpoint: str,
) -> None:
    """Add `/<case_id>/actions/<action>` to `blp`: `act(actor, id, action, now=..., **body)`
    carries the action out; the answer links to `record_endpoint`."""
    schema = request_schema()  # one instance: building one per request costs
    parameter = {
        "in": "path",
        "name": "action",
        "required": True,
        "schema": {"type": "string", "enum": [a.name for a in workflow.actions if a.sources]},
    }
    answer = {"description": "OK", "content": {"application/json": {"schema": ActionResult}}}

    @blp.doc(
        summary=summary,
        description=DESCRIPTION.format(record=record) + "\n\n" + action_table(workflow),
        parameters=[parameter],
        requestBody={"required": True, "content": {"application/json": {"schema": schema}}},
        responses={200: answer, **{c: PROBLEM_RESPONSES[c] for c in (401, 403, 404, 409, 422)}},
    )
    def post(self, action: str, **ids):
        body = read_body(blp, schema)
        actor, at = current_actor(), now()
        outcome = act(actor, ids[case_id], action, now=at, **body)
        return jsonify(action_result(workflow, outcome, actor, at, url_for(record_endpoint, **ids)))

    view = type(endpoint, (MethodView,), {"post": post})
    blp.route(f"/<int:{case_id}>/actions/<string:action>", endpoint=endpoint)(view)


def read_body(blp: Blueprint, schema: Schema) -> dict:
    """The JSON body through `schema`, as flask-smorest's `arguments` reads it: no JSON body
    is an empty one, malformed JSON a 400, field errors a 422 naming the fields."""
    parser = blp.ARGUMENTS_PARSER
    data = parser.load_json(request, schema)
    data = parser.pre_load({} if data is missing else data, schema=schema, req=request,
                           location="json")  # fmt: skip
    try:
        return schema.load(data)
    except ValidationError as error:
        abort(422, messages={"json": error.messages})
