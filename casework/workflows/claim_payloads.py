"""What each claim action asks for. Amounts are decimal strings of yuan ("12000.00"), held
as integer fen once loaded; the API documents and validates these same schemas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Regexp

from casework.errors import FieldError
from casework.rules.county_policy import CODE
from casework.rules.money import MoneyError, format_yuan, parse_yuan
from casework.vocabulary import AidItem
from casework.workflows.payloads import Length, Month, OneOf, one_of, text


class DraftPayload(Schema):
    period = fields.String(
        load_default="", metadata={"description": "2026-Q1 (quarterly county) or 2026-03 (monthly)"}
    )
    institution_id = fields.Integer(
        load_default=None, metadata={"description": "your own institution; may be omitted"}
    )
    application_ids = fields.List(
        fields.Integer(),
        load_default=None,
        metadata={
            "description": "the cases to bill (rehab applications agreed with your institution);"
            " omitted: every case with something to bill in the period"
        },
    )


def _fen(value: Any) -> int:
    """Yuan text as integer fen, never negative: the one rule for every amount loaded."""
    try:
        fen = parse_yuan(value)
    except MoneyError as exc:
        raise ValidationError(FieldError(str(exc), code="not_an_amount")) from exc
    if fen < 0:
        raise ValidationError(FieldError("cannot be negative", code="negative"))
    return fen


class Money(fields.String):
    """An amount of yuan as text, e.g. "12000.00"; loaded as integer fen, never negative."""

    # a String on the wire (so the OpenAPI document says so), integer fen inside
    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> int:
        return _fen(value)

    def _serialize(  # type: ignore[override]
        self, value: int | None, attr: str | None, obj: Any, **kwargs: Any
    ) -> str | None:
        return None if value is None else format_yuan(value)


def money(required: bool = False, description: str = "") -> Money:
    meta = {"description": description, "example": "1200.00"}
    if required:
        return Money(required=True, metadata=meta)
    return Money(load_default=None, metadata=meta)


class CostsSchema(Schema):
    """Total cost and what each insurance paid; omitted amounts keep their value (or 0)."""

    total_cost = money(description="total cost of the service, yuan")
    basic_medical = money(description="paid by basic medical insurance")
    critical_illness = money(description="paid by critical-illness insurance")
    supplementary_critical_illness = money(description="paid by supplementary insurance")
    medical_aid = money(description="paid by medical aid")


class EditLine(CostsSchema):
    line_id = fields.Integer(required=True)
    free_device = fields.Boolean(
        load_default=None,
        metadata={
            "description": "one-time items: the device was handed out free (a donation, a lent "
            "wheelchair): recorded, subsidised 0; omitted keeps it as it was"
        },
    )


COST_NAMES = tuple(CostsSchema._declared_fields)
EDIT_NAMES = frozenset(EditLine._declared_fields)


class EditLines(fields.List[dict[str, Any]]):
    """The lines of one edit, thousands for a county period: marshmallow's nested load costs
    about 100 µs a line, so well-formed lines are read here with the same rules and the same
    result; if any line is not, the nested schema loads them all and gives its own errors."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> list[dict[str, Any] | None]:  # as marshmallow's List types it; never None here
        if isinstance(value, list):
            loaded = [_well_formed_line(line) for line in value]
            if None not in loaded:
                return loaded
        return super()._deserialize(value, attr, data, **kwargs)


def _well_formed_line(line: Any) -> dict[str, Any] | None:
    if type(line) is not dict or type(line.get("line_id")) is not int or line.keys() - EDIT_NAMES:
        return None
    loaded = {"line_id": line["line_id"]}
    for name in COST_NAMES:
        amount = line.get(name)
        if amount is not None:
            try:
                amount = _fen(amount)
            except ValidationError:
                return None
        loaded[name] = amount
    free = line.get("free_device")
    if free is not None and type(free) is not bool:
        return None
    loaded["free_device"] = free
    return loaded


class EditLinesPayload(Schema):
    lines = EditLines(fields.Nested(EditLine), required=True, validate=Length(min=1))


class AddLinePayload(CostsSchema):
    application_id = fields.Integer(required=True)
    aid_item = fields.String(required=True, validate=one_of(AidItem))
    months = fields.List(
        Month(),
        load_default=None,
        metadata={"description": "training months YYYY-MM; omit for every month attended"},
    )
    service_on = fields.Date(
        load_default=None, metadata={"description": "one-time items: day of surgery or fitting"}
    )


class AdjustmentPayload(CostsSchema):
    """The corrected costs of a paid line (omitted: as paid); the reason is the action's."""

    line_id = fields.Integer(
        required=True, metadata={"description": "the approved line of a paid claim to correct"}
    )


class LineRefPayload(Schema):
    line_id = fields.Integer(required=True)


class SubmitPayload(Schema):
    attestation = text(max_length=1000)
    attested_by = text(max_length=100)


class Decision(Schema):
    line_id = fields.Integer(required=True)
    decision = fields.String(required=True, validate=OneOf(["approve", "reject"]))
    code = fields.String(
        load_default=None,
        validate=Regexp(CODE),
        metadata={"description": "a code the county offers: GET /policy/rejection-codes"},
    )
    reason = text(required=False)

    @validates_schema
    def _rejection_explained(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["decision"] == "reject":
            needed = FieldError("required to reject a line", code="required_to_reject")
            missing = {k: [needed] for k in ("code", "reason") if not data[k]}
            if missing:
                raise ValidationError(missing)


class DecisionsPayload(Schema):
    decisions = fields.List(fields.Nested(Decision), load_default=list)
    approve_others = fields.Boolean(
        load_default=False, metadata={"description": "approve every line not decided yet"}
    )

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data["decisions"] and not data["approve_others"]:
            message = FieldError("give decisions, or approve_others", code="no_decisions")
            raise ValidationError(message, "decisions")


class PaymentPayload(Schema):
    paid_on = fields.Date(required=True)
    voucher_number = text(max_length=64)
    amount = money(required=True, description="must equal the approved total")
