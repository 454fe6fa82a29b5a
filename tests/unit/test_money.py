from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.rules.money import MoneyError, format_yuan, parse_yuan, to_decimal
from casework.rules.periods import Cycle, PeriodError, parse_period, period_containing


@pytest.mark.parametrize(
    "text,fen",
    [
        ("12000.00", 1_200_000),
        ("12000", 1_200_000),
        ("0.5", 50),
        ("0.05", 5),
        (" 1,700.10 ", 170_010),
        ("-3.20", -320),
        (17, 1700),
    ],
)
def test_parse(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("bad", ["", "abc", "1.234", "1e3", "¥100", 12.5, None, True, "1.2.3"])
def test_parse_refuses_what_is_not_an_amount(bad):
    with pytest.raises(MoneyError):
        parse_yuan(bad)


@given(st.integers(-(10**14) + 1, 10**14 - 1))  # up to 12 digits of yuan
def test_format_and_parse_round_trip(fen):
    assert parse_yuan(format_yuan(fen)) == fen
    assert to_decimal(fen) == Decimal(format_yuan(fen))


def test_format_refuses_floats():
    with pytest.raises(TypeError):
        format_yuan(12.5)


def test_periods():
    q1 = parse_period("2026-Q1", Cycle.QUARTERLY)
    assert (q1.start.isoformat(), q1.end.isoformat(), q1.label) == (
        "2026-01-01",
        "2026-03-31",
        "2026-Q1",
    )
    assert [m.month for m in q1.months] == [1, 2, 3]
    q4 = parse_period("2025q4", Cycle.QUARTERLY)
    assert q4.end.isoformat() == "2025-12-31" and q4.label == "2025-Q4"
    feb = parse_period("2024-02", Cycle.MONTHLY)
    assert feb.end.isoformat() == "2024-02-29" and feb.months == [feb.start]
    assert period_containing(feb.end, Cycle.QUARTERLY).label == "2024-Q1"
    for label, cycle in [
        ("2026-03", Cycle.QUARTERLY),
        ("2026-Q1", Cycle.MONTHLY),
        ("2026-13", Cycle.MONTHLY),
    ]:
        with pytest.raises(PeriodError):
            parse_period(label, cycle)
