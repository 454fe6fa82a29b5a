"""Field types and validators the action payloads of every workflow share. The validators are
marshmallow's, with messages that carry a code (FieldError) for the pages to translate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from casework.errors import FieldError, Invalid
from casework.rules.text import clean_text


class Month(fields.Field[dt.date]):
    """A calendar month as "YYYY-MM", held as the date of its first day."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> dt.date:
        try:
            year, month = str(value).split("-")
            return dt.date(int(year), int(month), 1)
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                FieldError("expected a month as YYYY-MM", code="not_a_month")
            ) from exc

    def _serialize(
        self, value: dt.date | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | None:
        return None if value is None else value.strftime("%Y-%m")


class Text(fields.String):
    """Text without the characters XML cannot hold, so it always fits a spreadsheet export:
    a service called without the web (the command line, imports) gets the same text."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        return clean_text(super()._deserialize(value, attr, data, **kwargs))


# marshmallow's validators, whose messages carry codes; an `error=` FieldError keeps its own


class Range(validate.Range):
    """below_minimum, above_maximum or out_of_range (both bounds set)."""

    def _format_error(self, value: Any, message: str) -> FieldError:
        text = super()._format_error(value, message)
        if isinstance(text, FieldError):
            return text
        params = {"min": self.min, "max": self.max}
        if message == self.message_min:
            return FieldError(text, code="below_minimum", params=params)
        if message == self.message_max:
            return FieldError(text, code="above_maximum", params=params)
        return FieldError(text, code="out_of_range", params=params)


class Length(validate.Length):
    """empty (nothing given where something must be), too_short, too_long or not_of_length."""

    def _format_error(self, value: Any, message: str) -> FieldError:
        text = super()._format_error(value, message)
        if isinstance(text, FieldError):
            return text
        params = {"min": self.min, "max": self.max, "equal": self.equal}
        if self.equal is not None:
            return FieldError(text, code="not_of_length", params=params)
        if not value:
            return FieldError(text, code="empty", params=params)
        if self.min is not None and len(value) < self.min:
            return FieldError(text, code="too_short", params=params)
        return FieldError(text, code="too_long", params=params)


class OneOf(validate.OneOf):
    """not_one_of, naming the choices."""

    def _format_error(self, value: Any) -> FieldError:
        text = super()._format_error(value)
        if isinstance(text, FieldError):
            return text
        choices = [str(choice) for choice in self.choices]
        return FieldError(text, code="not_one_of", params={"choices": choices})


def one_of(enum: type[Enum]) -> OneOf:
    """One of the values of `enum`."""
    return OneOf([member.value for member in enum])


def text(required: bool = True, max_length: int = 2000) -> fields.String:
    """Free text that must say something when required."""
    length = Length(min=1 if required else 0, max=max_length)
    if required:
        return Text(required=True, validate=length)
    return Text(load_default="", validate=length)


def load_payload(
    schema: type[Schema], payload: Mapping[str, Any] | None, partial: bool = False
) -> dict[str, Any]:
    """Validate `payload` with a marshmallow schema; Invalid (422) names the offending fields.
    `partial`: a change of some fields, the others absent (and given no defaults)."""
    try:
        data: dict[str, Any] = _instance(schema).load(payload or {}, partial=partial)
        return data
    except ValidationError as exc:
        # marshmallow leaves normalized_messages unannotated
        messages = exc.normalized_messages()  # type: ignore[no-untyped-call]
        raise Invalid("the payload is not valid", messages, code="invalid_payload") from exc


@cache
def _instance(schema: type[Schema]) -> Schema:
    """One instance per schema: building one cost more than the validation (a load keeps no
    state on the instance, so threads may share it)."""
    return schema()
