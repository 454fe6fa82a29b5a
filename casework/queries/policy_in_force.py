"""The settlement policy in force for a county: its billing cycle and its subsidy standards by
aid year (changed by the county admin through services.settlement_policy)."""

from __future__ import annotations

from dataclasses import dataclass

from casework.models import PolicyStandard, SettlementCycle
from casework.rules.periods import DEFAULT_CYCLE, Cycle
from casework.rules.subsidy import DEFAULT_STANDARDS, Standard
from casework.vocabulary import AidItem


@dataclass(frozen=True)
class StandardInForce:
    aid_item: AidItem
    standard: Standard
    since_year: int | None  # the aid year of the row in force; None: the policy default


def cycle_of(county_id: int) -> Cycle:
    row = SettlementCycle.get_or_none(SettlementCycle.county == county_id)
    return Cycle(row.cycle) if row else DEFAULT_CYCLE


def standards(county_id: int, aid_year: int) -> dict[AidItem, StandardInForce]:
    """Every aid item's standard in force for the aid year: the county's latest row from that
    year or before, else the policy default."""
    found = {item: StandardInForce(item, DEFAULT_STANDARDS[item], None) for item in AidItem}
    rows = (
        PolicyStandard.select()
        .where(PolicyStandard.county == county_id, PolicyStandard.aid_year <= aid_year)
        .order_by(PolicyStandard.aid_year)
    )
    for row in rows:  # later years overwrite earlier ones
        item = AidItem(row.aid_item)
        found[item] = StandardInForce(item, Standard(row.amount_fen, row.monthly_fen), row.aid_year)
    return found


def standard_for(county_id: int, aid_year: int, item: str) -> Standard:
    return standards(county_id, aid_year)[AidItem(item)].standard
