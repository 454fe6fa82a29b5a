"""Money: integer fen inside, decimal strings such as "12000.00" outside, never float.

A float cannot hold 0.10 exactly, and a county's books must balance to the fen, so amounts
cross the boundary only as text (or as Decimal for spreadsheets) and are integers in between.
"""

from __future__ import annotations

import re
from decimal import Decimal

FEN_PER_YUAN = 100
_AMOUNT = re.compile(r"^(-?)(\d{1,12})(?:\.(\d{1,2}))?$")


class MoneyError(ValueError):
    """Text that is not an amount of yuan with at most two decimals."""


def parse_yuan(text: str | int) -> int:
    """ "12000.00", "12000.5" or "12000" (or an int of whole yuan) -> fen. Floats are refused."""
    if isinstance(text, bool) or isinstance(text, float):
        raise MoneyError('give the amount as text such as "12000.00", not as a float')
    if isinstance(text, int):
        return text * FEN_PER_YUAN
    if not isinstance(text, str):
        raise MoneyError('give the amount as text such as "12000.00"')
    match = _AMOUNT.match(text.strip().replace(",", ""))
    if match is None:
        raise MoneyError(f"{text!r} is not an amount in yuan with at most two decimals")
    sign, whole, decimals = match.groups()
    fen = int(whole) * FEN_PER_YUAN + int((decimals or "0").ljust(2, "0"))
    return -fen if sign else fen


def format_yuan(fen: int) -> str:
    """fen -> "12000.00" (no thousands separator, so it parses back the same)."""
    # an exact int, the usual case, skips the slower checks (bool is an int subclass)
    if type(fen) is not int and (not isinstance(fen, int) or isinstance(fen, bool)):
        raise TypeError(f"money is held as integer fen, not {type(fen).__name__}")
    if fen < 0:
        return "-" + format_yuan(-fen)
    return f"{fen // FEN_PER_YUAN}.{fen % FEN_PER_YUAN:02d}"


def to_decimal(fen: int) -> Decimal:
    """fen -> Decimal yuan with exactly two places, for spreadsheet cells."""
    return Decimal(fen).scaleb(-2).quantize(Decimal("0.01"))
