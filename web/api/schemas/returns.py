"""Periodic returns: the fixed layout of figures, and the submissions recorded."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.api.schemas.common import UtcDateTime


class FigureSchema(Schema):
    code = fields.String()
    name = fields.String(metadata={"description": "the figure's Chinese name in the return"})
    unit = fields.String()
    value = fields.Integer(metadata={"description": "money in fen"})


class ReturnSchema(Schema):
    title = fields.String()
    kind = fields.String(metadata={"description": "monthly or quarterly"})
    period = fields.Function(lambda r: r.period.label)
    as_of = UtcDateTime(metadata={"description": "the moment counted at (UTC)"})
    figures = fields.Function(lambda r: r.rows(), metadata={"description": "in the fixed order"})


class SubmissionSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    period = fields.String()
    as_of = UtcDateTime()
    submitted_by_id = fields.Integer()
    submitted_at = UtcDateTime()
    figures = fields.Function(lambda s: dict(s.figures), metadata={"description": "as sent"})
