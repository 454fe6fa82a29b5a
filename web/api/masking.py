"""Masked fields in API responses: ID numbers, phones and addresses leave masked, except on
a record's own endpoint for a role that needs them whole, where the view is logged."""

from __future__ import annotations

from flask import g, request
from marshmallow import fields

from casework.rules import masking
from casework.services import access_log
from casework.vocabulary import AccessAction
from casework.workflows.definition import Actor
from web import security
from web.api.common import now


def unmask_for(actor: Actor, entity: str, entity_id: int, county_id: int | None = None) -> None:
    """Show this response's personal data whole if the actor's role needs it, and log it."""
    if actor.role not in masking.UNMASKED_ROLES:
        return
    g.unmasked = True
    access_log.record(
        actor,
        AccessAction.VIEW_ID,
        entity,
        entity_id,
        now(),
        county_id=county_id,
        client_address=security.client_address(),
        detail=f"GET {request.path}",
    )


class _Masked(fields.String):
    mask = staticmethod(lambda value: value)

    def _serialize(self, value, attr, obj, **kwargs):
        value = super()._serialize(value, attr, obj, **kwargs)
        if value is None or g.get("unmasked"):
            return value
        return self.mask(value)


class MaskedIdNumber(_Masked):
    mask = staticmethod(masking.mask_id_number)


class MaskedPhone(_Masked):
    mask = staticmethod(masking.mask_phone)


class MaskedAddress(_Masked):
    mask = staticmethod(masking.mask_address)
