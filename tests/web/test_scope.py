"""Scope: every role against a record outside its county, institution staff against another
institution's application. Each request is refused with 403 and changes nothing."""

from __future__ import annotations

import pytest

from casework.models import Child
from casework.workflows.rehab import REHAB
from tests.web.conftest import API, auth, footprint, problem

ACTIONS = [a.name for a in REHAB.actions if a.sources]
ROLES = [
    "intake_clerk",
    "reviewer",
    "settlement_auditor",
    "finance_officer",
    "case_worker",
    "leader",
    "admin",
    "child_supervisor",
    "teacher",
    "child_director",
    "institution_staff",
    "institution_staff_2",
    "institution_staff_out",
    "department_staff",
    "department_staff_township",
]
ATTENDANCE = {"month": "2026-03", "days_attended": 2}  # so far on 2 March
DROPOUT = {"dropped_on": "2026-03-02", "last_month": "2026-03", "reason": "搬家"}


def _refused_everything(client, headers, application_id: int) -> None:
    before = footprint(application_id)
    base = f"{API}/rehab-applications/{application_id}"
    version = before[1]
    problem(client.get(base, headers=headers), 403)
    problem(client.get(f"{base}/attendance", headers=headers), 403)
    for name in ACTIONS:
        body = {"expected_version": version, "reason": "试一试"}
        problem(client.post(f"{base}/actions/{name}", json=body, headers=headers), 403)
    body = {**ATTENDANCE, "expected_version": version}
    problem(client.post(f"{base}/attendance", json=body, headers=headers), 403)
    body = {**DROPOUT, "expected_version": version}
    problem(client.post(f"{base}/dropout", json=body, headers=headers), 403)
    assert footprint(application_id) == before


@pytest.mark.parametrize("state", ["submitted", "referred", "in_rehabilitation", "settled"])
def test_every_role_of_county_a_is_refused_on_county_b(client, world, state):
    application = world.application(world.b)
    world.advance(application.id, state, county=world.b)
    for role in ROLES:
        headers = auth(world.a, role)
        _refused_everything(client, headers, application.id)
        listed = client.get(f"{API}/rehab-applications", headers=headers).get_json()
        assert application.id not in [row["id"] for row in listed["items"]], role


@pytest.mark.parametrize("state", ["referred", "accepted", "in_rehabilitation", "completed"])
def test_staff_of_other_institutions_are_refused(client, world, state):
    application = world.application()  # referred to the nearest: institutions[0]
    world.advance(application.id, state)
    assert application.id  # the same county: only the institution differs
    for role in ("institution_staff_2", "institution_staff_out"):
        _refused_everything(client, auth(world.a, role), application.id)
    mine = client.get(
        f"{API}/rehab-applications/{application.id}", headers=auth(world.a, "institution_staff")
    )
    assert mine.status_code == 200


def test_village_roles_see_only_their_village(client, world):
    elsewhere = world.application(village=1)  # child_director sits in villages[0]
    problem(
        client.get(
            f"{API}/rehab-applications/{elsewhere.id}", headers=auth(world.a, "child_director")
        ),
        403,
    )
    home = world.application(village=0)
    response = client.get(
        f"{API}/rehab-applications/{home.id}", headers=auth(world.a, "child_director")
    )
    assert response.status_code == 200
    assert response.get_json()["actions"] == []  # sees, but no action is a child director's


def test_children_of_county_b_are_refused_to_county_a(client, world):
    child = world.child(world.b)
    for role in ROLES:
        headers = auth(world.a, role)
        problem(client.get(f"{API}/children/{child.id}", headers=headers), 403)
        body = {"name": "改名", "expected_version": 1}
        response = client.patch(f"{API}/children/{child.id}", json=body, headers=headers)
        problem(response, 403)
        listed = client.get(f"{API}/children", headers=headers).get_json()
        assert child.id not in [c["id"] for c in listed["items"]]
    assert Child.get_by_id(child.id).name == child.name
    assert Child.get_by_id(child.id).version == 1


def test_no_one_submits_for_a_child_of_another_county(client, world):
    child = world.child(world.b)
    for role in ("intake_clerk", "institution_staff"):
        response = client.post(
            f"{API}/rehab-applications",
            json={
                "child_id": child.id,
                "items": ["training_limb"],
                "applicant_name": "监护人",
                "applicant_relation": "母亲",
            },
            headers=auth(world.a, role),
        )
        # answered as an unknown id is: linking tells nothing of another county's files
        assert problem(response, 422)["code"] == "unknown_child"
    assert not child.rehab_applications.count()


def test_dropout_reports_are_listed_in_scope_only(client, world):
    application = world.application(world.b)
    world.advance(application.id, "in_rehabilitation", county=world.b)
    headers = auth(world.b, "institution_staff")
    body = {**DROPOUT, "expected_version": 7}
    response = client.post(
        f"{API}/rehab-applications/{application.id}/dropout", json=body, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    for county, role, seen in [
        (world.b, "reviewer", 1),
        (world.b, "institution_staff_2", 0),
        (world.a, "reviewer", 0),
        (world.a, "institution_staff", 0),
    ]:
        found = client.get(f"{API}/dropout-reports", headers=auth(county, role)).get_json()
        assert len(found) == seen, (role, found)
