"""Text from browsers and API clients, cleaned of the characters XML cannot hold before any
schema or page reads it (casework.rules.text): a name pasted with a stray control character
is stored without it, so the spreadsheet exports never meet one."""

from __future__ import annotations

import decimal
import json

from flask import Request
from marshmallow import ValidationError
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from casework.rules.text import clean_strings, clean_text

# What the databases store in a BIGINT (the ids among them): any larger number is refused
# before a query, where SQLite raises OverflowError and PostgreSQL "out of range".
INT64_MAX = 2**63 - 1
# No amount or count the project keeps comes near 10^18: a Decimal beyond is refused before
# arithmetic (quantize) meets it.
DECIMAL_DIGITS = 18
PAGES_INT_MAX = 10**15


def _form_int(value: str) -> int:
    """int() for the pages' `type=int` arguments, refusing (ValueError: the argument's default)
    what no id, version, year or page number comes near: a page of 10^15 times any page size
    still fits a 64-bit offset, where 2^63 overflowed the query (a 500)."""
    if len(value) > 16:
        raise ValueError("too many digits")
    number = int(value)
    if abs(number) > PAGES_INT_MAX:
        raise ValueError("out of range")
    return number


class CleanMultiDict(ImmutableMultiDict):
    """Query strings and form fields with their text cleaned (uploaded files untouched), and
    their integers bounded (`_form_int`)."""

    def __init__(self, mapping=None):
        super().__init__(mapping)
        for key, values in dict.items(self):
            cleaned = [clean_text(v) if isinstance(v, str) else v for v in values]
            dict.__setitem__(self, key, cleaned)

    def get(self, key, default=None, type=None):
        return super().get(key, default, _form_int if type is int else type)

    def getlist(self, key, type=None):
        return super().getlist(key, _form_int if type is int else type)


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class CleanTextParser(FlaskParser):
    """webargs parses JSON bodies itself, from the raw bytes: clean what it parsed."""

    def pre_load(self, location_data, *, schema, req, location):
        if location == "json":
            return clean_strings(location_data)
        return location_data

    def _raw_load_json(self, req):
        """A body nested deeper than Python's stack, or with an integer of more digits than
        Python converts (4300), is invalid JSON (400) like any other, not a RecursionError or
        ValueError (a 500)."""
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError) as exc:
            raise json.JSONDecodeError(f"unreadable JSON: {type(exc).__name__}", "-", 0) from None

    def _process_location_data(self, location_data, schema, req, location, unknown, validators):
        data = super()._process_location_data(
            location_data, schema, req, location, unknown, validators
        )
        out_of_range = dict(_out_of_range(data))
        if out_of_range:
            raise ValidationError(out_of_range)
        return data


def _out_of_range(value, path: str = ""):
    """(field, [message]) of each number in loaded data beyond what is stored."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > INT64_MAX:
        yield path or "_schema", [f"Must be at most {INT64_MAX}."]
    elif isinstance(value, decimal.Decimal) and (
        not value.is_finite() or value.adjusted() >= DECIMAL_DIGITS
    ):
        yield path or "_schema", [f"Must have fewer than {DECIMAL_DIGITS} digits."]
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _out_of_range(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from _out_of_range(inner, f"{path}.{index}" if path else str(index))


class Int64Converter(IntegerConverter):
    """<int:...> in a route: at most 19 digits and 2^63 - 1, so a longer id is an unknown
    path (404), not a query that overflows (or an int() over 4300 digits that raises)."""

    regex = r"\d{1,19}"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", INT64_MAX)
        super().__init__(map, *args, **kwargs)
