"""Coverage of the protection network: places without their required role."""

from __future__ import annotations

from marshmallow import Schema, fields


class GapSchema(Schema):
    place_id = fields.Integer()
    name = fields.String()
    level = fields.String(metadata={"description": "village or township"})
    township = fields.String(metadata={"description": "the village's township; empty for one"})
    missing = fields.String(metadata={"description": "child_director or child_supervisor"})


class CoverageSchema(Schema):
    villages = fields.Integer()
    villages_covered = fields.Integer()
    townships = fields.Integer()
    townships_covered = fields.Integer()
    gaps = fields.List(fields.Nested(GapSchema))
