"""Field types the action payloads of every workflow share."""

from __future__ import annotations

import datetime as dt
from functools import cache

from marshmallow import ValidationError, fields, validate

from casework.errors import Invalid
from casework.rules.text import clean_text


class Month(fields.Field):
    """A calendar month as "YYYY-MM", held as the date of its first day."""

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        try:
            year, month = str(value).split("-")
            return dt.date(int(year), int(month), 1)
        except (ValueError, TypeError) as exc:
            raise ValidationError("expected a month as YYYY-MM") from exc

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")


class Text(fields.String):
    """Text without the characters XML cannot hold, so it always fits a spreadsheet export:
    a service called without the web (the command line, imports) gets the same text."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return clean_text(super()._deserialize(value, attr, data, **kwargs))


def text(required: bool = True, max_length: int = 2000) -> fields.String:
    """Free text that must say something when required."""
    length = validate.Length(min=1 if required else 0, max=max_length)
    if required:
        return Text(required=True, validate=length)
    return Text(load_default="", validate=length)


def load_payload(schema: type, payload: dict | None, partial: bool = False) -> dict:
    """Validate `payload` with a marshmallow schema; Invalid (422) names the offending fields.
    `partial`: a change of some fields, the others absent (and given no defaults)."""
    try:
        return _instance(schema).load(payload or {}, partial=partial)
    except ValidationError as exc:
        raise Invalid("the payload is not valid", exc.normalized_messages()) from exc


@cache
def _instance(schema: type):
    """One instance per schema: building one cost more than the validation (a load keeps no
    state on the instance, so threads may share it)."""
    return schema()
