"""A search cannot undo masking: a role that sees ID numbers masked finds a child by
the whole number only. A match on the number's start (the API's id_number filters) or its end
(the children's page and the pickers) would confirm hidden digits one at a time. Roles shown
whole numbers keep their partial searches."""

from __future__ import annotations

import pytest

from casework.models import Child
from casework.rules.masking import UNMASKED_ROLES
from casework.vocabulary import Role
from tests.web.conftest import API, auth, problem
from tests.web.pages.conftest import Browser

MASKED_READERS = ["leader", "admin"]


@pytest.fixture
def child(world):
    child = world.child()
    Child.update(name="王小明").where(Child.id == child.id).execute()  # no digits in the name
    return Child.get_by_id(child.id)


def test_the_readers_checked_here_see_numbers_masked():
    assert not {Role(r) for r in MASKED_READERS} & UNMASKED_ROLES


@pytest.mark.parametrize("role", MASKED_READERS)
@pytest.mark.parametrize("path", ["children", "registry/children"])
def test_a_masked_reader_cannot_search_by_part_of_a_number(client, world, child, role, path):
    headers = auth(world.a, role)
    for part in (child.id_number[:10], child.id_number[:17], child.id_number[:4]):
        response = client.get(f"{API}/{path}?id_number={part}", headers=headers)
        assert problem(response, 422)["code"] == "id_number_search_whole", part
    whole = client.get(f"{API}/{path}?id_number={child.id_number.lower()}", headers=headers)
    assert whole.status_code == 200, whole.get_json()
    assert [c["id"] for c in whole.get_json()["items"]] == [child.id]


@pytest.mark.parametrize("path", ["children", "registry/children"])
def test_a_reader_shown_whole_numbers_keeps_the_prefix_search(client, world, child, path):
    response = client.get(
        f"{API}/{path}?id_number={child.id_number[:12]}", headers=auth(world.a, "intake_clerk")
    )
    assert response.status_code == 200
    assert child.id in [c["id"] for c in response.get_json()["items"]]


def signed_in(app, world, role: str) -> Browser:
    browser = Browser(app)
    assert browser.sign_in(world.a.users[role].username).status_code == 302
    return browser


def test_the_children_page_matches_a_number_s_end_only_for_whole_number_roles(app, world, child):
    as_role = lambda role: signed_in(app, world, role)  # noqa: E731
    end = child.id_number[-4:]
    assert child.name in as_role("admin").text(f"/children?q={child.id_number}")
    assert child.name not in as_role("admin").text(f"/children?q={end}")
    assert child.name not in as_role("admin").text(f"/children?q={child.id_number[-3:]}")
    assert child.name in as_role("intake_clerk").text(f"/children?q={end}")
