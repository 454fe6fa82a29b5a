"""Reading the registry spreadsheets counties keep today: .xlsx, or .csv in UTF-8 or GB18030.

A CSV saved by Excel on a Chinese Windows is GB18030 (GBK); one saved elsewhere is UTF-8,
often with a BOM; a file pasted together from both has lines in each. We decide the file's
encoding from its lines and report every line that is not in it, rather than guess a line's
meaning from mojibake.

Whatever a file declares, reading it is bounded: an .xlsx's declared dimension is
ignored (a 1.5 KB sheet may declare A1:XFD40000, which openpyxl would fill with empty cells),
the unzipped XML, the rows, the columns and each cell are capped and the reading stops at the
first excess, refused with its code; a CSV's lines likewise.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from casework.errors import FieldError, Invalid, TooLarge
from casework.rules.text import clean_text

UTF8, GB18030 = "UTF-8", "GB18030"
MAX_ROWS = 20_000  # data rows: a county's registry holds a few thousand children
MAX_COLUMNS = 50  # the import reads a dozen
MAX_CELL_CHARACTERS = 1_000  # an address is the longest cell
MAX_LINE_BYTES = 64 * 1024  # a CSV line
MAX_XML_BYTES = 32 * 1024 * 1024  # an .xlsx's parts as unzipped (their declared sizes)


@dataclass
class Sheet:
    """The header and the data rows, each with its row number as the clerk sees it."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    unreadable: dict[int, str] = field(default_factory=dict)  # row number -> why


def read_sheet(filename: str, content: bytes) -> Sheet:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(content)
    if suffix == ".csv":
        return _read_csv(content)
    send = FieldError("send an .xlsx or a .csv file", code="not_a_sheet")
    raise Invalid("unsupported file type", {"file": [send]}, code="not_a_sheet")


def _unreadable(exc: Exception) -> Invalid:
    unreadable = FieldError(str(exc), code="unreadable_xlsx")
    return Invalid("not a readable .xlsx file", {"file": [unreadable]}, code="unreadable_xlsx")


def _check_archive(content: bytes) -> None:
    """Refuse a zip whose parts unzip to more than MAX_XML_BYTES (zipfile never reads a part
    past its declared size, so the declaration bounds what is read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable(exc) from exc
    if unzipped > MAX_XML_BYTES:
        megabytes = MAX_XML_BYTES // (1024 * 1024)
        raise TooLarge(
            f"the spreadsheet unzips to more than {megabytes} MB",
            code="sheet_too_large",
            params={"megabytes": megabytes},
        )


def _read_xlsx(content: bytes) -> Sheet:
    _check_archive(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _unreadable(exc) from exc
    try:
        lines, counter = [], _RowCounter()
        for number, cells in _stored_rows(book):
            row = [""] * min(max((c["column"] for c in cells), default=0), MAX_COLUMNS)
            for cell in cells:
                if cell["value"] is None:
                    continue
                if cell["column"] > MAX_COLUMNS:
                    raise _too_many_columns(number)
                row[cell["column"] - 1] = _cell(cell["value"], number)
            while row and not row[-1]:
                row.pop()
            if row:
                counter.count(number)
                lines.append((number, row))
    except (Invalid, TooLarge):
        raise
    except Exception as exc:  # a damaged part shows only when its rows are read
        raise _unreadable(exc) from exc
    finally:
        book.close()
    return _split(lines, encoding="xlsx")


def _stored_rows(book):
    """(row number, cells) of each row the first sheet's XML holds. openpyxl's iter_rows
    would fill the gaps between them and pad every row to the declared dimension: a million
    rows of 16,384 empty cells for a file of a few kilobytes."""
    sheet = book.worksheets[0]
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


class _RowCounter:
    """Counts the rows that hold something; refuses the row after the last one allowed."""

    def __init__(self):
        self.rows = 0

    def count(self, number: int) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS + 1 or number > MAX_ROWS + 1:  # and the header
            raise TooLarge(
                f"more than {MAX_ROWS} rows (row {number}): split the file",
                code="too_many_rows",
                params={"rows": MAX_ROWS, "row": number},
            )


def _too_many_columns(number: int) -> Invalid:
    wide = FieldError(
        f"row {number} has more than {MAX_COLUMNS} columns",
        code="too_many_columns",
        params={"columns": MAX_COLUMNS, "row": number},
    )
    return Invalid(wide, {"file": [wide]}, code=wide.code, params=wide.params)


def _cell(value, number: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # an ID number typed as a number loses its last digits: say so rather than guess
        return f"{int(value)}" if abs(value) < 1e15 else f"{value!r}"
    return _capped(clean_text(str(value)).strip(), number)


def _capped(text: str, number: int) -> str:
    if len(text) > MAX_CELL_CHARACTERS:
        long = FieldError(
            f"row {number} has a cell longer than {MAX_CELL_CHARACTERS} characters",
            code="cell_too_long",
            params={"characters": MAX_CELL_CHARACTERS, "row": number},
        )
        raise Invalid(long, {"file": [long]}, code=long.code, params=long.params)
    return text


def _read_csv(content: bytes) -> Sheet:
    bom = content.startswith(b"\xef\xbb\xbf")
    raw_lines = content.removeprefix(b"\xef\xbb\xbf").splitlines()
    counter = _RowCounter()
    for number, line in enumerate(raw_lines, 1):
        if len(line) > MAX_LINE_BYTES:
            kilobytes = MAX_LINE_BYTES // 1024
            long = FieldError(
                f"line {number} is longer than {kilobytes} KB",
                code="line_too_long",
                params={"kilobytes": kilobytes, "row": number},
            )
            raise Invalid(long, {"file": [long]}, code=long.code, params=long.params)
        if line.strip(b" ,;\t"):
            counter.count(number)
    kinds = [_kind(line) for line in raw_lines]
    if bom or kinds.count(UTF8) >= max(kinds.count(GB18030), 1):
        encoding = UTF8
    elif GB18030 in kinds:
        encoding = GB18030
    else:
        encoding = UTF8  # plain ASCII
    unreadable: dict[int, str] = {}
    texts = []
    for number, (line, kind) in enumerate(zip(raw_lines, kinds, strict=True), 1):
        if kind in ("ascii", encoding):
            texts.append(line.decode(encoding))
        else:
            unreadable[number] = (
                f"this row is not in the file's encoding ({encoding}) and cannot be read: "
                "save the whole sheet again in one encoding"
            )
            texts.append("")
    if 1 in unreadable:
        mixed = FieldError(unreadable[1], code="mixed_encodings", params={"encoding": encoding})
        raise Invalid("the header row cannot be read", {"file": [mixed]}, code="unreadable_header")
    reader = csv.reader(texts)
    # line_num, not a count: a quoted cell may hold a line break
    # control characters too: a sheet's text ends up in the .xlsx exports
    lines = []
    try:
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                raise _too_many_columns(reader.line_num)
            lines.append(
                (reader.line_num, [_capped(clean_text(c).strip(), reader.line_num) for c in cells])
            )
    except csv.Error as exc:  # a quote left open swallows the lines after it
        broken = FieldError(
            f"line {reader.line_num}: {exc}",
            code="unreadable_csv",
            params={"row": reader.line_num},
        )
        raise Invalid(
            "not a readable .csv file", {"file": [broken]}, code="unreadable_csv"
        ) from exc
    sheet = _split(lines, encoding=encoding)
    sheet.unreadable = unreadable
    return sheet


def _kind(line: bytes) -> str:
    if line.isascii():
        return "ascii"
    try:
        line.decode("utf-8")
        return UTF8
    except UnicodeDecodeError:
        pass
    try:
        line.decode("gb18030")
        return GB18030
    except UnicodeDecodeError:
        return "undecodable"


def _split(lines: list[tuple[int, list[str]]], encoding: str) -> Sheet:
    if not lines:
        no_header = FieldError("no header row", code="empty_file")
        raise Invalid("the file is empty", {"file": [no_header]}, code="empty_file")
    header = [h.strip() for h in lines[0][1]]
    return Sheet(header, lines[1:], encoding)
