"""The columns a benchmark's bulk INSERT leaves out, with the model's defaults as SQL literals:
peewee fills defaults in Python and the schema has none, so a raw INSERT that names only the
columns it cares about fails on each NOT NULL column added later."""

from __future__ import annotations

import json

from peewee import Model


def _literal(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return "'" + str(value).replace("'", "''") + "'"


def defaults(model: type[Model], named: str) -> tuple[str, str]:
    """(", col, ...", ", literal, ...") for the model's columns with a default that the column
    list `named` (as written in the INSERT) leaves out: append them to the columns and the
    values."""
    given = {c.strip() for c in named.replace("\n", " ").split(",")}
    columns, values = [], []
    for field in model._meta.sorted_fields:
        if field.column_name in given or field.default is None:
            continue
        default = field.default() if callable(field.default) else field.default
        columns.append(field.column_name)
        values.append(_literal(default))
    return "".join(f", {c}" for c in columns), "".join(f", {v}" for v in values)
