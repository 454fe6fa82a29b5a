"""Text from browsers and API clients, cleaned of the characters XML cannot hold before any
schema or page reads it (casework.rules.text): a name pasted with a stray control character
is stored without it, so the spreadsheet exports never meet one."""

from __future__ import annotations

from flask import Request
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import ImmutableMultiDict

from casework.rules.text import clean_strings, clean_text


class CleanMultiDict(ImmutableMultiDict):
    """Query strings and form fields with their text cleaned (uploaded files untouched)."""

    def __init__(self, mapping=None):
        super().__init__(mapping)
        for key, values in dict.items(self):
            cleaned = [clean_text(v) if isinstance(v, str) else v for v in values]
            dict.__setitem__(self, key, cleaned)


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class CleanTextParser(FlaskParser):
    """webargs parses JSON bodies itself, from the raw bytes: clean what it parsed."""

    def pre_load(self, location_data, *, schema, req, location):
        if location == "json":
            return clean_strings(location_data)
        return location_data
