"""The OpenAPI document is valid and complete; the docs page loads with its own assets."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from flask_smorest import Blueprint
from openapi_spec_validator import validate

import web.api
from casework.workflows.rehab import REHAB
from tests.web.conftest import API
from web.api import cases

NOT_DOCUMENTED = {
    f"{API}/openapi.json",
    f"{API}/docs",
    f"{API}/docs/<path:filename>",
    f"{API}/docs/assets/<path:name>",
}


@pytest.fixture
def client(app):
    """No world needed: these requests carry no token."""
    return app.test_client()


def document(client) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.content_type == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi(client):
    spec = document(client)
    validate(spec)
    assert spec["components"]["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}
    assert spec["security"] == [{"bearer": []}]


def api_blueprints() -> dict[str, Blueprint]:
    """Every blueprint a module of web.api defines, by name: what the API should serve."""
    found = {}
    for info in pkgutil.iter_modules(web.api.__path__):
        blueprint = getattr(importlib.import_module(f"web.api.{info.name}"), "blp", None)
        if isinstance(blueprint, Blueprint):
            found[blueprint.name] = blueprint
    # and one per workflow served by the generic module (web/api/cases.py)
    return found | {blueprint.name: blueprint for blueprint in cases.blueprints()}


def routed_operations(app) -> dict[tuple[str, str], str]:
    """(OpenAPI path, method) of every API route the application serves -> its blueprint."""
    return {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method): rule.endpoint.split(".")[0]
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API) and rule.rule not in NOT_DOCUMENTED
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method.upper(), operation


def test_every_route_and_method_is_documented(client):
    spec = document(client)
    documented = {(path, method) for path, method, _ in operations(spec)}
    routed = routed_operations(client.application)
    assert set(routed) == documented
    # every module's blueprint is registered, serves something and is documented under its tag
    blueprints = api_blueprints()
    assert set(routed.values()) == set(blueprints)
    tags = {operation["tags"][0] for _, _, operation in operations(spec)}
    assert tags == set(blueprints) == {tag["name"] for tag in spec["tags"]}


PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_errors_are_documented_as_problems(client):
    spec = document(client)
    responses = spec["components"]["responses"]
    for name in ("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "UNPROCESSABLE_ENTITY"):
        assert responses[name]["content"] == PROBLEM
    members = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"code", "params", "errors", "error_codes"} <= set(members)  # what to key on
    for path, method, operation in operations(spec):
        where = f"{method} {path}"
        codes = operation["responses"]
        # every operation needs a token; one naming a record may not find it; one taking
        # a body or a query may find it invalid
        assert "401" in codes, where
        if "{" in path:
            assert "404" in codes, where
        if "requestBody" in operation or any(
            p["in"] == "query" for p in operation.get("parameters", [])
        ):
            assert "422" in codes, where
        for code, response in codes.items():
            if code == "default" or code >= "400":
                name = response["$ref"].rsplit("/", 1)[1]
                assert responses[name]["content"] == PROBLEM, f"{where} {code}"


def test_action_payloads_come_from_the_workflow_definition(client):
    spec = document(client)
    schemas = spec["components"]["schemas"]
    payloads = {a.payload.__name__ for a in REHAB.actions if a.payload}
    referenced = {
        ref["$ref"].rsplit("/", 1)[1]
        for ref in schemas["ActionRequest"]["properties"]["payload"]["oneOf"]
    }
    assert referenced == payloads and payloads <= set(schemas)
    assert set(schemas["AttendancePayload"]["required"]) == {"month", "days_attended"}
    operation = spec["paths"][f"{API}/rehab-applications/{{application_id}}/actions/{{action}}"]
    action = [p for p in operation["post"]["parameters"] if p["name"] == "action"][0]
    assert action["schema"]["enum"] == [a.name for a in REHAB.actions if a.sources]
    assert "`report_dropout` | in_rehabilitation | dropped_out" in operation["post"]["description"]


def test_docs_page_loads_its_assets_locally(client):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(assets) == [
        f"{API}/docs/assets/swagger-ui-bundle.js",
        f"{API}/docs/assets/swagger-ui-standalone-preset.js",
        f"{API}/docs/assets/swagger-ui.css",
    ]
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.data) > 10_000, url
        asset.close()
    assert f'url: "{API}/openapi.json"' in html
    assert client.get(f"{API}/docs/assets/../../../etc/passwd").status_code == 404


def test_every_action_endpoint_answers_the_compact_action_result(client):
    spec = document(client)
    actions = [path for path in spec["paths"] if path.endswith("/actions/{action}")]
    assert len(actions) == 5  # rehab applications, claims, reports, transfers (generic), register
    for path in actions:
        answer = spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        assert answer["schema"] == {"$ref": "#/components/schemas/ActionResult"}, path
    result = spec["components"]["schemas"]["ActionResult"]["properties"]
    assert set(result) == {"id", "action", "from_state", "to_state", "version", "due_at",
                           "overdue", "changes", "actions", "record"}  # fmt: skip
    assert result["actions"]["items"] == {"$ref": "#/components/schemas/AvailableAction"}


def test_the_writes_that_take_an_idempotency_key_document_the_header(client):
    paths = document(client)["paths"]

    def header(operation: dict) -> list[dict]:
        return [p for p in operation.get("parameters", []) if p["in"] == "header"]

    for path in (f"{API}/visits", f"{API}/reports"):
        post = paths[path]["post"]
        assert [(p["name"], p["required"]) for p in header(post)] == [("Idempotency-Key", False)]
        assert post["parameters"][0]["schema"]["maxLength"] == 100
        assert "requestBody" in post and "409" in post["responses"]  # reused: 409
        assert header(paths[path]["get"]) == []  # the reads take no key
