"""The ledgers page: a form of the ledgers the user keeps and the places of their area; the
download is the API's spreadsheet (masked, or whole for the roles that read it whole, logged);
bad input comes back in Chinese with what was typed; another county's places are refused."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from casework.models import AccessEntry
from casework.rules.identity import mask_id_number
from tests.web.test_ledgers import _in_difficulty

PERIOD = {"first": "2026-01-01", "last": "2026-03-31"}


@pytest.fixture
def registered(world):
    return {
        "a0": _in_difficulty(world, world.a, 0, "张小花"),
        "a2": _in_difficulty(world, world.a, 2, "王小军"),
        "b0": _in_difficulty(world, world.b, 0, "赵小红"),
    }


def _download(browser, **query):
    return browser.client.get("/ledgers/download", query_string=query)


def _rows(response) -> list[list]:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_form_offers_the_users_ledgers_and_places(as_role, world):
    page = as_role("leader").text("/ledgers")
    assert "台账" in page
    assert 'value="register"' in page and 'value="rehab-aid"' in page
    assert 'value="transfers"' in page
    assert 'name="whole"' not in page  # the leader reads masked only
    for place in (*world.a.townships, *world.a.villages):
        assert f'value="{place.id}"' in page
    assert f'value="{world.b.villages[0].id}"' not in page
    assert 'value="2026-03-01"' in page and 'value="2026-03-02"' in page  # this month so far
    director = as_role("child_director").text("/ledgers")  # village 0 only, no rehab aid
    assert 'value="rehab-aid"' not in director and 'value="register"' in director
    assert 'name="whole"' in director
    assert f'value="{world.a.villages[1].id}"' not in director
    reviewer = as_role("reviewer").text("/ledgers")
    assert 'value="rehab-aid"' in reviewer and 'value="register"' not in reviewer
    as_role("intake_clerk").text("/ledgers")  # keeps the rehab-aid ledger
    as_role("teacher").text("/ledgers", status=403)


def test_the_navigation_names_the_page_for_its_readers_only(as_role):
    assert 'href="/ledgers"' in as_role("case_worker").text("/ledgers")
    assert 'href="/ledgers"' not in as_role("teacher").text("/visits")


def test_download_masked_for_the_leader_and_logged(as_role, world, registered):
    leader = as_role("leader")
    rows = _rows(_download(leader, **PERIOD, ledger="register"))
    assert rows[1][1] == "姓名"
    assert [r[1] for r in rows[2:-1]] == ["张小花", "王小军"]  # county a only
    assert rows[2][2] == mask_id_number(registered["a0"].id_number)
    assert rows[-1][-1] == 2
    query = {**PERIOD, "ledger": "register", "place_id": world.a.villages[2].id, "whole": "yes"}
    rows = _rows(leader.client.get("/ledgers/download", query_string=query))
    assert [r[2] for r in rows[2:-1]] == [mask_id_number(registered["a2"].id_number)]
    assert AccessEntry.select().where(AccessEntry.action == "export").count() == 2
    assert AccessEntry.select().where(AccessEntry.action == "view_id").count() == 0


def test_whole_for_a_role_that_reads_it_whole_logged_as_shown(as_role, world, registered):
    query = {**PERIOD, "ledger": "register", "whole": "yes"}
    rows = _rows(as_role("case_worker").client.get("/ledgers/download", query_string=query))
    assert [r[2] for r in rows[2:-1]] == [registered["a0"].id_number, registered["a2"].id_number]
    entry = AccessEntry.get(AccessEntry.action == "view_id")
    assert entry.user_id == world.a.users["case_worker"].id and "完整信息" in entry.detail


def test_another_countys_user_sees_nothing_of_this_county(as_role, world, registered):
    other = as_role("leader", world.b)
    page = other.text("/ledgers")
    assert f'value="{world.a.villages[0].id}"' not in page
    rows = _rows(_download(other, **PERIOD, ledger="register"))
    assert [r[1] for r in rows[2:-1]] == ["赵小红"]
    query = {**PERIOD, "ledger": "register", "place_id": world.a.villages[0].id}
    response = other.client.get("/ledgers/download", query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "该地点不在您的辖区内。" in html
    assert "张小花" not in html
    assert AccessEntry.select().where(AccessEntry.action == "export").count() == 1


def test_bad_input_is_said_in_chinese_and_the_form_keeps_what_was_typed(as_role, world):
    leader = as_role("leader")
    query = {"ledger": "visits", "first": "2026-02-30", "last": "2026-03-31"}
    response = leader.client.get("/ledgers/download", query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="2026-02-30"' in html and 'value="2026-03-31"' in html
    assert '<option value="visits" selected>' in html
    assert 'aria-invalid="true" aria-describedby="first-error"' in html
    assert "2026-03-01" in html  # the message shows how to write a day
    reversed_period = {"ledger": "visits", "first": "2026-03-31", "last": "2026-01-01"}
    html = _download(leader, **reversed_period).get_data(as_text=True)
    assert 'id="first-error"' in html and 'value="2026-03-31"' in html
    response = leader.client.get("/ledgers/download", query_string={**PERIOD, "ledger": "nothing"})
    assert response.status_code == 422 and 'id="ledger-error"' in response.get_data(as_text=True)
    # a ledger the role does not keep is refused as not offered
    director = as_role("child_director")
    response = _download(director, **PERIOD, ledger="rehab-aid")
    assert response.status_code == 422
    assert AccessEntry.select().where(AccessEntry.action == "export").count() == 0


def test_a_departments_staff_keeps_the_transfer_ledger_only(as_role, world):
    from tests.integration.transfer_cases import TRANSFERS, receive

    request = receive(world, child=False)
    TRANSFERS.act(world.a.actor("case_worker"), request.id, "transfer", now=world.now,
                  payload={"department": "civil_affairs"})  # fmt: skip
    staff = as_role("department_staff")
    page = staff.text("/ledgers")
    assert 'value="transfers"' in page and 'value="register"' not in page
    assert 'href="/ledgers"' in page
    rows = _rows(_download(staff, **PERIOD, ledger="transfers"))
    assert rows[1][:3] == ["序号", "转介编号", "主件编号"]
    assert [(r[1], r[9]) for r in rows[2:-1]] == [(str(request.id), "民政")]
    health = as_role("department_staff_health")
    assert _rows(_download(health, **PERIOD, ledger="transfers"))[2:-1] == []
