"""Linking a record must not widen scope: an application or a report naming a
child its author may not read is answered exactly as an unknown id is, 422, with neither the
child's name nor a sign that the file exists."""

from __future__ import annotations

from casework.models import RehabApplication, ReportCase
from tests.web.conftest import API, auth, problem

UNKNOWN = 999_999


def apply(client, world, role, child_id, **extra):
    body = {"child_id": child_id, "items": ["training_limb"], "applicant_name": "王芳",
            "applicant_relation": "母亲", **extra}  # fmt: skip
    return client.post(f"{API}/rehab-applications", json=body, headers=auth(world.a, role))


def report(client, world, role, child_id, place):
    body = {"place_id": place.id, "child_id": child_id, "harm_type": "guardianship_absent",
            "facts": "孩子长期无人照看", "reporter_name": "李老师"}  # fmt: skip
    return client.post(f"{API}/reports", json=body, headers=auth(world.a, role))


def same_refusal(unknown, hidden, name: str) -> None:
    first, second = problem(unknown, 422), problem(hidden, 422)
    assert (first["code"], first["errors"]) == (second["code"], second["errors"])
    assert first["code"] == "unknown_child"
    assert name not in hidden.get_data(as_text=True)


def test_an_institution_cannot_open_a_file_on_a_child_it_may_not_read(client, world):
    child = world.child()
    staff = auth(world.a, "institution_staff")
    problem(client.get(f"{API}/children/{child.id}", headers=staff), 403)
    before = RehabApplication.select().count()
    same_refusal(
        apply(client, world, "institution_staff", UNKNOWN),
        apply(client, world, "institution_staff", child.id),
        child.name,
    )
    # nor a child of another county, whatever it knows of the number
    other = world.child(world.b)
    same_refusal(
        apply(client, world, "institution_staff", UNKNOWN),
        apply(client, world, "institution_staff", other.id, id_number=other.id_number),
        other.name,
    )
    assert RehabApplication.select().count() == before
    # with the guardian's papers (the whole ID number) it files on the guardian's behalf
    filed = apply(client, world, "institution_staff", child.id, id_number=child.id_number,
                  applicant_relation="机构代办")  # fmt: skip
    assert filed.status_code == 201, filed.get_json()


def test_a_clerk_cannot_apply_for_a_child_of_another_county(client, world):
    child = world.child(world.b)
    same_refusal(
        apply(client, world, "intake_clerk", UNKNOWN),
        apply(client, world, "intake_clerk", child.id),
        child.name,
    )


def test_a_reporter_cannot_name_a_child_outside_their_area(client, world):
    elsewhere = world.child(village=2)  # in the second township: outside the teacher's
    place = world.a.villages[0]
    before = ReportCase.select().count()
    same_refusal(
        report(client, world, "teacher", UNKNOWN, place),
        report(client, world, "teacher", elsewhere.id, place),
        elsewhere.name,
    )
    assert ReportCase.select().count() == before
    mine = world.child(village=0)
    filed = report(client, world, "teacher", mine.id, place)
    assert filed.status_code == 201, filed.get_json()
