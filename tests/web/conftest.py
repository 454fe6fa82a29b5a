"""The API tests run at the world's fixed time and speak as one of the world's users."""

from __future__ import annotations

import pytest

from casework.models import AuditEntry, RehabApplication
from tests.conftest import NOW

PROBLEM = "application/problem+json"
API = "/api/v1"


@pytest.fixture
def client(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


def auth(county, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {county.token(role)}"}


def problem(response, status: int) -> dict:
    """Assert `response` is a problem+json of `status` and return its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def act(client, county, role, application_id, action, *, version=None, status=200, **body):
    """POST one action as `role`; `version` defaults to the application's current one.
    Returns the application after the action, or the problem when refused."""
    if version is None:
        version = RehabApplication.get_by_id(application_id).version
    response = client.post(
        f"{API}/rehab-applications/{application_id}/actions/{action}",
        json={"expected_version": version, **body},
        headers=auth(county, role),
    )
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    return body["application"] if status == 200 else body


def footprint(application_id: int) -> tuple:
    """What a refused request must leave untouched: state, version, deadline, audit rows."""
    application = RehabApplication.get_by_id(application_id)
    rows = (
        AuditEntry.select()
        .where(AuditEntry.entity == "rehab", AuditEntry.entity_id == application_id)
        .count()
    )
    return application.state, application.version, application.due_at, rows
