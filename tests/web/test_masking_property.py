"""Masking cannot be undone from what is answered beside it. For every answer that
shows a child's ID number masked (each API serialiser of a child, the pages, the exports), as
each role sees it: the child's whole birth date is nowhere in that answer, and the masked
number, with the birth year and month shown and the county's public code, leaves at least a
hundred valid ID numbers to choose from."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

import pytest
from stdnum.cn import ric

from casework.models import Child, Claim, Place
from casework.rules.identity import compose_resident_id, mask_id_number
from tests.web.conftest import API, auth
from tests.web.pages.conftest import Browser

MASKED = re.compile(r"[0-9]{4}\*{12}[0-9X]{2}")
ENOUGH = 100
ROLES = ["intake_clerk", "reviewer", "leader", "admin", "settlement_auditor", "case_worker",
         "child_supervisor", "child_director", "institution_staff"]  # fmt: skip


@functools.cache  # 30,000 numbers composed: every role meets the same masked number
def completions(masked: str, county_code: str, year_month: str) -> int:
    """Valid ID numbers of the county's children born in `year_month` that mask to `masked`."""
    year, month = (int(part) for part in year_month.split("-"))
    found = 0
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        born = dt.date(year, month, day)
        for sequence in range(1000):
            number = compose_resident_id(county_code, born, sequence)
            found += mask_id_number(number) == masked
    return found


def test_a_masked_number_with_its_birth_month_leaves_many_numbers():
    number = compose_resident_id("330127", dt.date(2020, 6, 17), 1)
    assert ric.is_valid(number)
    assert completions(mask_id_number(number), "330127", "2020-06") >= ENOUGH


@pytest.fixture
def child(world):
    application = world.application(born=dt.date(2020, 6, 17))
    world.advance(application.id, "settled")  # and a paid claim, for the exports
    return Child.get_by_id(application.child_id)


def answers(client, world, child, role):
    """(where, text) of every answer in which `role` may meet the child."""
    headers = auth(world.a, role)
    application = child.rehab_applications.get()
    paths = [
        f"{API}/children",
        f"{API}/children/{child.id}",
        f"{API}/registry/children?name={child.name[:2]}",
        f"{API}/registry/children/{child.id}/history",
        f"{API}/registry/children/{child.id}/as-of?date=2026-03-02",
        f"{API}/rehab-applications",
        f"{API}/rehab-applications/{application.id}",
        f"{API}/claims/{Claim.get().id}",
        f"{API}/claims/{Claim.get().id}/statement?format=csv",
    ]
    for path in paths:
        response = client.get(path, headers=headers)
        if response.status_code == 200:
            yield path, response.data.decode("utf-8-sig")


def pages(app, world, child, role):
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = f"10.1.0.{ROLES.index(role)}"
    assert browser.sign_in(world.a.users[role].username).status_code == 302
    application = child.rehab_applications.get()
    for path in [f"/children?q={child.name}", f"/children/{child.id}",
                 f"/applications/{application.id}"]:  # fmt: skip
        response = browser.get(path)
        if response.status_code == 200:
            yield path, response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_lets_a_masked_number_be_completed(app, client, world, child, role):
    county_code = Place.get_by_id(world.a.county.id).code
    whole, masked = child.id_number, mask_id_number(child.id_number)
    met = 0
    for where, text in [*answers(client, world, child, role), *pages(app, world, child, role)]:
        if whole in text:
            continue  # the record shown whole to a role that needs it (and logged)
        assert not re.search(r"[0-9]{4}\*{10}[0-9X]{4}", text), where  # the old, wider mask
        if masked in text:
            met += 1
            assert "2020-06-17" not in text and "2020年6月17日" not in text, (role, where)
            for shown in set(MASKED.findall(text)):
                assert completions(shown, county_code, "2020-06") >= ENOUGH, (role, where)
    assert met or role in ("child_supervisor", "child_director", "case_worker"), role
