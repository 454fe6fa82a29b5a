"""Characters XML cannot hold: control characters pasted from elsewhere (Word's vertical tab
\\x0b, Excel's \\x1f...) break every .xlsx export, since a spreadsheet is XML. Tabs and
newlines are kept: multi-line fields such as facts and reasons need them."""

from __future__ import annotations

import re
from typing import Any

# openpyxl's ILLEGAL_CHARACTERS_RE (the C0 controls but tab, newline and carriage return),
# plus what XML 1.0 also excludes and lxml refuses: lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """`value` without the characters XML cannot hold."""
    return NOT_XML.sub("", value)


def clean_strings(value: Any) -> Any:
    """`value` (a JSON document) with every string cleaned, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    return value


# A cell a spreadsheet would run as a formula: = + - @ start one, and a tab or a carriage
# return before them hides it (OWASP's CSV injection). A plain number such as -12.50 is data.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def spreadsheet_text(value: str) -> str:
    """`value` as a cell that a spreadsheet shows and never runs: one that would start a
    formula gets a leading apostrophe (shown as typed, kept out of the calculation)."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
