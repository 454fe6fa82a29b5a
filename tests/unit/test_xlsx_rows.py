"""The streamed sheet writes what openpyxl itself would: values, types, number format."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from casework.services.xlsx_rows import StreamedSheet


def written(rows) -> object:
    book = Workbook(write_only=True)
    sheet = StreamedSheet(book, "表", money_columns=(2,))
    for row in rows(sheet):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))["表"]


def test_plain_rows_keep_text_numbers_and_money_in_yuan():
    sheet = written(
        lambda s: [
            ["名称", "数量", "金额"],
            [" 前后有空格 ", 3, 123456],
            ["负数", None, -5],
            ["", 0, 0],
        ]
    )
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["名称", "数量", "金额"],
        [" 前后有空格 ", 3, 1234.56],
        ["负数", None, -0.05],
        [None, 0, 0],
    ]
    assert sheet["C2"].number_format == "0.00" and sheet["B2"].number_format == "General"
    assert sheet["C1"].data_type == "s"  # text in a money column stays text


def test_rows_with_cells_or_other_types_go_through_openpyxl():
    def rows(sheet):
        bold = WriteOnlyCell(sheet, "合计")
        bold.font = Font(bold=True)
        return [[bold, None, 100], ["日期", dt.date(2026, 3, 1), 250]]

    sheet = written(rows)
    assert sheet["A1"].font.bold and sheet["A1"].value == "合计"
    assert sheet["B2"].value == dt.datetime(2026, 3, 1)
    assert sheet["C1"].value == 1 and sheet["C2"].value == 2.5  # fen in yuan either way
    assert sheet["C2"].number_format == "0.00"
