"""Text cleaned of the characters XML (and so every .xlsx export) cannot hold."""

from __future__ import annotations

from casework.rules.text import clean_strings, clean_text
from casework.workflows.payloads import load_payload
from casework.workflows.rehab_payloads import AgreementPayload


def test_control_characters_go_tabs_and_newlines_stay():
    assert clean_text("张\x00\x0b\x0c\x1f三\t一\n二\r\ufffe\uffff") == "张三\t一\n二\r"
    assert clean_text("陈小雨 (hearing)") == "陈小雨 (hearing)"
    assert clean_strings({"a\x0b": ["b\x1f", 1, {"c": "d\x08"}], "n": None}) == {
        "a": ["b", 1, {"c": "d"}],
        "n": None,
    }


def test_payload_text_is_cleaned_without_the_web():
    data = load_payload(
        AgreementPayload, {"signed_on": "2026-01-05", "guardian_name": "陈\x0b刚", "terms": "a\nb"}
    )
    assert (data["guardian_name"], data["terms"]) == ("陈刚", "a\nb")
