"""No 500 on bad input: ids and page numbers beyond 64 bits, JSON nested deeper than
a parser should follow, numbers of thousands of digits and periods that are not periods are each
answered 4xx problem+json with a code, on every route that takes them."""

from __future__ import annotations

import pytest

from tests.web.conftest import API, PROBLEM, auth

HUGE = str(2**63)
DIGITS = "9" * 5000


def assert_refused(response, where):
    assert 400 <= response.status_code < 500, (where, response.status_code,
                                               response.get_data(as_text=True)[:300])  # fmt: skip
    assert response.content_type == PROBLEM, where
    assert response.get_json()["code"], where


def get_paths(app):
    """Every API GET route with its path parameters filled by `value`."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API) and "GET" in rule.methods and rule.arguments:
            yield rule


@pytest.mark.parametrize("value", [HUGE, "9" * 30, DIGITS])
def test_ids_beyond_64_bits_are_refused_or_not_found(app, client, world, value):
    headers = auth(world.a, "admin")
    for rule in get_paths(app):
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", "x")
        assert_refused(client.get(path, headers=headers), path)


@pytest.mark.parametrize("value", [HUGE, DIGITS, "-1", "0"])
def test_page_numbers_beyond_64_bits_are_refused(client, world, value):
    headers = auth(world.a, "admin")
    for path in ("children", "rehab-applications", "claims", "registry/children?name=王",
                 "access-log"):  # fmt: skip
        sep = "&" if "?" in path else "?"
        for arg in ("page", "per_page"):
            url = f"{API}/{path}{sep}{arg}={value}"
            assert_refused(client.get(url, headers=headers), url)


def test_json_nested_deeply_is_refused(client, world):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(f"{API}/children", data=body, content_type="application/json",
                           headers=auth(world.a, "intake_clerk"))  # fmt: skip
    assert_refused(response, "nested")


def test_numbers_of_thousands_of_digits_are_refused(client, world):
    body = '{"name": "王", "place_id": ' + DIGITS + ', "id_number": "x"}'
    response = client.post(f"{API}/children", data=body, content_type="application/json",
                           headers=auth(world.a, "intake_clerk"))  # fmt: skip
    assert_refused(response, "digits")
    body = '{"period": "2026-Q1", "x": 1.' + DIGITS + "}"
    response = client.post(f"{API}/claims", data=body, content_type="application/json",
                           headers=auth(world.a, "institution_staff"))  # fmt: skip
    assert_refused(response, "decimal digits")


@pytest.mark.parametrize("period", ["测", '2026-Q2";filename=evil.exe', "2026-Q9", "", "9" * 5000])
def test_a_period_that_is_not_one_is_refused_with_a_code(client, world, period):
    auditor = auth(world.a, "settlement_auditor")
    response = client.get(f"{API}/claims/statement", query_string={"period": period},
                          headers=auditor)  # fmt: skip
    assert_refused(response, "statement")
    assert response.status_code == 422
    listing = client.get(f"{API}/claims", query_string={"period": period}, headers=auditor)
    if period:  # an empty filter filters nothing
        assert_refused(listing, "claims")
    created = client.post(f"{API}/claims", json={"period": period},
                          headers=auth(world.a, "institution_staff"))  # fmt: skip
    assert_refused(created, "draft")


@pytest.mark.parametrize("value", [HUGE, DIGITS, "1" + "0" * 15])
def test_the_pages_answer_huge_numbers_without_a_500(app, world, value):
    from tests.web.pages.conftest import Browser

    browser = Browser(app)
    assert browser.sign_in(world.a.users["admin"].username).status_code == 302
    paths = [f"/children?page={value}", f"/applications?page={value}", f"/children/{value}",
             f"/admin/access-log?page={value}&user_id={value}"]  # fmt: skip
    for path in paths:
        response = browser.client.get(path)
        assert response.status_code < 500, (path, response.status_code)
