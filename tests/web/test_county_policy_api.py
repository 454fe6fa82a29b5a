"""/api/v1/policy/age-limits: read by any user of the county before filing; set by the admin
from a day on; refusals as problem+json with their codes, nothing written."""

from __future__ import annotations

from casework.models import PolicyVersion
from tests.web.conftest import API, auth, problem

URL = f"{API}/policy/age-limits"


def _limit(body: dict, item: str) -> dict:
    return next(x for x in body["limits"] if x["aid_item"] == item)


def test_anyone_reads_the_limits_the_admin_sets_from_a_day_on(client, world):
    read = client.get(URL, headers=auth(world.a, "intake_clerk"))
    assert read.status_code == 200, read.get_data(as_text=True)
    body = read.get_json()
    assert body["on"] == "2026-03-02" and body["county_id"] == world.a.county.id
    assert _limit(body, "cochlear_implant") == {
        "aid_item": "cochlear_implant",
        "max_age": 6,
        "default": 6,
        "since": None,
        "scheduled": [],
    }
    assert _limit(body, "prosthesis_orthosis")["max_age"] == 7  # devices follow the limb's
    put = client.put(f"{URL}/cochlear_implant", json={"max_age": 8, "effective_from": "2026-04-01"},
                     headers=auth(world.a, "admin"))  # fmt: skip
    assert put.status_code == 200, put.get_data(as_text=True)
    assert put.get_json() == {"aid_item": "cochlear_implant", "max_age": 8,
                              "effective_from": "2026-04-01"}  # fmt: skip
    now = client.get(URL, headers=auth(world.a, "institution_staff")).get_json()
    assert _limit(now, "cochlear_implant")["scheduled"] == [
        {"max_age": 8, "effective_from": "2026-04-01"}
    ]
    later = client.get(URL, query_string={"on": "2026-04-01"}, headers=auth(world.a, "reviewer"))
    assert _limit(later.get_json(), "cochlear_implant")["since"] == "2026-04-01"
    other = client.get(URL, headers=auth(world.b, "reviewer")).get_json()
    assert _limit(other, "cochlear_implant")["max_age"] == 6


def test_refusals_name_their_codes_and_write_nothing(client, world):
    admin = auth(world.a, "admin")
    item = f"{URL}/cochlear_implant"
    past = client.put(item, json={"max_age": 8, "effective_from": "2026-03-01"}, headers=admin)
    body = problem(past, 422)
    assert body["code"] == "invalid_policy"
    assert body["error_codes"]["effective_from"][0]["code"] == "policy_in_the_past"
    too_old = client.put(f"{URL}/cochlear_implant", json={"max_age": 30,
                         "effective_from": "2026-04-01"}, headers=admin)  # fmt: skip
    assert problem(too_old, 422)["code"] == "invalid_policy"
    later = {"max_age": 8, "effective_from": "2026-04-01"}
    clerk = client.put(item, json=later, headers=auth(world.a, "reviewer"))
    assert problem(clerk, 403)["code"] == "admin_only"
    elsewhere = client.get(URL, query_string={"county_id": world.b.county.id}, headers=admin)
    assert problem(elsewhere, 403)["code"] == "outside_scope"
    assert PolicyVersion.select().count() == 0
