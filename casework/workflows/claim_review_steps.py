"""Guards and effects of a claim once submitted: federation audit, finance, payment."""

from __future__ import annotations

from typing import Any

from peewee import ModelSelect, fn

from casework.db import db, execute_many, rows_of
from casework.errors import Conflict, FieldError, Invalid
from casework.models import BilledUnit, ClaimLine
from casework.queries import claim_pricing as pricing
from casework.queries.county_policy import rejection_codes
from casework.rules.deadlines import local_date
from casework.rules.money import format_yuan
from casework.vocabulary import LineStatus
from casework.workflows import settlement
from casework.workflows.claim_steps import lines_not_on_claim
from casework.workflows.definition import ActionContext

L = ClaimLine
PENDING, APPROVED, REJECTED = LineStatus.PENDING, LineStatus.APPROVED, LineStatus.REJECTED


def _statuses(claim_id: int) -> dict[int, str]:
    return dict(rows_of(L.select(L.id, L.status).where(L.claim == claim_id)))


def _lines_in(claim_id: int, status: LineStatus) -> ModelSelect:
    return L.select(L.id).where(L.claim == claim_id, L.status == status)


def decide_lines(ctx: ActionContext) -> None:
    """Approve lines (their subsidy is fixed now, under the cap left by other approved claims)
    or reject them with a code and a reason; decisions may change until the audit completes."""
    claim, data = ctx.case.record, ctx.data
    statuses = _statuses(claim.id)
    decided = {d["line_id"]: d for d in data["decisions"]}
    strangers = sorted(set(decided) - set(statuses))
    if strangers:
        raise lines_not_on_claim("decisions", strangers)
    rejects = [d for d in decided.values() if d["decision"] == "reject"]
    approves = [i for i, d in decided.items() if d["decision"] == "approve"]
    if data["approve_others"]:
        approves += [i for i, s in statuses.items() if s == PENDING and i not in decided]
    approves = [i for i in approves if statuses[i] != APPROVED]
    withdrawn = [d["line_id"] for d in rejects if statuses[d["line_id"]] == APPROVED]
    _refuse_unapproving_counted(claim.id, withdrawn)
    versions = _offered(claim.county_id, ctx, rejects)
    p = db.obj.param
    execute_many(
        f'UPDATE "claim_line" SET "status" = \'rejected\', "rejection_code" = {p}, '
        f'"rejection_policy_id" = {p}, "rejection_reason" = {p}, "decided_by_id" = {p}, '
        f'"decided_at" = {p} WHERE "id" = {p}',
        [(d["code"], versions[d["code"]], d["reason"], ctx.actor.id, ctx.now, d["line_id"])
         for d in rejects],
    )  # fmt: skip
    for d in rejects:
        ctx.changes[f"line.{d['line_id']}.status"] = [statuses[d["line_id"]], REJECTED.value]
        ctx.changes[f"line.{d['line_id']}.rejection"] = [None, f"{d['code']}: {d['reason']}"]
    if approves:
        pricing.lock_cases(claim.id, approves)
        for line_id, (old, new) in pricing.recompute(claim, approves).items():
            ctx.changes[f"line.{line_id}.subsidy"] = [format_yuan(old), format_yuan(new)]
        execute_many(
            f'UPDATE "claim_line" SET "status" = \'approved\', "rejection_code" = NULL, '
            f'"rejection_reason" = \'\', "decided_by_id" = {p}, "decided_at" = {p} '
            f'WHERE "id" = {p}',
            [(ctx.actor.id, ctx.now, i) for i in approves],
        )
        ctx.changes["approved_lines"] = [None, sorted(approves)]


def _offered(
    county_id: int, ctx: ActionContext, rejects: list[dict[str, Any]]
) -> dict[str, int | None]:
    """The version of each code the rejections use, among those the county offers today
    (None: the default list); a code not offered is refused."""
    offered = rejection_codes(county_id, local_date(ctx.now))
    unknown = sorted({d["code"] for d in rejects} - set(offered))
    if unknown:
        params = {"codes": unknown, "choices": sorted(offered)}
        refused = FieldError("not a rejection code the county offers", code="not_one_of",
                             params={"choices": sorted(offered)})  # fmt: skip
        raise Invalid("the county does not offer that rejection code", {"code": [refused]},
                      code="rejection_code_not_offered", params=params)  # fmt: skip
    return {code: (v.id if v else None) for code, v in offered.items()}


def _refuse_unapproving_counted(claim_id: int, line_ids: list[int]) -> None:
    """An approved line may be rejected again until the audit completes, but not once a line
    of another claim was approved counting on it: that line's subsidy is the increase over the
    year to date this one was part of, and is final."""
    if not line_ids:
        return
    mine = L.alias()
    counted = (
        L.select(mine.id, L.claim)
        .join(
            mine,
            on=(
                (mine.application == L.application)
                & (mine.aid_item == L.aid_item)
                & (mine.aid_year == L.aid_year)
                & (L.decided_at >= mine.decided_at)
            ),
        )
        .where(
            mine.id.in_(line_ids),
            L.claim != claim_id,
            L.status == APPROVED,
        )
    )
    found = rows_of(counted)
    if found:
        lines = sorted({line for line, _ in found})
        others = sorted({other for _, other in found})
        raise Conflict(
            f"lines {lines} were counted by approvals on claims {others}",
            code="approval_counted_later",
            params={"lines": lines, "claims": others},
        )


def all_decided(ctx: ActionContext) -> None:
    pending = [i for (i,) in rows_of(_lines_in(ctx.case.id, PENDING).order_by(L.id))]
    if pending:
        raise Conflict(
            f"{len(pending)} lines are not decided yet, e.g. {pending[:5]}",
            code="lines_undecided",
            params={"count": len(pending), "lines": pending[:5]},
        )


def complete_audit(ctx: ActionContext) -> None:
    """Rejected months are released: they may be billed again, corrected or on a later claim."""
    rejected = _lines_in(ctx.case.id, REJECTED)
    released = BilledUnit.delete().where(BilledUnit.line.in_(rejected)).execute()
    ctx.changes["approved_total"] = [None, format_yuan(approved_total(ctx.case.id))]
    if released:
        ctx.changes["released_units"] = [None, released]


def has_rejected(ctx: ActionContext) -> None:
    if not _lines_in(ctx.case.id, REJECTED).exists():
        raise Conflict("no line was rejected: there is nothing to correct", code="none_rejected")


def has_approved(ctx: ActionContext) -> None:
    if not _lines_in(ctx.case.id, APPROVED).exists():
        raise Conflict(
            "no line was approved: return the claim for correction instead", code="none_approved"
        )
    total = approved_total(ctx.case.id)
    if total < 0:  # corrections downwards approved, the lines they were to come off rejected
        raise Conflict(
            f"the approved subsidy comes to {format_yuan(total)}: return the claim for correction",
            code="approved_total_negative",
            params={"total": format_yuan(total)},
        )


def nothing_approved(ctx: ActionContext) -> None:
    if _lines_in(ctx.case.id, APPROVED).exists():
        raise Conflict(
            "lines of this claim were approved: correct and resubmit it instead",
            code="lines_approved",
        )


def approved_total(claim_id: int) -> int:
    total = (
        L.select(fn.COALESCE(fn.SUM(L.subsidy_fen), 0))
        .where(L.claim == claim_id, L.status == APPROVED)
        .scalar()
    )
    return int(total)


def record_payment(ctx: ActionContext) -> None:
    """Finance pays exactly the approved total; applications fully paid become settled."""
    data, expected = ctx.data, approved_total(ctx.case.id)
    if data["amount"] != expected:
        total = format_yuan(expected)
        message = f"must equal the approved total {total}"
        raise Invalid(
            "the amount is not the approved total",
            {"amount": [FieldError(message, code="not_approved_total", params={"amount": total})]},
            code="not_approved_total",
            params={"amount": total},
        )
    if data["paid_on"] > ctx.today:
        raise Invalid(
            "payment date in the future",
            {"paid_on": [FieldError("cannot be after today", code="in_future")]},
            code="paid_in_future",
        )
    ctx.change("paid_on", None, data["paid_on"], column="paid_on")
    ctx.change("voucher_number", None, data["voucher_number"], column="voucher_number")
    ctx.change("amount", None, format_yuan(data["amount"]))
    ctx.updates["paid_fen"] = data["amount"]
    settled = settlement.settle_paid_applications(ctx.case.id, ctx.now)
    if settled:
        ctx.changes["settled_applications"] = [None, settled]
