"""The coverage of the network through the API and the page: each county sees its own
gaps (the test world's county has a supervisor in its first township and a director in its
first village only), those outside the readers get a 403 naming the code."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.services import accounts
from tests.conftest import NOW
from tests.web.conftest import API, auth, problem
from tests.web.test_scope import ROLES

READERS = {"admin", "leader", "case_worker"}


@pytest.mark.parametrize("role", ROLES)
def test_each_county_sees_its_own_gaps_and_others_are_refused(client, world, role):
    for county in (world.a, world.b):
        response = client.get(f"{API}/coverage", headers=auth(county, role))
        if role not in READERS:
            assert problem(response, 403)["code"] == "coverage_readers_only"
            continue
        body = response.get_json()
        assert (body["villages"], body["villages_covered"]) == (4, 1)
        assert (body["townships"], body["townships_covered"]) == (2, 1)
        assert [g["place_id"] for g in body["gaps"]] == [
            county.townships[1].id,
            *(v.id for v in county.villages[1:]),
        ]


def test_an_appointment_closes_the_gap(client, world):
    accounts.create_user(
        None, username="director-2", name="王主任", role="child_director",
        password="password-1", place_id=world.a.villages[1].id, now=NOW,
    )  # fmt: skip
    body = client.get(f"{API}/coverage", headers=auth(world.a, "admin")).get_json()
    assert body["villages_covered"] == 2
    assert world.a.villages[1].id not in [g["place_id"] for g in body["gaps"]]
    other = client.get(f"{API}/coverage", headers=auth(world.b, "admin")).get_json()
    assert other["villages_covered"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_rates_are_the_callers_county_and_for_its_readers(client, world, role):
    application = world.application(world.b, village=1)
    world.advance(application.id, "approved", world.b)
    for county, aided in ((world.a, 0), (world.b, 1)):
        response = client.get(f"{API}/rates?as_of=2026-03-02", headers=auth(county, role))
        if role not in READERS:
            assert problem(response, 403)["code"] == "coverage_readers_only"
            continue
        body = response.get_json()
        assert body["pace"]["done"] == aided
        assert [v["aided"] for v in body["villages"]] == [0, aided, 0, 0]
        assert sum(t["aided"] for t in body["townships"]) == aided


def test_the_rates_of_a_day_to_come_are_refused(client, world):
    response = client.get(f"{API}/rates?as_of=2026-03-03", headers=auth(world.a, "leader"))
    assert "as_of" in problem(response, 422)["errors"]


def test_a_return_submitted_through_the_api_and_counted_again(client, world):
    leader = auth(world.a, "leader")
    sent = client.post(f"{API}/returns/monthly/2026-03/submissions", headers=leader)
    assert sent.status_code == 201, sent.get_data(as_text=True)
    body = sent.get_json()
    assert body["period"] == "2026-03" and body["figures"]["aided_this_year"] == 0
    world.now += dt.timedelta(minutes=1)  # later the same day
    application = world.application()
    world.advance(application.id, "approved")
    again = client.get(f"{API}/returns/submissions/{body['id']}", headers=leader).get_json()
    assert {f["code"]: f["value"] for f in again["figures"]} == body["figures"]
    listed = client.get(f"{API}/returns/submissions", headers=auth(world.a, "case_worker"))
    assert [s["id"] for s in listed.get_json()] == [body["id"]]
    other = client.get(f"{API}/returns/submissions/{body['id']}", headers=auth(world.b, "leader"))
    assert problem(other, 404)
    refused = client.post(f"{API}/returns/monthly/2026-03/submissions",
                          headers=auth(world.a, "case_worker"))  # fmt: skip
    assert problem(refused, 403)["code"] == "returns_only"
    assert "period" in problem(client.get(f"{API}/returns/monthly/2026-13", headers=leader),
                               422)["errors"]  # fmt: skip


def test_the_rates_of_a_period_through_the_api(client, world):
    in_time = world.application(village=0)
    world.advance(in_time.id, "approved")  # out of the review's clock at once: on time
    world.application(village=1)  # still in review, not yet past its deadline
    leader = auth(world.a, "leader")
    body = client.get(f"{API}/rates?as_of=2026-03-02", headers=leader).get_json()
    assert body["first"] == "2026-01-01"
    assert body["handled"] == {
        "on_time": 1, "late": 0, "overdue": 0, "unrecorded": 0,
        "rate": {"done": 1, "due": 1, "percent": 100.0},
    }  # fmt: skip
    assert body["visits"] == {"done": 0, "due": 0, "percent": None}
    assert body["registered"] == {"done": 0, "due": 0, "percent": None}
    assert [v["handled"]["on_time"] for v in body["villages"]] == [1, 0, 0, 0]
    assert [t["handled"]["rate"]["due"] for t in body["townships"]] == [1, 0]
    march = client.get(f"{API}/rates?as_of=2026-03-02&first=2026-03-02", headers=leader)
    assert march.get_json()["handled"]["on_time"] == 1
    late = client.get(f"{API}/rates?as_of=2026-03-01&first=2026-03-02", headers=leader)
    assert problem(late, 422)["code"] == "first_after_as_of"


def test_a_period_longer_than_a_year_is_refused(client, world):
    leader = auth(world.a, "leader")
    long_ago = client.get(f"{API}/rates?as_of=2026-03-01&first=1900-01-01", headers=leader)
    body = problem(long_ago, 422)
    assert body["code"] == "period_over_a_year"
    just_over = client.get(f"{API}/rates?as_of=2026-03-01&first=2025-02-28", headers=leader)
    assert problem(just_over, 422)["code"] == "period_over_a_year"
    a_year = client.get(f"{API}/rates?as_of=2026-03-01&first=2025-03-01", headers=leader)
    assert a_year.status_code == 200 and a_year.get_json()["first"] == "2025-03-01"
    leap = client.get(f"{API}/rates?as_of=2024-02-29&first=2023-02-28", headers=leader)
    assert leap.status_code == 200
    from casework.services import county_rates

    assert county_rates.a_year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
