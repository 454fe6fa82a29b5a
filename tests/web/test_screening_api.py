"""Village screening (排查) over the API: a round launched by the county, every child and
family of a village screened, progress per village and township, refusals as problems, and
each endpoint scoped to the caller's area."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import AuditEntry, Screening, ScreeningEntry, ScreeningVillage
from tests.conftest import NOW
from tests.web.test_protection_api import API, auth, file_report, problem


@pytest.fixture
def http(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    return app.test_client()


ROUND = {"title": "2026年春季农村留守儿童和困境儿童排查", "starts_on": "2026-03-01",
         "ends_on": "2026-03-31"}  # fmt: skip


def launch(http, world, county=None, **more):
    response = http.post(f"{API}/screenings", json=ROUND | more,
                         headers=auth(county or world.a, "case_worker"))  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def screen(http, world, screening_id, role="child_director", county=None, **body):
    return http.post(f"{API}/screenings/{screening_id}/entries", json=body,
                     headers=auth(county or world.a, role))  # fmt: skip


def test_a_village_screened_child_by_child_then_done(http, world):
    first, second = world.child(), world.child()
    elsewhere = world.child(village=1)  # the same township, another village
    round_id = launch(http, world)
    assert ScreeningVillage.select().where(ScreeningVillage.screening == round_id).count() == 4
    director, village = auth(world.a, "child_director"), world.a.villages[0].id
    listed = http.get(f"{API}/screenings/{round_id}/villages/{village}", headers=director)
    assert {(c["child_id"], c["entry"]) for c in listed.get_json()["children"]} == {
        (first.id, None), (second.id, None)}  # fmt: skip
    assert screen(http, world, round_id, child_id=first.id, result="no_concern").status_code == 201
    listed = http.get(f"{API}/screenings/{round_id}/villages/{village}", headers=director)
    order = [(c["child_id"], c["entry"] and c["entry"]["result"])
             for c in listed.get_json()["children"]]  # fmt: skip
    assert order == [(second.id, None), (first.id, "no_concern")]  # the ones left first
    early = problem(http.post(f"{API}/screenings/{round_id}/villages/{village}/complete",
                              headers=director), 409)  # fmt: skip
    assert early["code"] == "children_not_screened" and early["params"] == {"count": 1}
    case = file_report(http, world, child_id=second.id).get_json()["id"]
    made = screen(http, world, round_id, child_id=second.id, result="report_filed",
                  report_case_id=case, note="父母均外出，奶奶住院")  # fmt: skip
    assert made.status_code == 201, made.get_data(as_text=True)
    family = screen(http, world, round_id, household="王家（3组12号），新迁入，两个孩子未建档",
                    place_id=village, result="new_file")  # fmt: skip
    assert family.status_code == 201
    done = http.post(f"{API}/screenings/{round_id}/villages/{village}/complete", headers=director)
    assert done.status_code == 200, done.get_data(as_text=True)
    late = problem(screen(http, world, round_id, household="李家", place_id=village,
                          result="no_concern"), 409)  # fmt: skip
    assert late["code"] == "village_screening_done"

    shown = http.get(f"{API}/screenings/{round_id}", headers=auth(world.a, "case_worker"))
    body = shown.get_json()
    rows = {v["village_id"]: v for v in body["villages"]}
    mine = rows[village]
    assert (mine["children"], mine["screened"], mine["households"], mine["overdue"]) == (
        2, 2, 1, False)  # fmt: skip
    assert mine["results"] == {"no_concern": 1, "follow_up": 0, "new_file": 1,
                               "report_filed": 1}  # fmt: skip
    assert mine["completed_at"] is not None
    assert rows[elsewhere.place_id]["children"] == 1 and rows[elsewhere.place_id]["screened"] == 0
    township = {t["township_id"]: t for t in body["townships"]}[world.a.townships[0].id]
    assert (township["villages"], township["completed"], township["children"],
            township["screened"]) == (2, 1, 3, 2)  # fmt: skip
    actions = [a.action for a in AuditEntry.select().where(AuditEntry.entity == "screening")]
    assert actions == ["launch", "record", "record", "record", "complete"]


def test_a_village_not_done_by_the_last_day_shows_overdue(app, http, world):
    round_id = launch(http, world, ends_on="2026-03-05")
    app.config["CASEWORK_CLOCK"] = lambda: NOW + dt.timedelta(days=5)
    body = http.get(f"{API}/screenings/{round_id}", headers=auth(world.a, "case_worker")).get_json()
    assert [v["overdue"] for v in body["villages"]] == [True] * 4
    assert [t["overdue"] for t in body["townships"]] == [2, 2]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"title": "排查", "starts_on": "2026-03-10", "ends_on": "2026-03-01"}, "ends_on",
         "before_start"),
        ({"title": "排查", "starts_on": "2026-01-01", "ends_on": "2026-02-01"}, "ends_on",
         "ends_in_past"),
        ({"title": "", "starts_on": "2026-03-01", "ends_on": "2026-03-31"}, "title", None),
    ],
)  # fmt: skip
def test_an_impossible_round_is_refused(http, world, body, field, code):
    refused = problem(http.post(f"{API}/screenings", json=body,
                                headers=auth(world.a, "case_worker")), 422)  # fmt: skip
    assert field in refused["errors"]
    if code:
        assert [e["code"] for e in refused["error_codes"][field]] == [code]
    assert Screening.select().count() == 0


def test_bad_entries_are_refused_and_write_nothing(http, world):
    child = world.child()
    round_id = launch(http, world)
    cases = [
        ({"child_id": child.id, "result": "report_filed"}, "report_case_id"),
        ({"child_id": child.id, "result": "no_concern", "screened_on": "2026-02-27"},
         "screened_on"),
        ({"child_id": child.id, "result": "no_concern", "screened_on": "2026-03-03"},
         "screened_on"),
        ({"result": "no_concern", "place_id": world.a.villages[0].id}, "household"),
        ({"child_id": child.id, "result": "fine"}, "result"),
    ]  # fmt: skip
    for body, field in cases:
        assert field in problem(screen(http, world, round_id, **body), 422)["errors"], body
    assert screen(http, world, round_id, child_id=child.id, result="follow_up").status_code == 201
    twice = problem(screen(http, world, round_id, child_id=child.id, result="no_concern"), 409)
    assert twice["code"] == "already_screened"
    assert ScreeningEntry.select().count() == 1


def test_every_screening_endpoint_is_scoped(http, world):
    child, other_village = world.child(), world.child(village=1)
    round_id = launch(http, world)
    theirs = launch(http, world, county=world.b)
    village, next_village = world.a.villages[0].id, world.a.villages[1].id
    director = auth(world.a, "child_director")
    # another county sees neither the round nor its villages, and cannot record in it
    for role in ("case_worker", "child_director", "child_supervisor"):
        other = auth(world.b, role)
        problem(http.get(f"{API}/screenings/{round_id}", headers=other), 404)
        problem(http.get(f"{API}/screenings/{round_id}/villages/{village}", headers=other), 404)
        problem(http.post(f"{API}/screenings/{round_id}/villages/{village}/complete",
                          headers=other), 404)  # fmt: skip
        assert [s["id"] for s in http.get(f"{API}/screenings", headers=other).get_json()[
            "items"]] == [theirs]  # fmt: skip
    problem(screen(http, world, round_id, county=world.b, role="case_worker",
                   child_id=child.id, result="no_concern"), 404)  # fmt: skip
    # the director: their own village only
    problem(http.get(f"{API}/screenings/{round_id}/villages/{next_village}", headers=director),
            404)  # fmt: skip
    problem(screen(http, world, round_id, child_id=other_village.id, result="no_concern"), 403)
    problem(screen(http, world, round_id, household="张家", place_id=next_village,
                   result="no_concern"), 404)  # fmt: skip
    problem(http.post(f"{API}/screenings/{round_id}/villages/{next_village}/complete",
                      headers=director), 404)  # fmt: skip
    # the township supervisor: not the other township's villages
    far_village = world.a.villages[2].id
    supervisor_auth = auth(world.a, "child_supervisor")
    problem(http.get(f"{API}/screenings/{round_id}/villages/{far_village}",
                     headers=supervisor_auth), 404)  # fmt: skip
    problem(http.post(f"{API}/screenings/{round_id}/villages/{far_village}/complete",
                      headers=supervisor_auth), 404)  # fmt: skip
    assert ScreeningVillage.get(screening=round_id, place=next_village).completed_at is None
    progress = http.get(f"{API}/screenings/{round_id}", headers=director).get_json()
    assert [v["village_id"] for v in progress["villages"]] == [village]
    supervisor = http.get(f"{API}/screenings/{round_id}",
                          headers=auth(world.a, "child_supervisor")).get_json()  # fmt: skip
    assert {v["village_id"] for v in supervisor["villages"]} == {village, next_village}
    # roles outside child protection: no rounds, no launching, no recording
    for role in ("finance_officer", "institution_staff", "teacher"):
        assert http.get(f"{API}/screenings", headers=auth(world.a, role)).get_json() == {
            "items": []}  # fmt: skip
        problem(http.get(f"{API}/screenings/{round_id}", headers=auth(world.a, role)), 404)
        problem(screen(http, world, round_id, role=role, child_id=child.id,
                       result="no_concern"), 403)  # fmt: skip
    for role in ("child_director", "child_supervisor"):
        problem(http.post(f"{API}/screenings", json=ROUND, headers=auth(world.a, role)), 403)
    problem(http.get(f"{API}/screenings"), 401)
    assert ScreeningEntry.select().count() == 0


def test_the_openapi_document_lists_the_screening_api(http):
    spec = http.get(f"{API}/openapi.json").get_json()
    for path in ("/api/v1/screenings", "/api/v1/screenings/{screening_id}",
                 "/api/v1/screenings/{screening_id}/entries",
                 "/api/v1/screenings/{screening_id}/villages/{village_id}",
                 "/api/v1/screenings/{screening_id}/villages/{village_id}/complete",
                 "/api/v1/visits/{visit_id}", "/api/v1/visits/{visit_id}/report"):  # fmt: skip
        assert path in spec["paths"], path
    assert "EntryCreate" in spec["components"]["schemas"]


def test_the_file_opened_for_a_family_found_without_one(http, world):
    round_id = launch(http, world)
    village = world.a.villages[0].id
    found = screen(http, world, round_id, household="张家", place_id=village, result="new_file")
    calm = screen(http, world, round_id, household="王家", place_id=village, result="no_concern")
    found_id, calm_id = found.get_json()["id"], calm.get_json()["id"]
    assert found.get_json()["filed_child_id"] is None
    opened = world.child()
    url = f"{API}/screenings/{round_id}/entries/{{}}/file"
    director = auth(world.a, "child_director")
    linked = http.post(url.format(found_id), json={"child_id": opened.id}, headers=director)
    assert linked.status_code == 200, linked.get_data(as_text=True)
    assert linked.get_json()["filed_child_id"] == opened.id
    assert linked.get_json()["filed_at"].startswith("2026-03-02T02:00")
    again = http.post(url.format(found_id), json={"child_id": opened.id}, headers=director)
    assert problem(again, 409)["code"] == "file_already_linked"
    needs_none = http.post(url.format(calm_id), json={"child_id": opened.id}, headers=director)
    assert problem(needs_none, 409)["code"] == "entry_needs_no_file"
    missing = http.post(url.format(found_id), json={}, headers=director)
    assert problem(missing, 422)["errors"]["child_id"]
    other = http.post(url.format(found_id), json={"child_id": opened.id},
                      headers=auth(world.b, "child_director"))  # fmt: skip
    assert problem(other, 404)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "screening")]
    assert actions.count("link_file") == 1


def test_only_the_file_opened_for_the_family_is_linked_to_its_entry(http, world):
    """建档率 counts a file linked to an entry: only one of the entry's village, opened on or
    after the day the family was found, and linked to no other entry; else 422 naming
    child_id, nothing written."""
    world.now = NOW - dt.timedelta(days=3)
    older = world.child()  # on file before the round found the family
    world.now = NOW
    round_id = launch(http, world)
    village = world.a.villages[0].id
    zhang = screen(http, world, round_id, household="张家", place_id=village, result="new_file")
    li = screen(http, world, round_id, household="李家", place_id=village, result="new_file")
    zhang_id, li_id = zhang.get_json()["id"], li.get_json()["id"]
    elsewhere = world.child(village=1)  # opened today, in another village
    opened = world.child()
    url = f"{API}/screenings/{round_id}/entries/{{}}/file"
    worker = auth(world.a, "case_worker")
    linked = http.post(url.format(zhang_id), json={"child_id": opened.id}, headers=worker)
    assert linked.status_code == 200, linked.get_data(as_text=True)
    for child, code in ((opened, "file_linked_elsewhere"), (elsewhere, "file_of_another_village"),
                        (older, "file_opened_before_screening")):  # fmt: skip
        refused = problem(http.post(url.format(li_id), json={"child_id": child.id},
                                    headers=worker), 422)  # fmt: skip
        assert refused["code"] == code
        assert [e["code"] for e in refused["error_codes"]["child_id"]] == [code]
    assert ScreeningEntry.get_by_id(li_id).filed_child_id is None
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "screening")]
    assert actions.count("link_file") == 1


def test_a_file_linked_in_a_race_is_refused_by_the_database(http, world, monkeypatch):
    """Two links of one file made at the same moment both pass the service's check (on
    PostgreSQL nothing serialises them): the unique index refuses the second, answered as
    the check would have, nothing written."""
    from casework.services import screening

    round_id = launch(http, world)
    village = world.a.villages[0].id
    zhang = screen(http, world, round_id, household="张家", place_id=village, result="new_file")
    li = screen(http, world, round_id, household="李家", place_id=village, result="new_file")
    opened = world.child()
    url = f"{API}/screenings/{round_id}/entries/{{}}/file"
    worker = auth(world.a, "case_worker")
    first = http.post(url.format(zhang.get_json()["id"]), json={"child_id": opened.id},
                      headers=worker)  # fmt: skip
    assert first.status_code == 200, first.get_data(as_text=True)
    monkeypatch.setattr(screening, "_check_file", lambda child, entry: None)  # the race's view
    refused = problem(http.post(url.format(li.get_json()["id"]), json={"child_id": opened.id},
                                headers=worker), 422)  # fmt: skip
    assert refused["code"] == "file_linked_elsewhere"
    assert ScreeningEntry.get_by_id(li.get_json()["id"]).filed_child_id is None
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "screening")]
    assert actions.count("link_file") == 1
