"""Settlement policy a county can change without code: its billing cycle and its subsidy
standards by aid year (the policy in force is read in queries.policy_in_force). Claims store
the standard they were computed with, so a change here never alters a claim already audited."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_found, not_one_of
from casework.models import Institution, Place, PolicyStandard, SettlementCycle
from casework.queries.policy_in_force import StandardInForce, cycle_of, standards
from casework.rules.periods import Cycle
from casework.rules.subsidy import Standard, is_monthly
from casework.services import audit
from casework.vocabulary import AidItem, Role
from casework.workflows.definition import Actor

WRITERS = frozenset({Role.ADMIN, Role.SYSTEM})
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the aid years a standard may be set for


def actor_county(actor: Actor) -> int | None:
    """The county whose policy applies to the actor (an institution's designating county)."""
    if actor.institution_id:
        return Institution.get_by_id(actor.institution_id).county_id
    return actor.county_id


def county_in_scope(actor: Actor, county_id: int | None) -> int:
    """The county asked for, defaulting to the actor's own; others' counties are refused."""
    own = actor_county(actor)
    county_id = county_id or own
    if county_id is None:
        which = FieldError("required for this user", code="required")
        raise Invalid("which county?", {"county_id": [which]}, code="county_required")
    place = Place.get_or_none(id=county_id)
    if place is None or place.parent_id is not None:
        raise not_found("county", county_id)
    if actor.role != Role.SYSTEM and county_id != own:
        raise NotPermitted(
            "that county's policy is outside your scope",
            code="outside_scope",
            params={"record": "county", "id": county_id},
        )
    return county_id


def _require_writer(actor: Actor) -> None:
    if actor.role not in WRITERS:
        raise NotPermitted("only an administrator may change settlement policy", code="admin_only")


def set_cycle(actor: Actor, county_id: int | None, cycle: str, now: dt.datetime) -> Cycle:
    _require_writer(actor)
    county_id = county_in_scope(actor, county_id)
    if cycle not in set(Cycle):
        raise Invalid("unknown cycle", {"cycle": [not_one_of(Cycle)]}, code="unknown_cycle")
    old = cycle_of(county_id)
    with write_transaction():
        SettlementCycle.insert(
            county=county_id, cycle=cycle, updated_at=now, updated_by=actor.id
        ).on_conflict(
            conflict_target=[SettlementCycle.county],
            update={"cycle": cycle, "updated_at": now, "updated_by": actor.id},
        ).execute()
        if old != cycle:
            audit.record(
                "settlement_cycle", county_id, "set_cycle", actor, now, {"cycle": [str(old), cycle]}
            )
    return Cycle(cycle)


def set_standard(
    actor: Actor,
    county_id: int | None,
    aid_year: int,
    item: str,
    amount_fen: int,
    monthly_fen: int | None,
    now: dt.datetime,
) -> StandardInForce:
    """Set a standard from `aid_year` on; claims already computed keep the standard they used."""
    _require_writer(actor)
    county_id = county_in_scope(actor, county_id)
    _check_standard(aid_year, item, amount_fen, monthly_fen)
    old = standards(county_id, aid_year)[AidItem(item)].standard
    with write_transaction():
        PolicyStandard.insert(
            county=county_id,
            aid_year=aid_year,
            aid_item=item,
            amount_fen=amount_fen,
            monthly_fen=monthly_fen,
            updated_at=now,
            updated_by=actor.id,
        ).on_conflict(
            conflict_target=[
                PolicyStandard.county,
                PolicyStandard.aid_year,
                PolicyStandard.aid_item,
            ],
            update={
                "amount_fen": amount_fen,
                "monthly_fen": monthly_fen,
                "updated_at": now,
                "updated_by": actor.id,
            },
        ).execute()
        row = PolicyStandard.get(county=county_id, aid_year=aid_year, aid_item=item)
        changes = {
            "aid_year": [None, aid_year],
            "aid_item": [None, item],
            "amount_fen": [old.amount, amount_fen],
            "monthly_fen": [old.monthly, monthly_fen],
        }
        audit.record("policy_standard", row.id, "set_standard", actor, now, changes)
    return StandardInForce(AidItem(item), Standard(amount_fen, monthly_fen), aid_year)


def _check_standard(aid_year: int, item: str, amount: int, monthly: int | None) -> None:
    problems: dict[str, list[str]] = {}
    if item not in set(AidItem):
        choices = {"choices": [str(i) for i in AidItem]}
        unknown = FieldError(f"{item!r} is not an aid item", code="not_one_of", params=choices)
        raise Invalid("unknown aid item", {"aid_item": [unknown]}, code="unknown_aid_item")
    if not FIRST_YEAR <= aid_year <= LAST_YEAR:
        message = f"must be a year between {FIRST_YEAR} and {LAST_YEAR}"
        years = {"start": FIRST_YEAR, "end": LAST_YEAR}
        problems["aid_year"] = [FieldError(message, code="year_out_of_range", params=years)]
    if amount < 0:
        problems["amount"] = [FieldError("cannot be negative", code="negative")]
    if is_monthly(item) and monthly is None:
        message = "training and early intervention need a monthly cap"
        problems["monthly_amount"] = [FieldError(message, code="monthly_cap_required")]
    elif not is_monthly(item) and monthly is not None:
        message = "a one-time item has no monthly cap"
        problems["monthly_amount"] = [FieldError(message, code="one_time_without_cap")]
    elif monthly is not None and not 0 <= monthly <= amount:
        message = "must be between 0 and the annual standard"
        problems["monthly_amount"] = [FieldError(message, code="cap_above_standard")]
    if problems:
        raise Invalid("the standard is not valid", problems, code="invalid_standard")
