"""What a child received: per application, aid item and aid year, the standard that applies,
the subsidy proposed (on lines awaiting the audit), approved, paid, the room the annual
standard leaves, and the claim lines behind those figures. Read for one application's record
and for a child's file (every application, every year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casework.clock import stored_date
from casework.db import rows_of
from casework.models import ApplicationItem, Claim, ClaimLine, RehabApplication
from casework.queries import policy_in_force as policy
from casework.queries.payments import DISCARDED, PAID
from casework.rules.subsidy import Standard
from casework.vocabulary import LineStatus

L = ClaimLine
A = RehabApplication


@dataclass(frozen=True)
class LineBehind:
    """One claim line behind an aid year's figures, with where its claim stands."""

    line_id: int
    claim_id: int
    period: str
    claim_state: str
    months: list[str]
    service_on: dt.date | None
    status: str  # vocabulary.LineStatus
    subsidy_fen: int
    free_device: bool
    adjusts_line_id: int | None = None  # an adjustment: the paid line it corrects


@dataclass
class AidYear:
    """One aid item of one application in one aid year. `proposed`: the subsidy of lines not
    yet decided (on a draft or in the audit); `approved`: of lines the federation approved
    (paid or not yet); `paid`: of approved lines on paid claims; `room`: what the annual
    standard (a one-time item's standard) leaves after the approved subsidy, never below 0."""

    application_id: int
    aid_item: str
    aid_year: int
    free_device: bool
    standard: Standard
    proposed_fen: int = 0
    approved_fen: int = 0
    paid_fen: int = 0
    lines: list[LineBehind] = field(default_factory=list)

    @property
    def room_fen(self) -> int:
        if self.free_device:
            return 0  # a device handed out free earns nothing
        return max(0, self.standard.amount - self.approved_fen)


def received(application_ids: list[int]) -> list[AidYear]:
    """The aid years of the applications, ordered by year, application and item: every item
    of each application for its own aid year, and for any other year a line bills it in.
    Lines of discarded claims are left out: they were never billed."""
    if not application_ids:
        return []
    apps = {
        app: (county, year)
        for app, county, year in rows_of(
            A.select(A.id, A.county, A.aid_year).where(A.id.in_(application_ids))
        )
    }
    found: dict[tuple[int, str, int], AidYear] = {}
    free: dict[tuple[int, str], bool] = {}
    standards: dict[tuple[int, int], dict] = {}

    def year_of(app: int, item: str, year: int) -> AidYear:
        key = (app, item, year)
        if key not in found:
            county = apps[app][0]
            if (county, year) not in standards:
                standards[county, year] = policy.standards(county, year)
            in_force = {str(k): v.standard for k, v in standards[county, year].items()}
            found[key] = AidYear(app, item, year, free.get((app, item), False), in_force[item])
        return found[key]

    items = ApplicationItem.select(
        ApplicationItem.application, ApplicationItem.aid_item, ApplicationItem.free_device
    ).where(ApplicationItem.application.in_(list(apps)))
    for app, item, is_free in rows_of(items.order_by(ApplicationItem.id)):
        free[app, item] = bool(is_free)
        year_of(app, item, apps[app][1])
    query = (
        L.select(
            L.id, L.application, L.aid_item, L.aid_year, L.months, L.service_on, L.status,
            L.subsidy_fen, L.free_device, L.adjusts, Claim.id, Claim.period, Claim.state,
        )
        .join(Claim)
        .where(L.application.in_(list(apps)), Claim.state != DISCARDED)
        .order_by(Claim.period_start, L.id)
    )  # fmt: skip
    for row in rows_of(query):
        line_id, app, item, year, months, service_on, status, fen, is_free, adjusts, *claim = row
        aid = year_of(app, item, year)
        claim_id, period, state = claim
        fen = int(fen)
        if is_free and status != LineStatus.REJECTED:
            aid.free_device = True  # recorded free on the line, if not on the application
        if status == LineStatus.APPROVED:
            aid.approved_fen += fen
            if state == PAID:
                aid.paid_fen += fen
        elif status == LineStatus.PENDING:
            aid.proposed_fen += fen
        aid.lines.append(
            LineBehind(
                line_id, claim_id, period, state, L.months.python_value(months) or [],
                stored_date(service_on), status, fen, bool(is_free), adjusts,
            )  # fmt: skip
        )
    return sorted(found.values(), key=lambda a: (a.aid_year, a.application_id, a.aid_item))
