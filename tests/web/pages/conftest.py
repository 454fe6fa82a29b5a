"""Page tests: the app with its clock fixed at NOW and CSRF on, and browsers signed in per role."""

from __future__ import annotations

import re

import pytest

PASSWORD = "password-1"  # tests/factories.py gives every user this password
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def pages(app, world):
    """The test app (tests/conftest.py) on the tests' fixed clock."""
    app.config["CASEWORK_CLOCK"] = lambda: world.now  # NOW, until the world waits
    return app


class Browser:
    """A test client that keeps its cookies and reads the CSRF token off the last page."""

    def __init__(self, app):
        self.client = app.test_client()
        self.token = ""

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        found = TOKEN.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return response

    def post(self, url, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            if not self.token:
                self.get("/sign-in")
            data.setdefault("csrf_token", self.token)
        return self.client.post(url, data=data, **kw)

    def sign_in(self, username, password=PASSWORD):
        self.get("/sign-in")
        return self.post("/sign-in", {"username": username, "password": password})

    def text(self, url, status=200):
        response = self.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)


@pytest.fixture
def browser(pages):
    return Browser(pages)


@pytest.fixture
def as_role(pages, world):
    """as_role("reviewer") -> a Browser signed in as county a's user in that role."""

    def sign_in(key: str, county=None):
        browser = Browser(pages)
        user = (county or world.a).users[key]
        response = browser.sign_in(user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        browser.get(response.headers["Location"], follow_redirects=True)  # a fresh CSRF token
        return browser

    return sign_in
