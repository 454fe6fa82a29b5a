"""Every CSV the project writes goes through `write_csv` (tests/web/test_csv_formulas.py
checks that no other module calls csv.writer): UTF-8 with a byte-order mark, so that Excel on
Chinese Windows reads the headers right; no character XML cannot hold, as in the .xlsx; no cell
that a spreadsheet would run as a formula (a child renamed =HYPERLINK(...) stays text)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from casework.rules.text import clean_text, spreadsheet_text


def write_csv(rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, str):
        return spreadsheet_text(clean_text(value))
    return value
