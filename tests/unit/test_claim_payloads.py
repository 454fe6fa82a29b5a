"""The edit of many lines loads exactly as marshmallow's nested schema would, errors included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields

from casework.workflows.claim_payloads import EditLine, EditLinesPayload


class NestedOnly(Schema):  # the plain marshmallow form of the same payload
    lines = fields.List(fields.Nested(EditLine), required=True)


def outcome(schema, payload):
    try:
        return schema.load(payload)
    except ValidationError as exc:
        return exc.normalized_messages()


amounts = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.sampled_from(["12000.00", "0.5", "-3.00", "1.234", "abc", "", " 1,700.10 "]),
    st.floats(allow_nan=False),
    st.booleans(),
)
line_ids = st.one_of(st.integers(1, 10**9), st.sampled_from(["7", "x", None, True, 2.0]))
names = st.sampled_from(
    ["total_cost", "basic_medical", "critical_illness", "supplementary_critical_illness",
     "medical_aid", "line_id", "free_device", "surprise"]
)  # fmt: skip
lines = st.lists(
    st.one_of(st.dictionaries(names, st.one_of(amounts, line_ids), max_size=7), st.integers()),
    min_size=1,
    max_size=6,
)


@settings(deadline=None)  # a busy machine is no failure
@given(lines)
def test_any_lines_load_as_the_nested_schema_loads_them(given_lines):
    payload = {"lines": given_lines}
    assert outcome(EditLinesPayload(), payload) == outcome(NestedOnly(), payload)


@pytest.mark.parametrize("payload", [{"lines": []}, {"lines": "many"}, {}])
def test_an_empty_or_missing_list_is_refused(payload):
    with pytest.raises(ValidationError):
        EditLinesPayload().load(payload)


def test_well_formed_lines_are_read_in_fen():
    loaded = EditLinesPayload().load(
        {"lines": [{"line_id": 3, "total_cost": "4000.50", "medical_aid": 100}]}
    )
    assert loaded["lines"] == [
        {
            "line_id": 3,
            "total_cost": 400_050,
            "basic_medical": None,
            "critical_illness": None,
            "supplementary_critical_illness": None,
            "medical_aid": 10_000,
            "free_device": None,  # not given: the line keeps what it had
        }
    ]
