"""The ledgers' filters."""

from __future__ import annotations

from marshmallow import Schema, fields


class LedgerQuery(Schema):
    place_id = fields.Integer(
        load_default=None, metadata={"description": "a township or village of your area"}
    )
    first = fields.Date(required=True, metadata={"description": "the period's first day"})
    last = fields.Date(required=True, metadata={"description": "the period's last day"})
    whole = fields.Boolean(
        load_default=False,
        metadata={"description": "ID numbers whole (roles that read them whole; logged)"},
    )
