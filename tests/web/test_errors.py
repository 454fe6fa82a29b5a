"""Every error class leaves the API as application/problem+json and changes nothing."""

from __future__ import annotations

from casework.models import AuditEntry
from tests.web.conftest import API, act, auth, footprint, problem


def test_no_token_is_401(client, world):
    application = world.application()
    body = problem(client.get(f"{API}/rehab-applications/{application.id}"), 401)
    assert "Bearer" in body["detail"]


def test_unknown_or_malformed_token_is_401(client, world):
    for header in ("Bearer not-a-token", "Basic dXNlcjpwdw==", "Bearer "):
        response = client.get(f"{API}/places", headers={"Authorization": header})
        problem(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_401(client, world):
    from casework.models import ApiToken

    ApiToken.update(revoked_at=world.now).execute()
    problem(client.get(f"{API}/users/me", headers=auth(world.a, "reviewer")), 401)


def test_wrong_role_is_403_and_changes_nothing(client, world):
    application = world.application()
    before = footprint(application.id)
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/start_review",
        json={"expected_version": 1},
        headers=auth(world.a, "finance_officer"),
    )
    assert "finance_officer" in problem(response, 403)["detail"]
    assert footprint(application.id) == before


def test_non_admin_cannot_create_users_403(client, world):
    response = client.post(
        f"{API}/users",
        json={
            "username": "x-clerk",
            "name": "x",
            "role": "intake_clerk",
            "password": "password-1",
            "place_id": world.a.county.id,
        },
        headers=auth(world.a, "reviewer"),
    )
    problem(response, 403)


def test_unknown_application_is_404(client, world):
    problem(client.get(f"{API}/rehab-applications/999", headers=auth(world.a, "reviewer")), 404)
    body = act(client, world.a, "reviewer", 999, "start_review", version=1, status=404)
    assert body["detail"] == "rehab case 999 does not exist"


def test_unknown_action_is_404_and_changes_nothing(client, world):
    application = world.application()
    before = footprint(application.id)
    for name in ("fly_away", "submit"):  # submit creates; it is not an action on a case
        response = client.post(
            f"{API}/rehab-applications/{application.id}/actions/{name}",
            json={"expected_version": 1},
            headers=auth(world.a, "reviewer"),
        )
        assert name in problem(response, 404)["detail"]
    assert footprint(application.id) == before


def test_unknown_route_is_404_problem(client, world):
    problem(client.get(f"{API}/no-such-thing", headers=auth(world.a, "reviewer")), 404)


def test_invalid_transition_is_409_naming_allowed_actions(client, world):
    application = world.application()
    before = footprint(application.id)
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/approve",
        json={"expected_version": 1},
        headers=auth(world.a, "reviewer"),
    )
    body = problem(response, 409)
    assert body["allowed"] == ["record_documents", "start_review"]
    assert body["state"] == "submitted"
    assert body["code"] == "action_not_possible"
    assert body["params"] == {"workflow": "rehab", "action": "approve", "state": "submitted"}
    assert footprint(application.id) == before


def test_stale_version_is_409_and_changes_nothing(client, world):
    application = world.application()
    act(client, world.a, "reviewer", application.id, "start_review")
    before = footprint(application.id)
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/approve",
        json={"expected_version": 1},
        headers=auth(world.a, "reviewer"),
    )
    body = problem(response, 409)
    assert body["version"] == 2 and "approve" in body["allowed"]
    assert footprint(application.id) == before


def test_body_validation_is_422_with_field_errors(client, world):
    application = world.application()
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/start_review",
        json={"expected_version": "two", "colour": "red"},
        headers=auth(world.a, "reviewer"),
    )
    body = problem(response, 422)
    assert body["errors"]["expected_version"] == ["Not a valid integer."]
    assert body["errors"]["colour"] == ["Unknown field."]
    assert body["code"] == "invalid_input"
    assert body["error_codes"] == {  # marshmallow's own messages: named by their kind
        "expected_version": [{"code": "invalid", "params": {}}],
        "colour": [{"code": "unknown_field", "params": {}}],
    }


def test_query_validation_is_422_with_field_errors(client, world):
    response = client.get(
        f"{API}/rehab-applications?state=lost&per_page=0", headers=auth(world.a, "reviewer")
    )
    body = problem(response, 422)
    assert set(body["errors"]) == set(body["error_codes"]) == {"state", "per_page"}
    assert body["error_codes"]["per_page"] == [
        {"code": "out_of_range", "params": {"min": 1, "max": 200}}
    ]


def test_nested_field_errors_are_dotted_paths(client, world):
    response = client.post(
        f"{API}/children",
        json={
            "id_number": "x",
            "name": "张三",
            "place_id": world.a.villages[0].id,
            "guardians": [{"relation": "母亲"}],
        },
        headers=auth(world.a, "intake_clerk"),
    )
    assert "guardians.0.name" in problem(response, 422)["errors"]


def test_payload_and_reason_rules_are_422_and_change_nothing(client, world):
    application = world.application()
    act(client, world.a, "reviewer", application.id, "start_review")
    before = footprint(application.id)
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/reject",
        json={"expected_version": 2, "reason": "  "},
        headers=auth(world.a, "reviewer"),
    )
    body = problem(response, 422)
    assert body["errors"] == {"reason": ["a reason is required"]}
    assert body["code"] == "reason_required"
    assert body["params"] == {"workflow": "rehab", "action": "reject"}
    assert body["error_codes"] == {"reason": [{"code": "required", "params": {}}]}
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/record_documents",
        json={"expected_version": 2, "payload": {"received": ["passport"]}},
        headers=auth(world.a, "reviewer"),
    )
    assert list(problem(response, 422)["errors"]) == ["received.0"]
    assert footprint(application.id) == before


def test_domain_validation_is_422_with_field_errors(client, world):
    response = client.post(
        f"{API}/children",
        json={
            "id_number": "330127202105010018",
            "name": "张三",
            "place_id": world.a.villages[0].id,
        },
        headers=auth(world.a, "intake_clerk"),
    )
    body = problem(response, 422)
    assert body["errors"] == {"id_number": ["ID number has a wrong check digit"]}
    assert body["code"] == "id_number_checksum"
    assert body["error_codes"] == {"id_number": [{"code": "id_number_checksum", "params": {}}]}


def test_a_field_refused_by_a_rule_says_its_code(client, world):
    response = client.post(
        f"{API}/children",
        json={"id_number": "330127202105010019", "name": "张三", "place_id": world.a.county.id},
        headers=auth(world.a, "intake_clerk"),
    )
    body = problem(response, 422)
    assert body["errors"] == {"place_id": ["must be a village"]}
    assert (body["code"], body["error_codes"]) == (
        "invalid_child_file",
        {"place_id": [{"code": "not_a_village", "params": {}}]},
    )


def test_a_refusal_says_its_code_and_params(client, world):
    application = world.application()
    act(client, world.a, "reviewer", application.id, "start_review")
    response = client.post(
        f"{API}/rehab-applications/{application.id}/actions/approve",
        json={"expected_version": 1},
        headers=auth(world.a, "reviewer"),
    )
    body = problem(response, 409)
    assert body["code"] == "stale_version"
    assert body["params"] == {"version": 2, "expected": 1} and body["version"] == 2


def test_duplicate_id_number_is_409_with_the_existing_file(client, world):
    child = world.child()
    response = client.post(
        f"{API}/children",
        json={"id_number": child.id_number, "name": "重复", "place_id": world.a.villages[1].id},
        headers=auth(world.a, "intake_clerk"),
    )
    body = problem(response, 409)
    assert body["existing_id"] == child.id
    assert body["existing_url"] == f"{API}/children/{child.id}"


def test_malformed_bodies_are_problems(client, world):
    application = world.application()
    url = f"{API}/rehab-applications/{application.id}/actions/start_review"
    headers = {**auth(world.a, "reviewer"), "Content-Type": "application/json"}
    assert problem(client.post(url, data="{oops", headers=headers), 400)["detail"] == (
        "Invalid JSON body."
    )
    assert problem(client.post(url, json=[1], headers=headers), 422)["detail"] == (
        "Invalid input type."
    )
    gone = problem(
        client.delete(f"{API}/rehab-applications/{application.id}", headers=headers), 405
    )
    assert gone["code"] == "method_not_allowed"


def test_action_bodies_are_cleaned_like_every_body(client, world):
    application = world.application()
    act(client, world.a, "reviewer", application.id, "start_review")
    act(client, world.a, "reviewer", application.id, "reject", reason="户籍\x0b不在本县\x1f")
    rejected = AuditEntry.get(AuditEntry.entity_id == application.id, AuditEntry.action == "reject")
    assert rejected.reason == "户籍不在本县"
