"""HTTP manners: 401 before 422 when the token is missing, nothing with personal
data kept by a cache, the methods named on a 405, and schema formats that match the answers."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.web.pages.conftest import Browser

API = "/api/v1"


@pytest.fixture
def http(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", f"{API}/reports?state=bogus&page=0", None),
        ("post", f"{API}/reports", {"harm_type": "bullying"}),
        ("post", f"{API}/children", {"name": 1}),
        ("get", f"{API}/claims?period=x", None),
    ],
)
def test_a_missing_token_is_401_before_the_input_is_read(http, method, url, body):
    response = getattr(http, method)(url, json=body)
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.get_json()["code"] == "token_missing"


def test_api_answers_and_pages_are_not_stored(http, world, app):
    token = {"Authorization": f"Bearer {world.a.token('case_worker')}"}
    for response in (http.get(f"{API}/children", headers=token), http.get(f"{API}/reports"),
                     http.get(f"{API}/children/999999", headers=token)):  # fmt: skip
        assert response.headers["Cache-Control"] == "no-store", response.status_code
    browser = Browser(app)
    browser.sign_in(world.a.users["case_worker"].username)
    assert browser.get("/children").headers["Cache-Control"] == "no-store"
    assert browser.get("/sign-in").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(http):
    with http.get("/static/pages.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_405_names_the_allowed_methods(http, world):
    token = {"Authorization": f"Bearer {world.a.token('case_worker')}"}
    response = http.delete(f"{API}/reports", headers=token)
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}
    page = http.delete("/sign-in")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]


def _properties(node, name=""):
    """(name, property) of every property anywhere in an OpenAPI document."""
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield key, value
            yield from _properties(value, key)
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, name)


def test_schema_formats_match_what_is_answered(app):
    from marshmallow import class_registry, fields

    from web.api.schemas.common import UtcDateTime

    # every timestamp answered says its zone, as the schema's date-time (RFC 3339) requires
    naive = []
    for entries in class_registry._registry.values():
        for schema in entries:
            for name, field in schema._declared_fields.items():
                inner = getattr(field, "inner", field)
                for f in (field, inner):
                    if isinstance(f, fields.DateTime) and not isinstance(f, UtcDateTime):
                        naive.append(f"{schema.__name__}.{name}")
    assert not naive, naive
    spec = app.test_client().get(f"{API}/openapi.json").get_json()
    months = [(n, p) for n, p in _properties(spec) if n in {"month", "last_month", "months"}]
    assert months
    for name, prop in months:
        prop = prop.get("items", prop)
        assert prop.get("format") != "date" and prop["pattern"].startswith(r"^\d{4}-"), name
