"""Guards and effects of the rehab workflow's actions: what each step checks and records."""

from __future__ import annotations

from casework.errors import Conflict, Invalid
from casework.models import (
    Agreement,
    Attendance,
    ChecklistItem,
    DropoutReport,
    Referral,
    RehabApplication,
    RehabPlan,
)
from casework.queries import eligibility, institutions, payments
from casework.rules import attendance
from casework.vocabulary import REQUIRED_AT_REVIEW, DocumentKind, Role
from casework.workflows.definition import ActionContext, Actor, Case


def referred_institution(actor: Actor, case: Case) -> bool:
    return actor.role != Role.INSTITUTION_STAFF or case.institution_id == actor.institution_id


def submitting_institution(actor: Actor, case: Case) -> bool:
    return (
        actor.role != Role.INSTITUTION_STAFF
        or case.submitted_by_institution_id == actor.institution_id
    )


def set_documents(application: RehabApplication, received: list[str]) -> dict:
    """Tick the checklist to exactly `received`; returns {kind: [old, new]} for what changed."""
    changed = {}
    for kind in DocumentKind:
        now_received = kind.value in received
        item, _ = ChecklistItem.get_or_create(application=application.id, kind=kind.value)
        if item.received != now_received:
            changed[f"documents.{kind.value}"] = [item.received, now_received]
            item.received = now_received
            item.save()
    return changed


def _reassess(ctx: ActionContext) -> eligibility.Assessment:
    assessment = eligibility.reassess(ctx.case.id)
    old, new = assessment.stored, assessment.now
    if old != new:
        ctx.changes["eligible"] = [old.get("eligible"), new["eligible"]]
        ctx.updates["eligibility"] = new
    return assessment


def record_documents(ctx: ActionContext) -> None:
    ctx.changes.update(set_documents(ctx.case.record, ctx.data["received"]))
    _reassess(ctx)


def resubmit(ctx: ActionContext) -> None:
    """Papers ticked and the diagnosis corrected; eligibility evaluated again (after the
    papers: they count). Reads no full record unless papers come with it."""
    if ctx.data.get("received") is not None:
        ctx.changes.update(set_documents(ctx.case.record, ctx.data["received"]))
    stored = _reassess(ctx)
    if ctx.data.get("diagnosis") is not None:
        ctx.change("diagnosis", stored.diagnosis, ctx.data["diagnosis"], column="diagnosis")


def approve_guard(ctx: ActionContext) -> None:
    application = ctx.case.record
    missing = [
        k.value for k in REQUIRED_AT_REVIEW if k not in eligibility.received_documents(application)
    ]
    if missing:
        raise Conflict(f"papers missing: {', '.join(missing)}", missing=missing)
    if not application.eligibility.get("eligible") and not ctx.data.get("override_reason"):
        reasons = "; ".join(r["message"] for r in application.eligibility.get("reasons", []))
        raise Invalid(
            f"the application is not eligible ({reasons}): approving needs an override reason",
            {"override_reason": ["required when the application is not eligible"]},
        )


def approve(ctx: ActionContext) -> None:
    if ctx.data.get("override_reason"):
        ctx.change("override_reason", "", ctx.data["override_reason"], column="override_reason")


def refer(ctx: ActionContext) -> None:
    """To the institution the reviewer picked, else to the one proposed (the guardian's
    choice, or the nearest with room): the rule the page proposes by, too."""
    application = ctx.case.record
    options = institutions.referral_options(application)
    chosen = ctx.data.get("institution_id")
    if chosen:
        candidate = options.candidate(chosen)
        if candidate is None:
            raise Invalid(
                "that institution is not a designated institution offering these aid items",
                {"institution_id": ["does not offer every aid item on the application"]},
            )
        basis = "guardian_choice"
    else:
        candidate, basis = options.proposed, options.basis
        if candidate is None:
            raise Conflict("no designated institution with room offers these aid items")
    if not candidate.has_room:
        raise Conflict(f"{candidate.institution.name} is full ({candidate.in_care} in care)")
    Referral.create(
        application=application.id,
        institution=candidate.institution.id,
        basis=basis,
        distance_km=candidate.distance_km,
        referred_at=ctx.now,
    )
    ctx.change("institution", None, candidate.institution.id, column="institution")
    ctx.changes["referral_basis"] = [None, basis]


def _open_referral(ctx: ActionContext) -> Referral:
    return (
        Referral.select()
        .where(Referral.application == ctx.case.id, Referral.answer.is_null())
        .order_by(Referral.id.desc())
        .get()
    )


def accept(ctx: ActionContext) -> None:
    referral = _open_referral(ctx)
    referral.answer, referral.answered_at = "accepted", ctx.now
    referral.save()


def decline(ctx: ActionContext) -> None:
    referral = _open_referral(ctx)
    referral.answer, referral.answered_at, referral.decline_reason = "declined", ctx.now, ctx.reason
    referral.save()
    ctx.change("institution", ctx.case.institution_id, None, column="institution")


def _not_future(ctx: ActionContext, **dates) -> None:
    late = {name: ["cannot be in the future"] for name, day in dates.items() if day > ctx.today}
    if late:
        raise Invalid("a date is in the future", late)


def sign_agreement(ctx: ActionContext) -> None:
    _not_future(ctx, signed_on=ctx.data["signed_on"])
    Agreement.create(application=ctx.case.id, institution=ctx.case.institution_id, **ctx.data)
    ChecklistItem.insert(
        application=ctx.case.id, kind=DocumentKind.AGREEMENT, received=True
    ).on_conflict(
        conflict_target=[ChecklistItem.application, ChecklistItem.kind],
        update={ChecklistItem.received: True},
    ).execute()
    ctx.changes["agreement"] = [None, ctx.data["signed_on"].isoformat()]


def record_plan(ctx: ActionContext) -> None:
    data = ctx.data
    _not_future(ctx, assessed_on=data["assessed_on"])
    if data["starts_on"] < data["assessed_on"]:
        raise Invalid(
            "the plan starts before the assessment", {"starts_on": ["before assessed_on"]}
        )
    RehabPlan.create(application=ctx.case.id, **data)
    ctx.changes["plan"] = [None, f"{data['starts_on']}, {data['planned_months']} months"]


def _plan(ctx: ActionContext) -> RehabPlan:
    return RehabPlan.get(RehabPlan.application == ctx.case.id)


def record_attendance(ctx: ActionContext) -> None:
    month, plan = ctx.data["month"], _plan(ctx)
    dropout = DropoutReport.get_or_none(DropoutReport.application == ctx.case.id)
    last = dropout.last_month if dropout else None
    refused = attendance.refusal(month, plan.starts_on, ctx.today, last)
    if refused == attendance.OUTSIDE:
        raise Invalid(
            "month outside the rehabilitation",
            {"month": [f"must be between {plan.starts_on:%Y-%m} and {ctx.today:%Y-%m}"]},
        )
    if refused == attendance.AFTER_DROPOUT:
        raise Invalid("the child had dropped out", {"month": [f"after {last:%Y-%m}"]})
    row = Attendance.get_or_none(application=ctx.case.id, month=month)
    old = row.days_attended if row else None
    values = {k: ctx.data[k] for k in ("days_attended", "sessions", "note")}
    if row:
        Attendance.update(**values, recorded_by=ctx.actor.id, recorded_at=ctx.now).where(
            Attendance.id == row.id
        ).execute()
    else:
        Attendance.create(
            application=ctx.case.id,
            month=month,
            recorded_by=ctx.actor.id,
            recorded_at=ctx.now,
            **values,
        )
    ctx.changes[f"attendance.{month:%Y-%m}"] = [old, ctx.data["days_attended"]]


def report_dropout(ctx: ActionContext) -> None:
    data, plan = ctx.data, _plan(ctx)
    _not_future(ctx, dropped_on=data["dropped_on"])
    if not plan.starts_on.replace(day=1) <= data["last_month"] <= data["dropped_on"].replace(day=1):
        raise Invalid(
            "last month attended is outside the rehabilitation",
            {
                "last_month": [
                    f"must be between {plan.starts_on:%Y-%m} and {data['dropped_on']:%Y-%m}"
                ]
            },
        )
    DropoutReport.create(
        application=ctx.case.id,
        reason=ctx.reason,
        reported_by=ctx.actor.id,
        reported_at=ctx.now,
        **data,
    )
    ctx.changes["dropout"] = [None, f"{data['dropped_on']}, last month {data['last_month']:%Y-%m}"]


def complete(ctx: ActionContext) -> None:
    _not_future(ctx, completed_on=ctx.data["completed_on"])
    if ctx.data["completed_on"] < _plan(ctx).starts_on:
        raise Invalid("completed before it started", {"completed_on": ["before the plan starts"]})
    ctx.change("completed_on", None, ctx.data["completed_on"], column="completed_on")


def nothing_left_to_bill(ctx: ActionContext) -> None:
    """Refuse while a month trained is unpaid or a claim not yet paid bills this case."""
    unpaid = payments.unpaid_items(ctx.case.id)
    if unpaid:
        raise Conflict(
            f"months trained are not paid yet ({', '.join(unpaid)}): "
            "the application is settled when finance pays them",
            unpaid=unpaid,
        )
    open_claims = payments.open_claims_billing(ctx.case.id)
    if open_claims:
        raise Conflict(
            f"claim {', '.join(map(str, open_claims))} bills this application and is not paid "
            "yet: wait for it, or for its line to be removed",
            claims=open_claims,
        )
