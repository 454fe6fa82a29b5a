"""Masked fields in API responses: ID numbers, phones and addresses leave masked, except on
a record's own endpoint for a role that needs them whole, where the view is logged
(web.access.unmask_for)."""

from __future__ import annotations

from flask import g
from marshmallow import fields

from casework.rules import masking


class _Masked(fields.String):
    mask = staticmethod(lambda value: value)

    def _serialize(self, value, attr, obj, **kwargs):
        value = super()._serialize(value, attr, obj, **kwargs)
        if value is None or g.get("unmasked"):
            return value
        return self.mask(value)


class MaskedColumn(fields.String):
    """A personal column of a case served by the generic API, masked by its name."""

    def __init__(self, name: str, **kwargs):
        super().__init__(**kwargs)
        self.column = name

    def _serialize(self, value, attr, obj, **kwargs):
        value = super()._serialize(value, attr, obj, **kwargs)
        return value if g.get("unmasked") else masking.mask_field(self.column, value)


class MaskedIdNumber(_Masked):
    mask = staticmethod(masking.mask_id_number)


class MaskedPhone(_Masked):
    mask = staticmethod(masking.mask_phone)


class MaskedAddress(_Masked):
    mask = staticmethod(masking.mask_address)


class MaskedBirthDate(fields.String):
    """The birth date where the ID number is shown whole; its year and month where the number
    is masked (the day and the county's code would complete it)."""

    def __init__(self, **kwargs):
        metadata = {"description": "YYYY-MM-DD where the ID number is whole, else YYYY-MM"}
        super().__init__(metadata=metadata | kwargs.pop("metadata", {}), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return text if g.get("unmasked") else masking.mask_birth_date(text)
