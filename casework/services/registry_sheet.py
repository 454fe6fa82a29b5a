"""Reading the registry spreadsheets counties keep today: .xlsx, or .csv in UTF-8 or GB18030.

A CSV saved by Excel on a Chinese Windows is GB18030 (GBK); one saved elsewhere is UTF-8,
often with a BOM; a file pasted together from both has lines in each. We decide the file's
encoding from its lines and report every line that is not in it, rather than guess a line's
meaning from mojibake.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook

from casework.errors import FieldError, Invalid
from casework.rules.text import clean_text

UTF8, GB18030 = "UTF-8", "GB18030"


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


def _read_xlsx(content: bytes) -> Sheet:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        unreadable = FieldError(str(exc), code="unreadable_xlsx")
        raise Invalid(
            "not a readable .xlsx file", {"file": [unreadable]}, code="unreadable_xlsx"
        ) from exc
    try:
        lines = [
            (number, [_cell(v) for v in values])
            for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)
        ]
    finally:
        book.close()
    return _split(lines, encoding="xlsx")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # an ID number typed as a number loses its last digits: say so rather than guess
        return f"{int(value)}" if abs(value) < 1e15 else f"{value!r}"
    return clean_text(str(value)).strip()


def _read_csv(content: bytes) -> Sheet:
    bom = content.startswith(b"\xef\xbb\xbf")
    raw_lines = content.removeprefix(b"\xef\xbb\xbf").splitlines()
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
    lines = [(reader.line_num, [clean_text(cell).strip() for cell in cells]) for cells in reader]
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
