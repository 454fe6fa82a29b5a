"""Choosing records on forms: children by name, village or the ID number's last digits (only
those of one's area), report cases by number and child, institutions by name; never a bare
number box."""

from __future__ import annotations

import re

from casework.models import ReportCase
from casework.rules.identity import mask_id_number
from casework.services import reports
from tests.web.pages.test_protection_pages import file_signed_in
from web.pages import pickers


def test_children_are_found_by_name_village_and_id_digits_in_scope_only(world, pages):
    mine, theirs = world.child(), world.child(world.b)
    other_village = world.child(village=3)
    director = world.a.actor("child_director")
    with pages.test_request_context():
        by_name = dict(pickers.child_choices(director, mine.name))
        assert by_name == {mine.id: f"{mine.name} · {mask_id_number(mine.id_number)} · "
                                    f"{world.a.villages[0].name}"}  # fmt: skip
        assert mine.id in dict(pickers.child_choices(director, mine.id_number[-4:]))
        assert mine.id in dict(pickers.child_choices(director, world.a.villages[0].name))
        assert mine.id in dict(pickers.child_choices(director, mine.id_number))
        assert pickers.child_choices(director, mine.id_number[6:12]) == []  # not by birth date
        assert theirs.id not in dict(pickers.child_choices(director))
        assert other_village.id not in dict(pickers.child_choices(director))
        kept = pickers.child_choices(world.a.actor("case_worker"), "nobody", keep=mine.id)
        assert [i for i, _ in kept] == [mine.id]  # the chosen child stays on the list


def test_the_search_answers_json_for_the_users_area(world, as_role):
    mine, theirs = world.child(), world.child(world.b)
    director = as_role("child_director")
    found = director.client.get(f"/pickers/children?q={mine.id_number[-4:]}").get_json()
    assert [row["value"] for row in found] == [str(mine.id)]
    assert mine.id_number not in str(found)  # masked
    other_county = director.client.get(f"/pickers/children?q={theirs.name}").get_json()
    assert str(theirs.id) not in [row["value"] for row in other_county]
    assert director.client.get("/pickers/children?q=").get_json() == []
    assert as_role("institution_staff").get("/pickers/children?q=1").status_code == 403


def test_report_forms_choose_children_cases_and_institutions_from_lists(world, as_role):
    child = world.child()
    director = as_role("child_director")
    form = director.text("/reports/new")
    assert f'<option value="{child.id}">{child.name} · ' in form and 'type="number"' not in form
    case_id = file_signed_in(director, world, child_id=child.id, child_description="")
    assert ReportCase.get_by_id(case_id).child_id == child.id

    other = file_signed_in(director, world)
    worker = as_role("case_worker")
    accept = worker.text(f"/reports/{other}/actions/accept")
    assert 'type="number"' not in accept and f'<option value="{child.id}">{child.name}' in accept
    screen = worker.text(f"/reports/{other}/actions/screen_out")
    assert re.search(rf'<option value="{case_id}">#{case_id} · {child.name} · ', screen)
    assert f'<option value="{other}">' not in screen  # not a duplicate of itself
    response = worker.post(f"/reports/{other}/actions/accept", {"child_id": child.id})
    assert response.status_code == 302
    assert reports.get_report(world.a.actor("case_worker"), other).case.child_id == child.id
    worker.post(f"/reports/{other}/actions/start_assessment")
    worker.post(f"/reports/{other}/actions/record_assessment",
                {"assessment": "需康复", "risk_level": "medium"})  # fmt: skip
    rehab_form = worker.text(f"/reports/{other}/actions/open_rehab_application")
    institution = world.a.institutions[0]
    assert f'<option value="{institution.id}">{institution.name}</option>' in rehab_form
    assert 'type="number"' not in rehab_form


def test_the_visit_form_lists_the_areas_children_with_their_village(world, as_role):
    child, theirs = world.child(), world.child(world.b)
    form = as_role("child_director").text("/visits/new")
    assert f"{child.name} · {mask_id_number(child.id_number)} · {world.a.villages[0].name}" in form
    assert theirs.name not in form and 'data-picker="child_id"' in form


def test_every_child_picker_keeps_the_chosen_child_and_searches_a_list_cut_short(
    world, as_role, monkeypatch
):
    """The four forms with a child picker set it up alike (pickers.child_picker)."""
    children = sorted([world.child(), world.child()], key=lambda c: (c.name, c.id))
    worker = as_role("case_worker")
    case_id = file_signed_in(worker, world)
    monkeypatch.setattr(pickers, "AT_MOST", 1)  # the area's two children: a list cut short
    search = 'data-search-url="/pickers/children"'
    for url in ("/reports/new", "/home-education/new"):
        page = worker.text(f"{url}?child_id={children[1].id}")
        assert f'<option value="{children[1].id}" selected' in page, url  # kept, though cut
        assert f'<option value="{children[0].id}"' in page and search in page, url
    for url in ("/visits/new", f"/reports/{case_id}/actions/accept"):
        page = worker.text(url)
        assert f'<option value="{children[0].id}"' in page and search in page, url
        assert f'<option value="{children[1].id}"' not in page, url
    monkeypatch.setattr(pickers, "AT_MOST", 500)
    assert search not in worker.text("/visits/new")  # the whole list: no search needed
