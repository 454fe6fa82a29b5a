"""Guards and effects of a claim while the institution prepares it: lines and submission."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from peewee import IntegrityError, fn

from casework.db import db, execute_many, is_sqlite, rows_of, write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted
from casework.models import BilledUnit, Child, Claim, ClaimLine, Institution
from casework.queries import claim_lines as lines
from casework.queries import claim_pricing as pricing
from casework.queries.payments import DISCARDED, PAID
from casework.queries.policy_in_force import cycle_of
from casework.rules import attendance
from casework.rules.money import format_yuan
from casework.rules.periods import Cycle, Period, PeriodError, parse_period
from casework.vocabulary import LineStatus, Role
from casework.workflows.definition import ActionContext, Actor, Case, Creation

L = ClaimLine
PENDING, APPROVED, REJECTED = LineStatus.PENDING, LineStatus.APPROVED, LineStatus.REJECTED


def own_institution(actor: Actor, case: Case) -> bool:
    return actor.role != Role.INSTITUTION_STAFF or case.institution_id == actor.institution_id


def drafting_for_own(actor: Actor, creation: Creation) -> bool:
    """Staff draft claims only for their own institution (which the payload may name)."""
    asked = creation.data["institution_id"]
    if asked and asked != actor.institution_id:
        raise NotPermitted(
            "you may draft claims only for your own institution", code="not_your_institution"
        )
    return True


def draft(creation: Creation) -> None:
    """A draft for the period with a line for every case and item that may be billed: months
    attended (up to a dropout) and one-time items completed inside the period (of the
    applications the context names, if it names them). Due 15 days after the period ends."""
    institution = Institution.get_by_id(creation.actor.institution_id)
    cycle = cycle_of(institution.county_id)
    try:
        period = parse_period(creation.data["period"], cycle)
    except PeriodError as exc:
        wrong = FieldError(str(exc), code="not_a_period", params={"cycle": str(cycle)})
        raise Invalid(
            "not a settlement period of your county",
            {"period": [wrong]},
            code="not_a_period",
            params={"cycle": str(cycle)},
        ) from exc
    if period.start > creation.today:
        ahead = FieldError(f"{period.label} is in the future", code="in_future")
        raise Invalid(
            "the period has not begun",
            {"period": [ahead]},
            code="period_not_begun",
            params={"period": period.label},
        )
    if period.end >= creation.today:
        # a month is billed once its attendance is final: no early billing in any county
        first_day = (period.end + dt.timedelta(days=1)).isoformat()
        params = {"period": period.label, "first_day": first_day}
        early = FieldError(
            f"{period.label} is not over: bill it from {first_day}",
            code="period_not_over",
            params=params,
        )
        raise Invalid(
            "the period is not over", {"period": [early]}, code="period_not_over", params=params
        )
    only = _chosen_cases(creation, institution.id)
    claim = creation.insert(
        # counted from the period's last day (noon in China), however late the draft
        counted_from=dt.datetime.combine(period.end, dt.time(4)),
        county=institution.county_id,
        institution=institution.id,
        cycle=period.cycle,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        created_by=creation.actor.id,
    )
    rows = [
        lines.new_line(claim, period, item, {})
        for item in lines.billable(claim, period)
        if (item.months if item.monthly else item.service_on)
        and (only is None or item.application_id in only)
    ]
    agreed = lines.agreed_applications(institution.id)
    lines.insert_lines(rows, pricing.Pricing(claim, period.aid_year, agreed))
    reserve_units(claim)  # the months proposed are the draft's until removed or discarded
    creation.changes.update(period=[None, period.label], lines=[None, len(rows)])


def _chosen_cases(creation: Creation, institution_id: int) -> set[int] | None:
    """The cases the institution chose to bill in the payload: at least one, each agreed with
    it. Else the caller's context narrows them (the demo and the tests: even to none, an empty
    draft); None: every case with something to bill."""
    chosen = creation.data.get("application_ids")
    if chosen is None:
        narrowed = creation.context.get("application_ids")
        return None if narrowed is None else set(narrowed)
    if not chosen:
        none = FieldError("choose at least one case to bill", code="no_cases_chosen")
        raise Invalid("no case chosen to bill", {"application_ids": [none]}, code="no_cases_chosen")
    agreed = {a.id for a in lines.agreed_applications(institution_id)}
    strangers = sorted(set(chosen) - agreed)
    if strangers:
        params = {"applications": strangers}
        message = f"not cases agreed with your institution: {strangers}"
        wrong = FieldError(message, code="not_your_cases", params=params)
        raise Invalid(message, {"application_ids": [wrong]}, code="not_your_cases", params=params)
    creation.changes["applications"] = [None, sorted(set(chosen))]
    return set(chosen)


def period_of(claim: Claim) -> Period:
    return Period(claim.period_start, claim.period_end, Cycle(claim.cycle))


def _lines_on_claim(claim: Claim, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """{line: (status, aid item, free device, *costs)} of the lines `ids`, refused unless every
    one is on the claim and not yet approved. Read raw."""
    columns = [
        getattr(L, c)
        for c in ("id", "status", "aid_item", "free_device", *lines.COST_COLUMNS.values())
    ]
    query = L.select(*columns).where(L.claim == claim.id)
    found = {row[0]: row[1:] for row in lines.rows_of_lines(query, ids)}
    strangers = [i for i in ids if i not in found]
    if strangers:
        raise lines_not_on_claim("line_id", strangers)
    final = [i for i in ids if found[i][0] == APPROVED]
    if final:
        raise Conflict(
            f"lines {final} were approved by the federation and are final",
            code="approved_lines_final",
            params={"lines": final},
        )
    return found


def lines_not_on_claim(field: str, strangers: list[int]) -> Invalid:
    """The refusal of line ids (on `field`) that are not the claim's."""
    message = f"not on this claim: {strangers}"
    stranger = FieldError(message, code="lines_not_on_claim", params={"lines": strangers})
    return Invalid(
        "lines not on this claim",
        {field: [stranger]},
        code="lines_not_on_claim",
        params={"lines": strangers},
    )


def _record_subsidies(ctx: ActionContext, changed: dict[int, list[int]]) -> None:
    for line_id, (old, new) in changed.items():
        ctx.changes[f"line.{line_id}.subsidy"] = [format_yuan(old), format_yuan(new)]


def edit_lines(ctx: ActionContext) -> None:
    """New costs for lines, and whether a device was handed out free (recorded, subsidised 0);
    the subsidy follows, it is never typed."""
    claim, edits = ctx.case.record, ctx.data["lines"]
    ids = [e["line_id"] for e in edits]
    if len(set(ids)) != len(ids):
        raise Invalid(
            "a line is edited twice",
            {"lines": [FieldError("each line_id once", code="line_edited_twice")]},
            code="line_edited_twice",
        )
    found, rows, problems = _lines_on_claim(claim, ids), [], {}
    adjusting = L.select(L.id).where(L.claim == claim.id, L.adjusts.is_null(False))
    adjustments = [i for (i,) in lines.rows_of_lines(adjusting, ids)]
    if adjustments:
        message = "an adjustment is not edited: remove it and add it again"
        raise Invalid(
            "adjustments are not edited",
            {"lines": [FieldError(message, code="adjustment_not_edited",
                                  params={"lines": adjustments})]},
            code="adjustment_not_edited",
            params={"lines": adjustments},
        )  # fmt: skip
    names = tuple(lines.COST_COLUMNS)
    for index, edit in enumerate(edits):
        line_id = edit["line_id"]
        status, aid_item, was_free, *old = found[line_id]
        free = bool(was_free) if edit.get("free_device") is None else edit["free_device"]
        if free and aid_item in lines.MONTHLY_ITEMS:
            message = "only a device can be handed out free"
            problems[f"lines.{index}.free_device"] = [FieldError(message, code="not_a_device")]
        if free != bool(was_free):
            ctx.changes[f"line.{line_id}.free_device"] = [bool(was_free), free]
        given = [edit.get(name) for name in names]
        new = [was if fen is None else fen for was, fen in zip(old, given, strict=True)]
        for name, messages in lines.cost_problems(dict(zip(names, new, strict=True))).items():
            problems[f"lines.{index}.{name}"] = messages
        for name, was, fen in zip(names, old, new, strict=True):
            if fen != was:
                ctx.changes[f"line.{line_id}.{name}"] = [format_yuan(was), format_yuan(fen)]
        if status == REJECTED:
            ctx.changes[f"line.{line_id}.status"] = [REJECTED.value, PENDING.value]
        rows.append((*new, free, line_id))
    if problems:
        raise Invalid("costs are not valid", problems, code="invalid_costs")
    sets = ", ".join(
        f'"{c}" = {db.obj.param}' for c in (*lines.COST_COLUMNS.values(), "free_device")
    )
    execute_many(
        f'UPDATE "claim_line" SET {sets}, "status" = \'pending\', "rejection_code" = NULL, '
        f'"rejection_reason" = \'\' WHERE "id" = {db.obj.param}',
        rows,
    )
    corrected = [i for i in ids if found[i][0] == REJECTED]
    if corrected:  # their months were released by the audit: held again, or the conflict shown
        reserve_units(claim, corrected)
    _record_subsidies(ctx, pricing.recompute(claim, ids))


def add_line(ctx: ActionContext) -> None:
    claim, data = ctx.case.record, ctx.data
    period = period_of(claim)
    item = _billable_item(claim, period, data["application_id"], data["aid_item"])
    if item.monthly:
        item.months = _months(item, period, data["months"], ctx.today)
    else:
        item.service_on = _service_day(item, period, data["service_on"], ctx.today)
    costs = {name: data.get(name) or 0 for name in lines.COST_COLUMNS}
    problems = lines.cost_problems(costs)
    if problems:
        raise Invalid("costs are not valid", problems, code="invalid_costs")
    line_id = L.insert(lines.new_line(claim, period, item, costs)).execute()
    reserve_units(claim, [line_id])
    pricing.recompute(claim, [line_id])
    line = L.get_by_id(line_id)
    ctx.changes[f"line.{line_id}"] = [None, _describe(line)]


def _billable_item(
    claim: Claim, period: Period, application_id: int, aid_item: str
) -> lines.Billable:
    found = lines.billable(claim, period, application_id)
    if not found:
        message = "no child referred to your institution with a signed agreement"
        raise Invalid(
            "not a case of your institution",
            {"application_id": [FieldError(message, code="no_case_of_institution")]},
            code="not_a_case_of_institution",
        )
    match = [b for b in found if b.aid_item == aid_item]
    if not match:
        raise Invalid(
            "aid item not on the application",
            {"aid_item": [FieldError("not on the application", code="item_not_applied_for")]},
            code="item_not_applied_for",
        )
    existing = L.get_or_none(
        L.claim == claim.id, L.application == application_id, L.aid_item == aid_item,
        L.adjusts.is_null(),
    )  # fmt: skip
    if existing:
        raise Conflict(
            f"this case and aid item are already on the claim (line {existing.id})",
            code="already_on_claim",
            params={"line": existing.id},
        )
    return match[0]


def _months(
    item: lines.Billable, period: Period, asked: list[dt.date] | None, today: dt.date
) -> list[dt.date]:
    months = sorted(set(asked)) if asked else item.months
    problems = []
    for month in months:
        label = lines.month_label(month)
        if month not in period:
            message = f"{label} is outside the period {period.label}"
            params = {"month": label, "period": period.label}
            problems.append(FieldError(message, code="month_outside_period", params=params))
        elif not attendance.month_over(month, today):
            first_day = month.replace(day=attendance.days_in(month)) + dt.timedelta(days=1)
            params = {"month": label, "first_day": first_day.isoformat()}
            message = f"{label} is not over: bill it from {first_day}"
            problems.append(FieldError(message, code="month_not_over", params=params))
        elif item.dropped_after and month > item.dropped_after:
            last = f"{item.dropped_after:%Y-%m}"
            message = f"{label} is after the dropout (last month {last})"
            params = {"month": label, "last_month": last}
            problems.append(FieldError(message, code="month_after_dropout", params=params))
        elif month not in item.months and (holder := _holder(item, label)):
            raise _held(label, holder)
        elif month not in item.months:
            message = f"no attendance recorded for {label}"
            problems.append(FieldError(message, code="no_attendance", params={"month": label}))
    if not months:
        held = [(m, h) for m in period.months if (h := _holder(item, lines.month_label(m)))]
        if held:  # attended, but on another claim: say which
            raise _held(lines.month_label(held[0][0]), held[0][1])
        message = f"no attended month left to bill in {period.label}"
        params = {"period": period.label}
        problems.append(FieldError(message, code="nothing_left_to_bill", params=params))
    if problems:
        raise Invalid("months cannot be billed", {"months": problems}, code="months_not_billable")
    return months


def _service_day(
    item: lines.Billable, period: Period, asked: dt.date | None, today: dt.date
) -> dt.date:
    holder = _holder(item, lines.ONCE)
    if holder:
        raise _held(lines.ONCE, holder)
    day = asked or item.service_on
    if day is None:
        needed = FieldError("required for a one-time item", code="required")
        raise Invalid("service date needed", {"service_on": [needed]}, code="service_date_needed")
    if day not in period or day > today:
        message = f"must be in {period.label} ({period.start} to {period.end}), not after today"
        params = {"period": period.label, "start": str(period.start), "end": str(period.end)}
        outside = FieldError(message, code="service_date_outside_period", params=params)
        raise Invalid(
            "service date outside the period",
            {"service_on": [outside]},
            code="service_date_outside_period",
            params=params,
        )
    return day


def _holder(item: lines.Billable, unit: str) -> tuple[int, str] | None:
    """(claim, its state) holding the case-item-month `unit` (or the one time), if any."""
    found = (
        BilledUnit.select(L.claim, Claim.state)
        .join(L)
        .join(Claim)
        .where(
            BilledUnit.application == item.application_id,
            BilledUnit.aid_item == item.aid_item,
            BilledUnit.unit == unit,
        )
        .tuples()
        .first()
    )
    return None if found is None else (int(found[0]), str(found[1]))


def _held(unit: str, holder: tuple[int, str]) -> Conflict:
    """The refusal of a month (or a one-time item) another claim holds, naming that claim."""
    claim_id, state = holder
    what = "this one-time aid item" if unit == lines.ONCE else f"{unit} of this case and aid item"
    return Conflict(
        f"{what} is already billed on claim {claim_id} ({state})",
        code="already_billed",
        params={"month": unit, "claim": claim_id, "claim_state": state},
    )


def _describe(line: ClaimLine) -> str:
    when = ",".join(line.months) if line.months else str(line.service_on)
    return f"{line.aid_item} {when} application {line.application_id}"


def remove_line(ctx: ActionContext) -> None:
    """The line goes, and the months it held may be billed elsewhere."""
    _lines_on_claim(ctx.case.record, [ctx.data["line_id"]])
    line = L.get_by_id(ctx.data["line_id"])
    BilledUnit.delete().where(BilledUnit.line == line.id).execute()
    line.delete_instance()
    ctx.changes[f"line.{line.id}"] = [_describe(line), None]


def discard(ctx: ActionContext) -> None:
    """The months the draft held may be billed on another claim."""
    released = (
        BilledUnit.delete()
        .where(BilledUnit.line.in_(L.select(L.id).where(L.claim == ctx.case.id)))
        .execute()
    )
    if released:
        ctx.changes["released_units"] = [None, released]


def submit_guard(ctx: ActionContext) -> None:
    claim = ctx.case.record
    query = L.select(L.id, L.status, L.total_fen, L.free_device | L.adjusts.is_null(False)).where(
        L.claim == claim.id
    )  # an adjustment may change insurance alone: its total may stay
    statuses = rows_of(query)  # raw: a county claim runs to thousands of lines
    if not statuses:
        raise Conflict("the claim has no lines", code="claim_without_lines")
    rejected = [line_id for line_id, status, _, _ in statuses if status == REJECTED]
    if rejected:
        raise Conflict(
            f"lines {rejected} were rejected: correct or remove them first",
            code="rejected_lines_left",
            params={"lines": rejected},
        )
    empty = [
        line_id
        for line_id, status, total, free_device in statuses
        if status == PENDING and total == 0 and not free_device
    ]
    if empty:
        message = f"no total cost entered on lines {empty}"
        missing = FieldError(message, code="total_cost_missing", params={"lines": empty})
        raise Invalid(
            "costs missing", {"lines": [missing]}, code="costs_missing", params={"lines": empty}
        )


def submit(ctx: ActionContext) -> None:
    """Recompute against today's standards and reserve every month billed: the unique index
    on billed units refuses a case-item-month already on another claim."""
    claim = ctx.case.record
    _record_subsidies(ctx, pricing.recompute(claim))
    _refuse_negative_total(claim)
    reserve_units(claim)
    ctx.change("attestation", claim.attestation, ctx.data["attestation"], column="attestation")
    ctx.change("attested_by", claim.attested_by, ctx.data["attested_by"], column="attested_by")


def _refuse_negative_total(claim: Claim) -> None:
    """Finance pays a claim, never collects one: a correction downwards is deducted from a
    claim that bills at least as much."""
    total = int(  # PostgreSQL's SUM is a numeric
        L.select(fn.COALESCE(fn.SUM(L.subsidy_fen), 0))
        .where(L.claim == claim.id, L.status != REJECTED)
        .scalar()
    )
    if total < 0:
        raise Conflict(
            f"the claim's subsidy comes to {format_yuan(total)}: add the corrections to a claim "
            "that bills at least as much",
            code="claim_total_negative",
            params={"total": format_yuan(total)},
        )


def reserve_units(claim: Claim, line_ids: list[int] | None = None) -> None:
    """One INSERT ... SELECT of every month (or the one time) of the pending lines (or of the
    lines `line_ids`) not held yet: a draft holds what it proposes from the moment a line is
    added, and the submission takes whatever is still missing. A unit another claim holds
    refuses the whole step, naming that claim."""
    one = line_ids[0] if line_ids is not None and len(line_ids) == 1 else None
    params = (claim.id,) if one is None else (claim.id, one)
    try:
        with write_transaction():  # a savepoint: PostgreSQL's transaction survives the refusal
            db.execute_sql(_reserve_sql(is_sqlite(), db.obj.param, one is not None), params * 2)
    except IntegrityError as exc:
        taken = _taken(claim)[:10]
        raise Conflict(
            "already billed on another claim: " + "; ".join(taken),
            code="billed_on_another_claim",
            params={"taken": taken},
        ) from exc


@functools.cache
def _reserve_sql(sqlite: bool, p: str, one_line: bool = False) -> str:
    months = (
        "json_each(l.months) AS m"
        if sqlite
        else "json_array_elements_text(l.months::json) AS m(value)"
    )
    # adjustments bill no month: they correct a line whose months its own claim holds
    pending = f"l.claim_id = {p} AND l.status = '{PENDING.value}' AND l.adjusts_id IS NULL"
    if one_line:
        pending += f" AND l.id = {p}"

    def missing(unit: str) -> str:  # held by the line already: nothing to add (the unique index)
        return (
            'NOT EXISTS (SELECT 1 FROM "billed_unit" AS b WHERE b.application_id = '
            f"l.application_id AND b.aid_item = l.aid_item AND b.unit = {unit} "
            "AND b.line_id = l.id)"
        )

    return (
        'INSERT INTO "billed_unit" ("application_id", "aid_item", "unit", "line_id") '
        f'SELECT l.application_id, l.aid_item, m.value, l.id FROM "claim_line" AS l, {months} '
        f"WHERE {pending} AND {missing('m.value')} "
        f"UNION ALL SELECT l.application_id, l.aid_item, '{lines.ONCE}', l.id "
        f"FROM \"claim_line\" AS l WHERE {pending} AND (l.months IS NULL OR l.months = '[]') "
        f"AND {missing(repr(lines.ONCE))}"
    )


def _taken(claim: Claim) -> list[str]:
    """Who holds the units the claim's pending lines asked for: for the refusal's message."""
    pending = L.select(L.application, L.aid_item, L.months).where(
        L.claim == claim.id, L.status == PENDING
    )
    wanted = {
        (app, item, unit)
        for app, item, months in rows_of(pending)
        for unit in (L.months.python_value(months) or [lines.ONCE])
    }
    mine = L.select(L.application).where(L.claim == claim.id)
    query = (
        BilledUnit.select(BilledUnit, L.claim, Child.name)
        .join(L)
        .join(Child, on=(L.child == Child.id))
        .where(BilledUnit.application.in_(mine), L.claim != claim.id)
    )
    return [
        f"{u.line.child.name} {u.aid_item} {u.unit} (claim {u.line.claim_id})"
        for u in query
        if (u.application_id, u.aid_item, u.unit) in wanted
    ]


def add_adjustment(ctx: ActionContext) -> None:
    """Correct a line of a paid claim, which is never edited: a line on this claim with the
    change to its costs (the corrected costs less those paid and adjusted since), no month,
    the reason, and the subsidy the year to date gives the correction (negative when the year
    was paid too much). The auditor decides it as any line; approved, the year counts it."""
    claim, data = ctx.case.record, ctx.data
    paid = _adjustable(claim, data["line_id"])
    names = tuple(lines.COST_COLUMNS)
    current = _costs_with_adjustments(paid)
    new: dict[str, int] = {
        n: current[n] if data.get(n) is None else int(data[n]) for n in names
    }
    problems = lines.cost_problems(new)
    if problems:
        raise Invalid("costs are not valid", problems, code="invalid_costs")
    change = {n: new[n] - current[n] for n in names}
    if not any(change.values()):
        same = FieldError("the corrected costs are those paid", code="nothing_to_adjust")
        raise Invalid("nothing to adjust", {"total_cost": [same]}, code="nothing_to_adjust")
    row = {
        "claim": claim.id,
        "application": paid.application_id,
        "child": paid.child_id,
        "aid_item": paid.aid_item,
        "aid_year": paid.aid_year,
        "months": [],
        "month_count": 0,
        "service_on": paid.service_on,
        "standard_fen": 0,
        "cap_fen": 0,
        "adjusts": paid.id,
        "adjustment_reason": ctx.reason,
        **{column: change[name] for name, column in lines.COST_COLUMNS.items()},
    }
    line_id = L.insert(row).execute()
    pricing.recompute(claim)  # the claim's own lines of the case follow the correction
    line = L.get_by_id(line_id)
    ctx.changes[f"line.{line_id}"] = [
        None,
        f"adjusts line {paid.id}: {format_yuan(line.subsidy_fen)}",
    ]
    for name in names:
        if change[name]:
            ctx.changes[f"line.{line_id}.{name}"] = [format_yuan(current[name]),
                                                     format_yuan(new[name])]  # fmt: skip


def _adjustable(claim: Claim, line_id: int) -> ClaimLine:
    """The line to correct: approved, on a paid claim of the same institution and aid year,
    not a free device, with no other correction waiting."""
    paid = (
        L.select(L, Claim)
        .join(Claim)
        .where(L.id == line_id, Claim.institution == claim.institution_id)
        .first()
    )
    if paid is None:
        message = "not a line of your institution's claims"
        raise Invalid(
            message,
            {"line_id": [FieldError(message, code="no_such_paid_line")]},
            code="no_such_paid_line",
        )
    if paid.claim.state != PAID or paid.status != APPROVED:
        message = "only an approved line of a paid claim is adjusted"
        raise Invalid(
            message, {"line_id": [FieldError(message, code="line_not_paid")]}, code="line_not_paid"
        )
    if paid.adjusts_id is not None:
        message = "adjust the line itself, not an adjustment"
        raise Invalid(
            message,
            {"line_id": [FieldError(message, code="adjust_the_line_itself")]},
            code="adjust_the_line_itself",
        )
    if paid.free_device:
        message = "a device handed out free was paid nothing"
        raise Invalid(
            message,
            {"line_id": [FieldError(message, code="free_device_not_adjusted")]},
            code="free_device_not_adjusted",
        )
    if paid.aid_year != period_of(claim).aid_year:
        message = f"the line is of aid year {paid.aid_year}: correct it on a claim of that year"
        raise Invalid(
            message,
            {"line_id": [FieldError(message, code="adjustment_other_year")]},
            code="adjustment_other_year",
        )
    waiting = (
        L.select(L.claim)
        .join(Claim)
        .where(L.adjusts == paid.id, L.status == PENDING, Claim.state != DISCARDED)
        .scalar()
    )
    if waiting:
        raise Conflict(
            f"a correction of line {paid.id} is already on claim {waiting}",
            code="adjustment_waiting",
            params={"line": paid.id, "claim": waiting},
        )
    return paid  # type: ignore[no-any-return]  # peewee's rows are untyped


def _costs_with_adjustments(paid: ClaimLine) -> dict[str, int]:
    """The line's costs by API name, with the approved adjustments made to it since."""
    costs = {name: getattr(paid, column) for name, column in lines.COST_COLUMNS.items()}
    for adjustment in L.select().where(L.adjusts == paid.id, L.status == APPROVED):
        for name, column in lines.COST_COLUMNS.items():
            costs[name] += getattr(adjustment, column)
    return costs
