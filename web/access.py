"""What the access log keeps of a request, for the API and the pages alike: a record's
personal data shown whole, and a refusal of a signed-in user."""

from __future__ import annotations

from flask import g, request

from casework.errors import DomainError
from casework.rules import masking
from casework.services import access_log
from casework.vocabulary import AccessAction
from casework.workflows.definition import Actor
from web import security
from web.clock import now


def unmask_for(actor: Actor, entity: str, entity_id: int, county_id: int | None = None) -> None:
    """Show this response's personal data whole if the actor's role needs it, and log it."""
    if actor.role not in masking.UNMASKED_ROLES:
        return
    g.unmasked = True
    _record(actor, AccessAction.VIEW_ID, (entity, entity_id, county_id), f"GET {request.path}")


def log_refusal(exc: DomainError, actor: Actor | None = None) -> None:
    """A signed-in user asked for something outside their scope or role: the access log keeps
    the attempt (in its own statement: the request's transaction has been rolled back). The
    pages pass their signed-in actor; the API's is the token's."""
    actor = actor or g.get("actor")
    if actor is None:
        return
    record = getattr(exc, "record", ("request", None, None))
    _record(actor, AccessAction.DENIED, record, refusal_detail(request.method, request.path, exc))


def refusal_detail(method: str, path: str, exc: DomainError) -> str:
    """What the log keeps of a refusal: the request, the code (by which the admin's page
    words it) and the English detail."""
    return f"{method} {path} ({exc.code}): {exc.detail}"


def _record(actor: Actor, action: AccessAction, record: tuple, detail: str) -> None:
    """One row of the access log: `record` is (entity, entity id, county id)."""
    entity, entity_id, county_id = record
    access_log.record(
        actor,
        action,
        entity,
        entity_id,
        now(),
        county_id=county_id,
        client_address=security.client_address(),
        detail=detail,
    )
