"""Spreadsheets of thousands of rows through openpyxl's write-only mode, plain rows serialised
by lxml in one piece.

openpyxl writes every value through a cell object, a style lookup and three nested lxml
elements, about 7 µs a cell: 1.5 s of a county period's 200,000. Here openpyxl still writes
the workbook, its styles, the sheet around the rows and every row that holds openpyxl cells
(bold headers, totals); a row of plain text and integers becomes one lxml element, the money
columns (integer fen) in yuan with one shared number format.
"""

from __future__ import annotations

from lxml.etree import Element, SubElement
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from casework.rules.money import format_yuan, to_decimal
from casework.rules.text import clean_text

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class StreamedSheet(WriteOnlyWorksheet):
    """A write-only sheet of `book`; integers in `money_columns` (0-based) are fen."""

    def __init__(self, book: Workbook, title: str, money_columns=(), number_format="0.00"):
        super().__init__(book, title)
        book._add_sheet(self)  # what Workbook.create_sheet does with its own sheets
        self._money = frozenset(money_columns)
        self._number_format = number_format
        self._money_style = str(self.yuan_cell(0).style_id)  # registered in the book once
        self._letters: list[str] = []

    def _write_rows(self):
        """openpyxl's own loop (3.1), plain rows written by `_row_element`."""
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    values = yield
                    row = self._row_element(values, row_idx)
                    if row is not None:
                        xf.write(row)
                    else:
                        cells = self._values_to_row(self._in_yuan(values), row_idx)
                        self._writer.write_row(xf, cells, row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def _row_element(self, values, row_idx: int):
        """The row as one element, or None if a value is not plain text or an integer."""
        r = str(row_idx)
        row = Element("row", r=r)
        letters = self._column_letters(len(values))
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if not value:
                    continue  # openpyxl reads an empty cell back as None too
                text = SubElement(
                    SubElement(SubElement(row, "c", r=letters[col] + r, t="inlineStr"), "is"), "t"
                )
                try:
                    text.text = value
                except ValueError:  # lxml refuses what XML cannot hold: drop it, not the sheet
                    value = clean_text(value)
                    text.text = value
                if value != value.strip():
                    text.set(XML_SPACE, "preserve")
            elif kind is int:
                if col in self._money:
                    cell = SubElement(row, "c", r=letters[col] + r, s=self._money_style)
                    SubElement(cell, "v").text = format_yuan(value)
                else:
                    SubElement(SubElement(row, "c", r=letters[col] + r), "v").text = str(value)
            elif value is not None:
                return None
        return row

    def _in_yuan(self, values) -> list:
        """The row for openpyxl's own path, fen in the money columns as yuan cells, text
        without the characters openpyxl refuses."""
        values = [self.text_cell(v) if type(v) is str else v for v in values]
        for col in self._money:
            if col < len(values) and type(values[col]) is int:
                values[col] = self.yuan_cell(values[col])
        return values

    def text_cell(self, value: str, font=None) -> WriteOnlyCell:
        """`value` as text, never a formula: openpyxl reads a string starting with = as one (a
        child renamed =HYPERLINK(...)); the inline strings of `_row_element` never are."""
        cell = WriteOnlyCell(self, clean_text(value))
        cell.data_type = "s"
        if font:
            cell.font = font
        return cell

    def yuan_cell(self, fen: int, font=None) -> WriteOnlyCell:
        """An amount in fen as a cell of yuan in the sheet's number format (a total: bold)."""
        cell = WriteOnlyCell(self, to_decimal(fen))
        cell.number_format = self._number_format
        if font:
            cell.font = font
        return cell

    def _column_letters(self, count: int) -> list[str]:
        while len(self._letters) < count:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters
