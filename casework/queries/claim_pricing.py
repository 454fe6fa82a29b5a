"""The subsidy of claim lines, computed in batches: the standards in force for the aid year,
what other claims had approved for the same cases, and each line's costs and months."""

from __future__ import annotations

from peewee import fn

from casework.db import db, execute_many, is_sqlite, rows_of
from casework.models import ApplicationItem, Claim, ClaimLine
from casework.queries import policy_in_force as policy
from casework.queries.claim_lines import COST_COLUMNS, PRICE_COLUMNS, rows_of_lines
from casework.rules import subsidy
from casework.vocabulary import LineStatus

L = ClaimLine


def priors(claim_id: int, aid_year: int, applications=None) -> dict[tuple, subsidy.Prior]:
    """Months, subsidy and cost less insurance already approved on other claims for this
    claim's cases and items (or for `applications`, a query of their ids, before the claim has
    lines): the year to date a line's subsidy adds to. Free devices add nothing to it."""
    if applications is None:
        applications = L.select(L.application).where(L.claim == claim_id)
    insurance = L.basic_medical_fen + L.critical_illness_fen + L.supplementary_fen
    remainder = fn.SUM(L.total_fen - insurance - L.medical_aid_fen)
    query = (
        L.select(L.application, L.aid_item, fn.SUM(L.month_count), fn.SUM(L.subsidy_fen), remainder)
        .where(
            L.status == LineStatus.APPROVED,
            L.claim != claim_id,
            L.aid_year == aid_year,
            L.application.in_(applications),
            L.free_device == False,  # noqa: E712 (peewee's comparison, not Python's)
        )
        .group_by(L.application, L.aid_item)
    )
    rows = rows_of(query)  # plain integers: no per-row conversion
    return {
        (app, item): subsidy.Prior(int(m or 0), int(s or 0), int(r or 0))
        for app, item, m, s, r in rows
    }


def lock_cases(claim_id: int, line_ids: list[int] | None = None) -> None:
    """On PostgreSQL, serialise approvals touching the same cases, in a fixed order so two
    auditors cannot deadlock; SQLite's IMMEDIATE transactions already serialise writers.
    For many lines, every case of the claim: an IN of thousands of ids costs more to build."""
    if is_sqlite():
        return
    lines = L.select(L.application).where(L.claim == claim_id)
    if line_ids is not None and len(line_ids) <= 100:
        lines = lines.where(L.id.in_(line_ids))
    rows = ApplicationItem.select(ApplicationItem.id).where(ApplicationItem.application.in_(lines))
    list(rows.order_by(ApplicationItem.id).for_update())


NO_PRIOR = subsidy.Prior()


class Pricing:
    """The standards in force for a claim's aid year and what other claims had approved:
    everything a line's subsidy depends on besides its own costs and months. A claim's own
    adjustments (not rejected) come before its other lines of the same case and item: they
    correct the year those lines add to."""

    def __init__(self, claim: Claim, aid_year: int, applications=None):
        self.standards = {
            item: entry.standard
            for item, entry in policy.standards(claim.county_id, aid_year).items()
        }
        self.prior = priors(claim.id, aid_year, applications)
        self._known: dict[tuple, tuple] = {}
        insurance = L.basic_medical_fen + L.critical_illness_fen + L.supplementary_fen
        adjustments = L.select(
            L.id,
            L.application,
            L.aid_item,
            L.total_fen - insurance - L.medical_aid_fen,
            L.subsidy_fen,
        ).where(L.claim == claim.id, L.adjusts.is_null(False), L.status != LineStatus.REJECTED)
        self.adjustments = {
            line: (app, item, int(change), int(fen))
            for line, app, item, change, fen in rows_of(adjustments)
        }  # fmt: skip

    def _with_adjustments(self, application, aid_item) -> subsidy.Prior:
        prior = self.prior.get((application, aid_item), NO_PRIOR)
        found = [(c, f) for app, item, c, f in self.adjustments.values()
                 if (app, item) == (application, aid_item)]  # fmt: skip
        if not found:
            return prior
        change, paid = sum(c for c, _ in found), sum(f for _, f in found)
        return subsidy.Prior(prior.months, prior.subsidy + paid, prior.cost + change)

    def price(self, application, aid_item, months, free_device, costs: tuple,
              adjusts: int | None = None, line_id: int | None = None) -> tuple:  # fmt: skip
        """(standard, monthly cap, cap left, subsidy, and the year to date: remainder, months,
        cap, approved before) of a line with `costs` (the COST_COLUMNS' values): the
        PRICE_COLUMNS. An adjustment (`adjusts`: the line it corrects) is priced on the other
        claims' year alone; its new subsidy counts for the claim's other lines priced after.
        Lines alike are computed once."""
        if adjusts is not None:
            prior = self.prior.get((application, aid_item), NO_PRIOR)
        else:
            prior = self._with_adjustments(application, aid_item)
        key = (aid_item, months, bool(free_device), costs, prior, adjusts is not None)
        if key not in self._known:
            standard = self.standards[aid_item]
            if adjusts is not None:
                change = costs[0] - sum(costs[1:])
                result = subsidy.compute_adjustment(change, standard, prior=prior)
            else:
                result = subsidy.compute(
                    subsidy.Costs(*costs),
                    standard,
                    months=months,
                    prior=prior,
                    free_device=bool(free_device),
                )
            self._known[key] = (
                standard.amount,
                standard.monthly,
                result.cap,
                result.amount,
                result.year_remainder,
                result.year_months,
                result.year_cap,
                result.approved_before,
            )
        found = self._known[key]
        if adjusts is not None and line_id is not None:
            self.adjustments[line_id] = (application, aid_item, found[4] - prior.cost, found[3])
        return found


def recompute(claim: Claim, line_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Compute the subsidy of the claim's unapproved lines (or of `line_ids`) against the
    standards in force and what other claims had approved; returns {line: [old, new]} of
    subsidies that changed. Approved lines keep the standard they were audited with.
    Only lines whose price moved are written: a resubmission rewrites nothing."""
    costs = [getattr(L, c) for c in COST_COLUMNS.values()]
    prices = [getattr(L, c) for c in PRICE_COLUMNS]
    query = L.select(
        L.id, L.application, L.aid_item, L.aid_year, L.month_count, L.free_device, *costs, *prices,
        L.adjusts,
    ).where(L.claim == claim.id)  # fmt: skip
    if line_ids is None:
        lines = rows_of(query.where(L.status != LineStatus.APPROVED))
    else:
        lines = rows_of_lines(query, line_ids)
    if not lines:
        return {}
    pricing = Pricing(claim, lines[0][3])
    rows, changed = [], {}
    lines.sort(key=lambda row: row[-1] is None)  # adjustments first: the others add to them
    for line_id, app, item, _, months, free, *rest in lines:
        *rest, adjusts = rest
        old = tuple(rest[5:])  # the PRICE_COLUMNS, the subsidy fourth
        new = pricing.price(app, item, months, free, tuple(rest[:5]), adjusts, line_id)
        if new != old:
            rows.append((*new, line_id))
        if new[3] != old[3]:
            changed[line_id] = [old[3], new[3]]
    sets = ", ".join(f'"{c}" = {db.obj.param}' for c in PRICE_COLUMNS)
    execute_many(f'UPDATE "claim_line" SET {sets} WHERE "id" = {db.obj.param}', rows)
    return changed
