"""The benefits on a child's file (低保, 特困供养, 临时救助, 残疾人两项补贴, ...): each with the
department granting it, its status, amount per month or once, and its dates. Whoever reads
the child's file reads them; the windows (the county's case worker, a township's child
supervisor) record them and their later news. A report case's assistance and a department
handling a request record them too, through their workflows."""

from __future__ import annotations

import datetime as dt

from marshmallow import ValidationError

from casework.db import write_transaction
from casework.errors import Invalid, NotPermitted, not_found
from casework.models import Child, ChildBenefit
from casework.queries.county_policy import benefits_offered
from casework.rules.deadlines import local_date
from casework.services import audit, children
from casework.vocabulary import Role
from casework.workflows import benefit_grant
from casework.workflows.benefit_payloads import BenefitChange, BenefitPayload, check_terms
from casework.workflows.definition import Actor
from casework.workflows.payloads import load_payload

RECORDERS = frozenset({Role.CASE_WORKER, Role.CHILD_SUPERVISOR})
CHANGED = ("status", "amount", "period", "starts_on", "ends_on", "note")


def for_child(actor: Actor, child_id: int) -> list[ChildBenefit]:
    """The child's benefits, newest first: to whoever reads the child's file."""
    children.get_child(actor, child_id)
    B = ChildBenefit
    return list(B.select().where(B.child == child_id).order_by(B.recorded_at.desc(), B.id.desc()))


def record(actor: Actor, child_id: int, payload: dict | None, now: dt.datetime) -> ChildBenefit:
    """A benefit on the child's file, as the window learns of it."""
    child = _recordable(actor, child_id)
    data = load_payload(BenefitPayload, payload)
    with write_transaction():
        row = benefit_grant.write(actor, child.place.county_id, child.id, data, now)
        audit.record("child_benefit", row.id, "record", actor, now, benefit_grant.changes_of(row))
    return row


def change(actor: Actor, benefit_id: int, payload: dict | None, now: dt.datetime) -> ChildBenefit:
    """A benefit's later news: granted or refused, its amount, the day it ended."""
    row = ChildBenefit.get_or_none(id=benefit_id)
    if row is None:
        raise not_found("benefit", benefit_id)
    _recordable(actor, row.child_id)
    data = load_payload(BenefitChange, payload, partial=True)
    merged = {name: data.get(name, getattr(row, name)) for name in CHANGED}
    check_terms_or_invalid(merged)
    changes = {n: [_plain(getattr(row, n)), _plain(v)] for n, v in merged.items()
               if v != getattr(row, n)}  # fmt: skip
    with write_transaction():
        if changes:
            ChildBenefit.update(**merged, updated_at=now).where(ChildBenefit.id == row.id).execute()
            audit.record("child_benefit", row.id, "change", actor, now, changes)
    return ChildBenefit.get_by_id(row.id)


def offered(actor: Actor, now: dt.datetime) -> list[str]:
    """The benefit list of the actor's county today: what a form offers."""
    return benefits_offered(actor.county_id, local_date(now)) if actor.county_id else []


def _recordable(actor: Actor, child_id: int) -> Child:
    child = children.get_child(actor, child_id)  # outside the actor's scope: refused first
    if actor.role not in RECORDERS:
        raise NotPermitted(
            f"role {actor.role} does not record benefits", code="role_records_no_benefits",
            params={"role": str(actor.role)},
        )  # fmt: skip
    return child


def check_terms_or_invalid(data: dict) -> None:
    """The payload's rule on a change merged with what the benefit holds."""
    try:
        check_terms(data)
    except ValidationError as exc:
        messages = exc.normalized_messages()
        raise Invalid("the benefit's terms do not hold", messages,
                      code="invalid_payload") from exc  # fmt: skip


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value
