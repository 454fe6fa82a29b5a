"""What a child received: the application's record and the child's file show, per aid item
and aid year, the standard, subsidy proposed, approved and paid, the room left and the lines
behind; claim lines are found by application and by child, each in the caller's scope."""

from __future__ import annotations

from casework.services import claims, rehab
from tests.integration.claim_cases import audit, cost_all, draft, in_rehab, lines, pay, submit
from tests.web.conftest import API, auth, problem


def paid_quarter_and_a_proposed_one(world):
    """Training in January to April: the first quarter billed 6,000 (pays 3 x 1,700) and
    paid; April on a second quarter's draft at 3,000 (the year to date allows 1,700 more)."""
    application = in_rehab(world)
    first = draft(world)
    cost_all(world, first.id, "6000.00")
    submit(world, first.id)
    audit(world, first.id)
    pay(world, first.id)
    staff = world.a.actor("institution_staff")
    world.wait_until_over("2026-Q2")
    rehab.act(staff, application.id, "record_attendance", now=world.now,
              payload={"month": "2026-04", "days_attended": 18})  # fmt: skip
    second = claims.draft_claim(staff, {"period": "2026-Q2"}, world.now)
    cost_all(world, second.id, "3000.00")
    return application, first.id, second.id


def test_the_application_shows_what_it_received_and_the_lines_behind(client, world):
    application, first, second = paid_quarter_and_a_proposed_one(world)
    body = client.get(f"{API}/rehab-applications/{application.id}",
                      headers=auth(world.a, "reviewer")).get_json()  # fmt: skip
    [year] = body["aid_received"]
    assert (year["aid_item"], year["aid_year"]) == ("training_limb", 2026)
    assert year["free_device"] is False
    assert (year["standard"], year["monthly_standard"]) == ("17000.00", "1700.00")
    assert (year["approved"], year["paid"], year["proposed"]) == ("5100.00", "5100.00", "1700.00")
    assert year["room_left"] == "11900.00"
    behind = [(x["claim_id"], x["period"], x["claim_state"], x["status"], x["subsidy"])
              for x in year["lines"]]  # fmt: skip
    assert behind == [(first, "2026-Q1", "paid", "approved", "5100.00"),
                      (second, "2026-Q2", "draft", "pending", "1700.00")]  # fmt: skip
    assert year["lines"][0]["months"] == ["2026-01", "2026-02", "2026-03"]


def test_an_application_without_claims_shows_its_items_with_their_standard(client, world):
    application = world.application(items=("training_limb", "mobility_aid"))
    body = client.get(f"{API}/rehab-applications/{application.id}",
                      headers=auth(world.a, "reviewer")).get_json()  # fmt: skip
    found = {y["aid_item"]: (y["standard"], y["approved"], y["room_left"], y["lines"])
             for y in body["aid_received"]}  # fmt: skip
    assert found == {"training_limb": ("17000.00", "0.00", "17000.00", []),
                     "mobility_aid": ("1500.00", "0.00", "1500.00", [])}  # fmt: skip


def test_a_rejected_line_counts_for_nothing_and_a_free_device_leaves_no_room(client, world):
    application = in_rehab(world, items=("training_limb", "mobility_aid"),
                           months=("2026-01", "2026-02"))  # completed in March: billed in Q1
    rehab.act(world.a.actor("institution_staff"), application.id, "complete", now=world.now,
              payload={"completed_on": world.now.date().isoformat()})  # fmt: skip
    claim = draft(world)
    training, device = lines(claim.id)
    staff = world.a.actor("institution_staff")
    claims.act(staff, claim.id, "edit_lines", now=world.now, payload={"lines": [
        {"line_id": training.id, "total_cost": "6000.00"},
        {"line_id": device.id, "total_cost": "2000.00", "free_device": True}]})  # fmt: skip
    submit(world, claim.id)
    audit(world, claim.id, reject=[training.id])
    body = client.get(f"{API}/rehab-applications/{application.id}",
                      headers=auth(world.a, "reviewer")).get_json()  # fmt: skip
    found = {y["aid_item"]: y for y in body["aid_received"]}
    assert [x["status"] for x in found["training_limb"]["lines"]] == ["rejected"]
    assert (found["training_limb"]["approved"], found["training_limb"]["proposed"]) == (
        "0.00", "0.00")  # fmt: skip
    assert found["training_limb"]["room_left"] == "17000.00"
    device_year = found["mobility_aid"]
    assert (device_year["approved"], device_year["room_left"]) == ("0.00", "0.00")
    assert device_year["lines"][0]["free_device"] is True


def test_claim_lines_by_application_and_by_child_in_scope(client, world):
    application, first, second = paid_quarter_and_a_proposed_one(world)
    other = in_rehab(world)  # another child of the same institution
    url = f"{API}/claims/lines"
    mine = client.get(url, query_string={"application_id": application.id},
                      headers=auth(world.a, "settlement_auditor"))  # fmt: skip
    body = mine.get_json()
    assert mine.headers["X-Total-Count"] == "2" and body["total"] == 2
    assert [(x["claim_id"], x["period"], x["claim_state"]) for x in body["items"]] == [
        (first, "2026-Q1", "paid"), (second, "2026-Q2", "draft")]  # fmt: skip
    child = client.get(url, query_string={"child_id": application.child_id},
                       headers=auth(world.a, "institution_staff")).get_json()  # fmt: skip
    assert {x["application_id"] for x in child["items"]} == {application.id}
    assert {x["child"]["id"] for x in child["items"]} == {application.child_id}
    assert other.id not in {x["application_id"] for x in child["items"]}
    for county, role in ((world.b, "settlement_auditor"), (world.a, "reviewer")):
        outside = client.get(url, query_string={"application_id": application.id},
                             headers=auth(county, role)).get_json()  # fmt: skip
        assert outside["total"] == 0 and outside["items"] == [], role
    bad = client.get(url, query_string={"child_id": "x"}, headers=auth(world.a, "reviewer"))
    assert "child_id" in problem(bad, 422)["errors"]


def test_the_childs_file_shows_the_aid_history_in_scope(client, world):
    application, first, _ = paid_quarter_and_a_proposed_one(world)
    url = f"{API}/children/{application.child_id}/aid"
    body = client.get(url, headers=auth(world.a, "reviewer")).get_json()
    assert body["child_id"] == application.child_id
    assert [(y["application_id"], y["aid_year"], y["paid"]) for y in body["years"]] == [
        (application.id, 2026, "5100.00")]  # fmt: skip
    problem(client.get(url, headers=auth(world.b, "reviewer")), 403)
    problem(client.get(f"{API}/children/999999/aid", headers=auth(world.a, "reviewer")), 404)
