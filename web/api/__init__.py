"""The JSON API (/api/v1): flask-smorest blueprints, bearer tokens, problem+json errors."""

from __future__ import annotations

import http

from flask import Flask, request, send_from_directory
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import fields
from swagger_ui_bundle import swagger_ui_path

from casework.workflows.payloads import Month
from casework.workflows.registry import WORKFLOWS
from web.api import errors
from web.api.auth import current_actor
from web.api.schemas.actions import payload_schemas
from web.api.schemas.common import ProblemSchema

PREFIX = "/api/v1"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class CaseworkApi(Api):
    """flask-smorest's Api, documenting every error as application/problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, errors.PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, errors.PROBLEM)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def _month_pattern(converter, field, ret, **kwargs) -> dict:
    """A month is answered and read as YYYY-MM: the schema says so, not "string" alone nor
    "date" (which is YYYY-MM-DD)."""
    month = isinstance(field, Month)
    month |= isinstance(field, fields.Date) and field.format == "%Y-%m"
    if not month:
        return {}
    ret.pop("format", None)
    return {"pattern": MONTH_PATTERN}


def register_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="casework",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=f"{PREFIX}/docs/assets/",  # vendored: no CDN needed
        API_SPEC_OPTIONS={
            "info": {
                "description": "Rehabilitation aid for children with disabilities, for county "
                "federations and designated institutions. Send `Authorization: Bearer <token>`."
                " Errors are application/problem+json."
            },
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    )
    api = CaseworkApi(app)
    errors.register(app)
    api.register_field(Month, "string", None)
    api.ma_plugin.converter.add_attribute_function(_month_pattern)
    for workflow in WORKFLOWS:  # the action requests refer to them by name
        for name, schema in payload_schemas(workflow).items():
            api.spec.components.schema(name, schema=schema)

    @app.get(f"{PREFIX}/docs/assets/<path:name>")
    def swagger_assets(name):
        return send_from_directory(swagger_ui_path, name)

    from web.api import (
        access_log,
        applications,
        benefits,
        calendar,
        cases,
        children,
        claims,
        county_policy,
        coverage,
        documents,
        dropouts,
        families,
        inbox,
        institutions,
        ledgers,
        national_entries,
        places,
        policy,
        province,
        rates,
        register,
        registry,
        reports,
        returns,
        screenings,
        tokens,
        users,
        visits,
    )

    resources = (places, institutions, users, children, registry, applications, dropouts)
    resources += (claims, policy, calendar, reports, visits, screenings, inbox)
    resources += (documents, access_log, tokens, benefits, families, register)
    resources += (coverage, rates, ledgers, returns, national_entries, province)
    blueprints = [module.blp for module in resources]
    blueprints += list(cases.blueprints())  # the workflows without an API module of their own
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=f"{PREFIX}/{blueprint.name}")
    # beside the settlement policy, under the same /policy
    api.register_blueprint(county_policy.blp, url_prefix=f"{PREFIX}/policy")
    guarded = frozenset(blueprint.name for blueprint in [*blueprints, county_policy.blp])

    @app.before_request
    def _authenticate() -> None:
        # every resource needs a token: a request without one is 401 before its arguments
        # are read, so an anonymous caller learns nothing of what a valid request looks like
        if request.blueprint in guarded:
            current_actor()
