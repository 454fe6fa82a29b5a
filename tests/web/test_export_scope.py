"""Every download answers only what the list it comes from shows the same user: a
role × scope matrix over both counties' users and every export route of the API and the pages.
A claim's statement and a claim's receipts go to those whose /claims lists the claim; the
county statement to those whose list is the whole county's; an application's papers to those
who may read the application. Roles with no business get a 403 naming its code."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from casework.models import Claim, ClaimLine
from tests.conftest import NOW
from tests.web.conftest import API, auth, problem
from tests.web.pages.conftest import Browser
from tests.web.test_scope import ROLES

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PERIOD = "2026-Q1"
# the routes that answer a file; test_every_export_route_is_walked finds any other
EXPORT_RULES = {
    "/api/v1/claims/<int:claim_id>/statement",
    "/api/v1/claims/statement",
    "/api/v1/documents/<int:document_id>/content",
    "/api/v1/ledgers/<string:name>.xlsx",
    "/api/v1/returns/<string:kind>/<string:period>.xlsx",
    "/claims/<int:claim_id>/statement.<kind>",
    "/claims/statement.<kind>",
    "/ledgers/download",
    "/papers/document/<int:document_id>/download",
    "/returns/download",
}
EXPORT_WORDS = ("statement", "download", "content", "export", ".csv", ".xlsx")


@pytest.fixture
def settled(client, world):
    """County a's paid claim with a receipt on a line, and a paper on the application."""
    application = world.application()
    world.advance(application.id, "settled")
    claim = Claim.get()
    line = ClaimLine.get(ClaimLine.claim == claim.id)
    papers = {}
    for target, target_id, kind, role in [
        ("rehab", application.id, "diagnosis", "intake_clerk"),
        ("claim_line", line.id, "invoice", "institution_staff"),
    ]:
        response = client.post(
            f"{API}/documents",
            query_string={"target": target, "target_id": target_id, "kind": kind},
            data={"file": (io.BytesIO(PDF), "票据.pdf")},
            headers=auth(world.a, role),
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        papers[target] = response.json["id"]
    return application, claim, papers


def users(world):
    for county in (world.a, world.b):
        for role in ROLES:
            yield county, role


def listed_claims(client, headers) -> set[int]:
    body = client.get(f"{API}/claims?per_page=100", headers=headers).get_json()
    return {row["id"] for row in body["items"]}


def statement_claims(response, fmt: str) -> set[int]:
    """The claims a statement's lines come from (the column 申报单号)."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))[1:-1]
    else:
        sheet = load_workbook(io.BytesIO(response.data))["结算明细"]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))[:-1]
    return {int(row[2]) for row in rows}


def test_every_export_route_is_walked(app):
    rules = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and any(word in rule.rule for word in EXPORT_WORDS)
    }
    assert rules == EXPORT_RULES


def test_api_exports_answer_what_the_lists_show(client, world, settled):
    application, claim, papers = settled
    for county, role in users(world):
        headers = auth(county, role)
        shown = listed_claims(client, headers)
        for fmt in ("csv", "xlsx"):
            url = f"{API}/claims/{claim.id}/statement?format={fmt}"
            response = client.get(url, headers=headers)
            if claim.id in shown:
                assert response.status_code == 200, (role, county.county.name)
            else:
                problem(response, 403)
            county_sheet = client.get(
                f"{API}/claims/statement?period={PERIOD}&format={fmt}", headers=headers
            )
            if county_sheet.status_code == 200:
                # the whole county's statement: only for a user whose list is the county's
                assert county_sheet.headers["Cache-Control"] == "no-store"
                assert statement_claims(county_sheet, fmt) <= shown, (role, county.county.name)
                assert (claim.id in shown) is (county is world.a), role
            else:
                body = problem(county_sheet, 403)
                assert body["code"] in (
                    "no_business_with_claims",
                    "county_users_only",
                    "outside_scope",
                ), body
        receipt = client.get(f"{API}/documents/{papers['claim_line']}/content", headers=headers)
        assert (receipt.status_code == 200) is (claim.id in shown), (role, county.county.name)
        readable = client.get(f"{API}/rehab-applications/{application.id}", headers=headers)
        paper = client.get(f"{API}/documents/{papers['rehab']}/content", headers=headers)
        assert paper.status_code == (200 if readable.status_code == 200 else 403), role


@pytest.mark.parametrize("role", ["child_director", "child_supervisor", "teacher", "case_worker"])
def test_roles_with_no_business_are_refused_the_county_statement_with_a_code(
    client, world, settled, role
):
    response = client.get(f"{API}/claims/statement?period={PERIOD}", headers=auth(world.a, role))
    assert problem(response, 403)["code"] == "no_business_with_claims"
    assert listed_claims(client, auth(world.a, role)) == set()


def test_pages_exports_answer_what_the_lists_show(app, client, world, settled):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    application, claim, papers = settled
    offered = set()
    for n, (county, role) in enumerate(users(world)):
        shown = listed_claims(client, auth(county, role))
        browser = Browser(app)
        browser.client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n}"  # under the sign-in limit
        assert browser.sign_in(county.users[role].username).status_code == 302
        for kind in ("csv", "xlsx"):
            response = browser.client.get(f"/claims/{claim.id}/statement.{kind}")
            assert (response.status_code == 200) is (claim.id in shown), (role, kind)
            assert response.status_code in (200, 403), response.status_code
        receipt = browser.client.get(f"/papers/document/{papers['claim_line']}/download")
        assert (receipt.status_code == 200) is (claim.id in shown), role
        # the county's statement: linked from the list for exactly those the API gives it
        api = client.get(f"{API}/claims/statement?period={PERIOD}", headers=auth(county, role))
        listing = browser.client.get("/claims")
        linked = listing.status_code == 200 and 'id="county-statements"' in listing.text
        assert linked is (api.status_code == 200), (role, county.county.name)
        offered |= {role} if linked else set()
        for kind in ("csv", "xlsx"):
            page = browser.client.get(f"/claims/statement.{kind}?period={PERIOD}")
            assert page.status_code == api.status_code, (role, kind)
            if page.status_code == 200:
                assert page.headers["Cache-Control"] == "no-store"
                own = {claim.id} if county is world.a else set()
                assert statement_claims(page, kind) == own, (role, county.county.name)
    assert {"finance_officer", "settlement_auditor"} <= offered, offered


PROTECTION = {"admin", "leader", "case_worker", "child_supervisor", "child_director"}
REHAB = {"admin", "leader", "intake_clerk", "reviewer", "settlement_auditor", "finance_officer"}
# each ledger: who keeps it, and the column naming the child
LEDGERS = {
    "register": (PROTECTION, 1),
    "visits": (PROTECTION, 2),
    "home-education": (PROTECTION, 1),
    "rehab-aid": (REHAB, 2),
    "reports": (PROTECTION - {"admin"}, 3),
    "national-system": (REHAB, 1),
    # a department's staff: their department's transfers, without the child's name
    "transfers": ({"leader", "case_worker", "child_supervisor", "department_staff",
                   "department_staff_township"}, 5),
}  # fmt: skip


@pytest.mark.parametrize("ledger", sorted(LEDGERS))
def test_ledgers_answer_only_children_the_list_shows(client, world, ledger):
    """Every ledger's rows name only children the same user's /children list shows; the roles
    that keep no ledger are refused with its code."""
    for county in (world.a, world.b):
        for village in range(4):
            child = world.child(county, village=village)
            world.categorise(child, "family", county=county)
            if ledger == "rehab-aid":
                world.application(county, child=child)
            if ledger == "transfers":
                _transferred(world, county, child)
    if ledger == "reports":
        from tests.integration.report_cases import file_report

        for county in (world.a, world.b):
            file_report(world, county)
    readers, column = LEDGERS[ledger]
    for county, role in users(world):
        headers = auth(county, role)
        query = {"first": "2026-01-01", "last": "2026-03-31"}
        response = client.get(f"{API}/ledgers/{ledger}.xlsx", query_string=query, headers=headers)
        if role not in readers:
            assert problem(response, 403)["code"] == "ledger_readers_only", role
            continue
        assert response.status_code == 200, (role, response.get_data(as_text=True))
        assert response.headers["Cache-Control"] == "no-store"
        listed = client.get(f"{API}/children?per_page=100", headers=headers).get_json()
        names = {row["name"] for row in listed["items"]}
        sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))[:-1]
        named = {row[column] for row in rows}
        if role.startswith("department_staff"):
            assert named <= {None}, role  # nothing of the child
        else:
            assert named <= names, (role, county.county.name)
        if ledger in ("register", "rehab-aid"):  # the others have rows only once paid
            assert len(rows) == len(names), role
        if ledger == "transfers" and not role.startswith("department_staff"):
            assert len(rows) == len(names), role  # one transfer per child listed


def _transferred(world, county, child) -> None:
    from tests.integration.transfer_cases import TRANSFERS, receive

    case = receive(world, county, child=False, child_id=child.id, place_id=child.place_id)
    TRANSFERS.act(county.actor("case_worker"), case.id, "transfer", now=world.now,
                  payload={"department": "civil_affairs"})  # fmt: skip


def _page_browser(app, county, role, n):
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = f"10.0.1.{n}"  # under the sign-in limit
    assert browser.sign_in(county.users[role].username).status_code == 302
    return browser


KEEPS_A_LEDGER = set().union(*(readers for readers, _ in LEDGERS.values()))


def test_the_ledger_page_downloads_what_the_api_gives(app, client, world):
    """The page's download is the API's, role by role and county by county: the same rows for
    the ledger's readers; a form refusing it to the roles that keep other ledgers; a 403 to the
    roles that keep none."""
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    for county in (world.a, world.b):
        for village in range(4):
            world.categorise(world.child(county, village=village), "family", county=county)
    query = {"first": "2026-01-01", "last": "2026-03-31"}
    readers = LEDGERS["register"][0]
    for n, (county, role) in enumerate(users(world)):
        browser = _page_browser(app, county, role, n)
        page = browser.client.get("/ledgers/download", query_string={**query, "ledger": "register"})
        if role in readers:
            api = client.get(f"{API}/ledgers/register.xlsx", query_string=query,
                             headers=auth(county, role))  # fmt: skip
            assert page.status_code == 200, role
            assert page.headers["Cache-Control"] == "no-store"
            mine = list(load_workbook(io.BytesIO(page.data)).worksheets[0].values)
            theirs = list(load_workbook(io.BytesIO(api.data)).worksheets[0].values)
            assert mine == theirs, (role, county.county.name)
        else:
            expected = 422 if role in KEEPS_A_LEDGER else 403
            assert page.status_code == expected, role


def test_the_return_page_downloads_what_the_api_gives(app, client, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    application = world.application(world.b)
    world.advance(application.id, "approved", world.b)
    for n, (county, role) in enumerate(users(world)):
        browser = _page_browser(app, county, role, n)
        page = browser.client.get("/returns/download?kind=monthly&period=2026-03")
        if role not in RETURN_READERS:
            assert page.status_code == 403, role
            continue
        api = client.get(f"{API}/returns/monthly/2026-03.xlsx", headers=auth(county, role))
        mine = list(load_workbook(io.BytesIO(page.data)).worksheets[0].values)
        assert mine == list(load_workbook(io.BytesIO(api.data)).worksheets[0].values), role
        assert mine[3][3] == (1 if county is world.b else 0), role


RETURN_READERS = {"admin", "leader", "case_worker"}


def test_returns_are_the_callers_county_and_for_its_readers(client, world):
    """A return counts the caller's county only; roles with no business get its code."""
    application = world.application(world.b)
    world.advance(application.id, "approved", world.b)
    for county, role in users(world):
        headers = auth(county, role)
        sheet = client.get(f"{API}/returns/monthly/2026-03.xlsx", headers=headers)
        figures = client.get(f"{API}/returns/monthly/2026-03", headers=headers)
        if role not in RETURN_READERS:
            assert problem(sheet, 403)["code"] == "returns_only", role
            assert problem(figures, 403)["code"] == "returns_only", role
            continue
        assert sheet.headers["Cache-Control"] == "no-store"
        rows = list(load_workbook(io.BytesIO(sheet.data)).worksheets[0].iter_rows(values_only=True))
        aided = 1 if county is world.b else 0
        assert rows[3][1:] == ("本年累计救助儿童数", "人", aided), role
        assert rows[0][0].startswith(county.county.name)
        assert figures.get_json()["figures"][0]["value"] == aided
