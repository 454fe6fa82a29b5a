"""Lists: filters by state, place, institution and deadline, paging with totals."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import NOW
from tests.web.conftest import API, auth, problem


@pytest.fixture
def spread(world):
    """Six applications in county a (villages 0, 0, 1, 2, 2, 3) in three states, one in b."""
    made = [world.application(village=v) for v in (0, 0, 1, 2, 2, 3)]
    world.advance(made[0].id, "referred")
    world.advance(made[2].id, "under_review")
    world.advance(made[3].id, "in_rehabilitation")  # no deadline once rehabilitation runs
    world.application(world.b)
    return [m.id for m in made]


def listing(client, world, query="", role="reviewer"):
    response = client.get(f"{API}/rehab-applications{query}", headers=auth(world.a, role))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert response.headers["X-Total-Count"] == str(body["total"])
    return body


def ids(body) -> list[int]:
    return [row["id"] for row in body["items"]]


def test_filters(client, world, spread):
    assert listing(client, world)["total"] == 6
    assert sorted(ids(listing(client, world, "?state=submitted"))) == [spread[i] for i in (1, 4, 5)]
    assert ids(listing(client, world, "?state=under_review")) == [spread[2]]
    township = world.a.townships[1].id  # villages 2 and 3
    assert sorted(ids(listing(client, world, f"?place_id={township}"))) == spread[3:]
    village = world.a.villages[0].id
    assert sorted(ids(listing(client, world, f"?place_id={village}&state=submitted"))) == [
        spread[1]
    ]
    institution = world.a.institutions[0].id
    assert sorted(ids(listing(client, world, f"?institution_id={institution}"))) == [
        spread[0],
        spread[3],
    ]
    assert listing(client, world, f"?place_id={world.b.county.id}")["total"] == 0


def test_overdue_follows_the_clock(client, world, spread):
    assert listing(client, world, "?overdue=true")["total"] == 0
    assert listing(client, world, "?overdue=false")["total"] == 6
    client.application.config["CASEWORK_CLOCK"] = lambda: NOW + dt.timedelta(days=40)
    late = listing(client, world, "?overdue=true")
    assert sorted(ids(late)) == sorted(set(spread) - {spread[3]})
    assert all(row["overdue"] for row in late["items"])
    assert ids(listing(client, world, "?overdue=false")) == [spread[3]]


def test_paging(client, world, spread):
    pages = [listing(client, world, f"?per_page=4&page={n}") for n in (1, 2, 3)]
    assert [len(p["items"]) for p in pages] == [4, 2, 0]
    assert {p["total"] for p in pages} == {6}
    assert sorted(ids(pages[0]) + ids(pages[1])) == sorted(spread)
    due = [row["due_at"] for row in pages[0]["items"] + pages[1]["items"]]
    assert due[-1] is None and due[:-1] == sorted(due[:-1])  # most urgent first
    assert pages[0]["page"] == 1 and pages[0]["per_page"] == 4
    row = pages[0]["items"][0]
    assert set(row) == {
        "id",
        "state",
        "version",
        "due_at",
        "overdue",
        "applied_on",
        "aid_year",
        "child",
        "place_id",
        "institution_id",
        "items",
    }
    assert row["items"] == ["training_limb"]


def test_bad_filters_are_422(client, world, spread):
    response = client.get(
        f"{API}/rehab-applications?place_id=9999", headers=auth(world.a, "reviewer")
    )
    assert problem(response, 422)["errors"] == {"place_id": ["no such place"]}
    response = client.get(
        f"{API}/rehab-applications?page=0&overdue=perhaps", headers=auth(world.a, "reviewer")
    )
    assert set(problem(response, 422)["errors"]) == {"page", "overdue"}


def test_institution_staff_list_only_their_cases(client, world, spread):
    assert sorted(ids(listing(client, world, role="institution_staff"))) == [spread[0], spread[3]]
    assert listing(client, world, role="institution_staff_2")["total"] == 0


def test_village_and_township_roles_list_their_subtree(client, world, spread):
    assert sorted(ids(listing(client, world, role="child_director"))) == spread[:2]
    assert sorted(ids(listing(client, world, role="child_supervisor"))) == spread[:3]


def test_children_search_and_paging(client, world):
    made = [world.child(village=v) for v in (0, 1, 2, 2)]
    headers = auth(world.a, "intake_clerk")

    def search(query):
        response = client.get(f"{API}/children{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        assert response.headers["X-Total-Count"] == str(response.json["total"])
        return [c["id"] for c in response.json["items"]]

    assert search("") == [c.id for c in made]
    assert search(f"?name={made[1].name[1:]}") == [made[1].id]  # part of the name
    assert search(f"?id_number={made[2].id_number.lower()}") == [made[2].id]
    assert search(f"?id_number={made[0].id_number[:6]}") == [c.id for c in made]
    assert search(f"?place_id={world.a.townships[1].id}") == [made[2].id, made[3].id]
    assert search("?per_page=3&page=2") == [made[3].id]
    world.child(world.b)
    assert search("?per_page=200")[-1] == made[-1].id  # county b's child is not listed
