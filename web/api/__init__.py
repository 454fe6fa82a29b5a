"""The JSON API (/api/v1): flask-smorest blueprints, bearer tokens, problem+json errors."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Flask, send_from_directory
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from web.api import errors

PREFIX = "/api/v1"


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
            "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
            },
            "security": [{"bearer": []}],
        },
    )
    api = Api(app)
    errors.register(app)

    @app.get(f"{PREFIX}/docs/assets/<path:name>")
    def swagger_assets(name):
        return send_from_directory(swagger_ui_path, name)

    for name in ("places", "institutions", "users", "children", "applications"):
        if find_spec(f"web.api.{name}") is None:  # resources not merged into this tree yet
            continue
        module = import_module(f"web.api.{name}")
        api.register_blueprint(module.blp, url_prefix=f"{PREFIX}/{module.blp.name}")
