"""County figures on claims and report cases for the dashboard: subsidy paid per month and
per institution, and how many claims and report cases are in each state now."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from casework.models import Claim, Institution
from casework.services.county_statistics import county_of
from casework.workflows.claim import ClaimState
from casework.workflows.definition import Actor


def paid_per_month(actor: Actor, year: int) -> dict[str, int]:
    """Subsidy paid (fen) in each month of `year`, by payment date: "2026-01" .. "2026-12"."""
    county = county_of(actor)
    months = {f"{year}-{m:02d}": 0 for m in range(1, 13)}
    rows = Claim.select(Claim.paid_on, Claim.paid_fen).where(
        Claim.county == county,
        Claim.state == ClaimState.PAID,
        Claim.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    )
    for paid_on, fen in rows.tuples():
        months[f"{paid_on:%Y-%m}"] += int(fen or 0)
    return months


def paid_per_institution(actor: Actor, year: int) -> dict[str, int]:
    """Subsidy paid (fen) in `year` to each institution of the county, the largest first."""
    county = county_of(actor)
    rows = (
        Claim.select(Institution.name, fn.SUM(Claim.paid_fen))
        .join(Institution)
        .where(
            Claim.county == county,
            Claim.state == ClaimState.PAID,
            Claim.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        )
        .group_by(Institution.name)
        .tuples()
    )
    found = {name: int(total or 0) for name, total in rows}
    return dict(sorted(found.items(), key=lambda item: -item[1]))
