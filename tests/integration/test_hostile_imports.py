"""Registry imports bounded in memory and time whatever a file declares: a corpus of
hostile files made here, each refused with its code (or read as it is, not as it declares)
within a second or two and a few megabytes, through the service and through the API."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from casework.errors import Invalid, TooLarge
from casework.services import registry_sheet
from casework.services.registry_import import import_registry
from tests.conftest import NOW
from tests.integration.test_registry_import import HEADER, csv_bytes, good_rows, xlsx
from tests.web.conftest import API, auth, problem


def declaring(content: bytes, dimension: str, extra_row: str = "") -> bytes:
    """`content` (an .xlsx) with its sheet declaring `dimension`, and `extra_row` (raw XML)
    after its rows."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>', xml)
                xml = xml.replace("</sheetData>", f"{extra_row}</sheetData>")
                data = xml.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def cell_row(number: int, column: str, text: str = "x") -> str:
    return (
        f'<row r="{number}"><c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    )


def bounded(read):
    """Run `read`; assert it took little time and memory; return what it returned or raised."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return read()
    except (Invalid, TooLarge) as exc:
        return exc
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert elapsed < 5, elapsed
        assert peak < 64 * 1024 * 1024, peak


@pytest.fixture
def importer(world):
    return world.a.actor("child_supervisor")


def test_a_cell_in_row_40000_under_a_dimension_of_xfd_is_refused_at_once(world, importer):
    hostile = declaring(xlsx([]), "A1:XFD40000", cell_row(40000, "A"))
    assert len(hostile) < 10_000
    refused = bounded(lambda: import_registry(importer, "a.xlsx", hostile, NOW, dry_run=True))
    assert isinstance(refused, TooLarge) and refused.code == "too_many_rows"


def test_a_declared_dimension_is_not_trusted(world, importer):
    # three good rows under a sheet declaring every cell Excel has
    content = declaring(xlsx(good_rows(world)), "A1:XFD1048576")
    report = bounded(lambda: import_registry(importer, "a.xlsx", content, NOW, dry_run=True))
    assert (report.rows, report.good) == (3, 3)


def test_empty_rows_up_to_excels_last_are_skipped_quickly(world, importer):
    content = declaring(xlsx(good_rows(world)), "A1:A1", cell_row(1_048_576, "A", ""))
    report = bounded(lambda: import_registry(importer, "a.xlsx", content, NOW, dry_run=True))
    assert report.rows == 3


@pytest.mark.parametrize(
    "extra, code",
    [
        (cell_row(5, "XFD"), "too_many_columns"),
        (cell_row(5, "B", "长" * 100_000), "cell_too_long"),
    ],
)
def test_wide_rows_and_long_cells_are_refused(world, importer, extra, code):
    content = declaring(xlsx(good_rows(world)), "A1:J5", extra)
    refused = bounded(lambda: import_registry(importer, "a.xlsx", content, NOW, dry_run=True))
    assert isinstance(refused, Invalid) and refused.code == code
    assert refused.fields["file"][0].code == code


def test_a_sheet_that_unzips_too_large_is_refused(world, importer, monkeypatch):
    monkeypatch.setattr(registry_sheet, "MAX_XML_BYTES", 1024 * 1024)
    padding = cell_row(5, "A", " " * (2 * 1024 * 1024))  # compresses to a few KB
    content = declaring(xlsx(good_rows(world)), "A1:J5", padding)
    assert len(content) < 50_000
    refused = bounded(lambda: import_registry(importer, "a.xlsx", content, NOW, dry_run=True))
    assert isinstance(refused, TooLarge) and refused.code == "sheet_too_large"


def test_a_damaged_xlsx_is_unreadable_not_a_crash(world, importer):
    content = declaring(xlsx(good_rows(world)), "A1:J5", "<row r='5'><c r='A5' t='s'><v>99")
    refused = bounded(lambda: import_registry(importer, "a.xlsx", content, NOW, dry_run=True))
    assert isinstance(refused, Invalid) and refused.code == "unreadable_xlsx"


@pytest.mark.parametrize(
    "content, code",
    [
        (b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\r\n" + b"1" * 1_000_000, "line_too_long"),
        (",".join(HEADER).encode() + b"\r\n" + b"1,2\r\n" * 20_001, "too_many_rows"),
        (",".join(HEADER).encode() + b"\r\n" + b"," * 60, "too_many_columns"),
        (",".join(HEADER).encode() + b'\r\n1,"' + b"x" * 60_000 + b"\r\n" * 3, "cell_too_long"),
        (",".join(HEADER).encode() + b'\r\n1,"' + (b"x" * 60_000 + b"\r\n") * 3, "unreadable_csv"),
    ],
    ids=["long-line", "many-rows", "many-columns", "long-cell", "open-quote"],
)
def test_hostile_csv_is_refused(world, importer, content, code):
    refused = bounded(lambda: import_registry(importer, "a.csv", content, NOW, dry_run=True))
    assert isinstance(refused, Invalid | TooLarge) and refused.code == code, refused


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_each_encoding_still_reads(world, importer, encoding):
    content = csv_bytes(good_rows(world), encoding=encoding)
    report = bounded(lambda: import_registry(importer, "a.csv", content, NOW, dry_run=True))
    assert (report.rows, report.good) == (3, 3)


def test_the_api_answers_413_and_422_problems(app, world):
    app.config["CASEWORK_CLOCK"] = lambda: NOW
    client = app.test_client()
    headers = auth(world.a, "child_supervisor")
    cases = [
        ("a.xlsx", declaring(xlsx([]), "A1:XFD40000", cell_row(40000, "A")), 413, "too_many_rows"),
        ("a.csv", ",".join(HEADER).encode() + b"\r\n" + b"1" * 100_000, 422, "line_too_long"),
    ]
    for name, content, status, code in cases:
        started = time.perf_counter()
        response = client.post(
            f"{API}/registry/imports?dry_run=true",
            data={"file": (io.BytesIO(content), name)},
            headers=headers,
            content_type="multipart/form-data",
        )
        assert time.perf_counter() - started < 5
        assert problem(response, status)["code"] == code


def test_a_workbook_made_by_excel_with_styled_empty_rows_reads(world, importer):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in good_rows(world):
        sheet.append(row)
    for r in range(5, 3000):  # formatted but empty, as a template sheet often is
        sheet.cell(r, 1).number_format = "@"
    out = io.BytesIO()
    book.save(out)
    report = bounded(lambda: import_registry(importer, "a.xlsx", out.getvalue(), NOW, dry_run=True))
    assert report.rows == 3
