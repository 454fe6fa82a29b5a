"""Guards and effects of the rehab workflow's actions: what each step checks and records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from casework.errors import Conflict, FieldError, Invalid
from casework.models import (
    Agreement,
    ApplicationItem,
    Attendance,
    BilledUnit,
    ChecklistItem,
    Child,
    DropoutReport,
    Referral,
    RehabApplication,
    RehabPlan,
)
from casework.queries import child_scope, county_policy, eligibility, institutions, payments
from casework.rules import attendance
from casework.vocabulary import REQUIRED_AT_REVIEW, DocumentKind, Role
from casework.workflows.definition import ActionContext, Actor, Case, Creation, Effect

# A paper application keyed in long after it was made moves money between aid years: one
# dated further back than this says why (the reason is kept in the audit row).
LATE_AFTER = dt.timedelta(days=366)


def child_in_reach(actor: Actor, creation: Creation) -> bool:
    """A child whose file the actor may read (a case worker's from a report case too), or,
    for an institution filing on a guardian's behalf, one of its county whose whole ID
    number it gives; any other is answered as an unknown id (child_scope.linkable)."""
    data = creation.data
    child_scope.linkable(actor, data["child_id"], id_number=data.get("id_number"))
    return True


def submit(creation: Creation) -> None:
    """The application in `submitted` with its items and papers, eligibility evaluated for
    the reviewer."""
    data, actor = creation.data, creation.actor
    child = Child.get_by_id(data["child_id"])
    applied_on = data["applied_on"] or creation.today
    if applied_on > creation.today:
        raise Invalid(
            "application date in the future",
            {"applied_on": [FieldError("cannot be after today", code="in_future")]},
            code="applied_in_future",
        )
    if applied_on < child.birth_date:
        raise Invalid(
            "application date before the child's birth",
            {"applied_on": [FieldError("before the child's birth", code="before_birth")]},
            code="applied_before_birth",
        )
    late_reason = data["late_reason"].strip()
    if applied_on < creation.today - LATE_AFTER and not late_reason:
        params = {"applied_on": applied_on.isoformat()}
        why = FieldError("say why it is dated so long ago", code="late_application_needs_reason",
                         params=params)  # fmt: skip
        raise Invalid(
            "an application dated more than a year ago needs a reason",
            {"late_reason": [why]},
            code="late_application_needs_reason",
            params=params,
        )
    items, preferred = data["items"], data["preferred_institution_id"]
    county = child.place.county_id
    if preferred and preferred not in {
        c.institution.id for c in institutions.candidates(county, items, child.place)
    }:
        lacking = FieldError("must offer every aid item", code="institution_lacks_items")
        raise Invalid(
            "that institution does not offer these items",
            {"preferred_institution_id": [lacking]},
            code="institution_lacks_items",
        )
    application = creation.insert(
        child=child.id,
        county=county,
        place=child.place_id,
        applied_on=applied_on,
        aid_year=applied_on.year,
        applicant_name=data["applicant_name"],
        applicant_relation=data["applicant_relation"],
        submitted_by=actor.id,
        submitted_by_institution=actor.institution_id,
        preferred_institution=preferred,
        diagnosis=data["diagnosis"],
    )
    # each item keeps the county's age-limit version it is assessed under (None: the default)
    limits = county_policy.age_limit_versions(county, applied_on)
    ApplicationItem.insert_many(
        [{"application": application.id, "aid_item": i, "age_limit_policy": limits.get(i)}
         for i in items]
    ).execute()  # fmt: skip
    set_documents(application, data["documents_received"])
    application.eligibility = eligibility.assess(application)
    application.save()
    eligible = application.eligibility["eligible"]
    creation.changes.update(child=[None, child.id], items=[None, items], eligible=[None, eligible])
    if late_reason:
        creation.changes["late_reason"] = [None, late_reason]
    if creation.context.get("report_case"):
        creation.changes["report_case"] = [None, creation.context["report_case"]]


def referred_institution(actor: Actor, case: Case) -> bool:
    return actor.role != Role.INSTITUTION_STAFF or case.institution_id == actor.institution_id


def submitting_institution(actor: Actor, case: Case) -> bool:
    return (
        actor.role != Role.INSTITUTION_STAFF
        or case.submitted_by_institution_id == actor.institution_id
    )


def filing_or_referred_institution(actor: Actor, case: Case) -> bool:
    """Staff of the institution that filed the application, or of the one it is referred to
    (who add the signed agreement)."""
    return actor.role != Role.INSTITUTION_STAFF or actor.institution_id in (
        case.submitted_by_institution_id,
        case.institution_id,
    )


def set_documents(application: RehabApplication, received: list[str]) -> dict[str, list[bool]]:
    """Tick the checklist to exactly `received`; returns {kind: [old, new]} for what changed."""
    changed: dict[str, list[bool]] = {}
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


def papers_received(reassessed_in: Collection[str]) -> Effect:
    """`record_documents`: the checklist ticked as `received` says. In the states of the review
    (`reassessed_in`) eligibility is evaluated again, as papers count. After it the approval
    stands on the papers it saw: none may be unticked, and the eligibility stored at the
    review stays."""

    def effect(ctx: ActionContext) -> None:
        application, received = ctx.case.record, ctx.data["received"]
        if ctx.case.state in reassessed_in:
            ctx.changes.update(set_documents(application, received))
            _reassess(ctx)
            return
        dropped = sorted(eligibility.received_documents(application) - set(received))
        if dropped:
            raise Conflict(
                f"papers received stay ticked after the review: {', '.join(dropped)}",
                code="papers_kept_after_review",
                params={"documents": dropped},
            )
        ctx.changes.update(set_documents(application, received))

    return effect


def resubmit(ctx: ActionContext) -> None:
    """Papers ticked and the diagnosis corrected; eligibility evaluated again (after the
    papers: they count). Reads no full record unless papers come with it."""
    if ctx.data.get("received") is not None:
        ctx.changes.update(set_documents(ctx.case.record, ctx.data["received"]))
    stored = _reassess(ctx)
    if ctx.data.get("diagnosis") is not None:
        ctx.change("diagnosis", stored.diagnosis, ctx.data["diagnosis"], column="diagnosis")


def reopen(ctx: ActionContext) -> None:
    """Eligibility evaluated again: while lapsed, the application held no aid items, so
    another application of the child may have taken them this aid year."""
    _reassess(ctx)


def approve_guard(ctx: ActionContext) -> None:
    application = ctx.case.record
    missing = [
        k.value for k in REQUIRED_AT_REVIEW if k not in eligibility.received_documents(application)
    ]
    if missing:
        raise Conflict(
            f"papers missing: {', '.join(missing)}",
            code="papers_missing",
            params={"documents": missing},
            missing=missing,
        )
    if not application.eligibility.get("eligible") and not ctx.data.get("override_reason"):
        found = application.eligibility.get("reasons", [])
        reasons = "; ".join(r["message"] for r in found)
        message = "required when the application is not eligible"
        raise Invalid(
            f"the application is not eligible ({reasons}): approving needs an override reason",
            {"override_reason": [FieldError(message, code="override_reason_required")]},
            code="not_eligible_without_override",
            params={"reasons": [r["code"] for r in found]},
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
            message = "does not offer every aid item on the application"
            raise Invalid(
                "that institution is not a designated institution offering these aid items",
                {"institution_id": [FieldError(message, code="institution_lacks_items")]},
                code="institution_lacks_items",
            )
        basis: str | None = "guardian_choice"
    else:
        candidate, basis = options.proposed, options.basis
        if candidate is None:
            raise Conflict(
                "no designated institution with room offers these aid items",
                code="no_institution_with_room",
            )
    if not candidate.has_room:
        raise Conflict(
            f"{candidate.institution.name} is full ({candidate.in_care} in care)",
            code="institution_full",
            params={"name": candidate.institution.name, "count": candidate.in_care},
        )
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
    referral: Referral = (
        Referral.select()
        .where(Referral.application == ctx.case.id, Referral.answer.is_null())
        .order_by(Referral.id.desc())
        .get()
    )
    return referral


def accept(ctx: ActionContext) -> None:
    referral = _open_referral(ctx)
    referral.answer, referral.answered_at = "accepted", ctx.now
    referral.save()


def decline(ctx: ActionContext) -> None:
    referral = _open_referral(ctx)
    referral.answer, referral.answered_at, referral.decline_reason = "declined", ctx.now, ctx.reason
    referral.save()
    ctx.change("institution", ctx.case.institution_id, None, column="institution")


def _not_future(ctx: ActionContext, **dates: dt.date) -> None:
    ahead = FieldError("cannot be in the future", code="in_future")
    late = {name: [ahead] for name, day in dates.items() if day > ctx.today}
    if late:
        raise Invalid("a date is in the future", late, code="date_in_future")


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
            "the plan starts before the assessment",
            {"starts_on": [FieldError("before assessed_on", code="before_assessment")]},
            code="plan_before_assessment",
            params={"assessed_on": data["assessed_on"].isoformat()},
        )
    RehabPlan.create(application=ctx.case.id, **data)
    ctx.changes["plan"] = [None, f"{data['starts_on']}, {data['planned_months']} months"]


def _plan(ctx: ActionContext) -> RehabPlan:
    plan: RehabPlan = RehabPlan.get(RehabPlan.application == ctx.case.id)
    return plan


def record_attendance(ctx: ActionContext) -> None:
    month, plan = ctx.data["month"], _plan(ctx)
    dropout = DropoutReport.get_or_none(DropoutReport.application == ctx.case.id)
    last = dropout.last_month if dropout else None
    refused = attendance.refusal(month, plan.starts_on, ctx.today, last)
    if refused == attendance.OUTSIDE:
        between = _months_between(plan.starts_on, ctx.today)
        raise Invalid(
            "month outside the rehabilitation",
            {"month": [between]},
            code="month_outside_rehabilitation",
            params=between.params,
        )
    if refused == attendance.AFTER_DROPOUT:
        last_month = f"{last:%Y-%m}"
        after = FieldError(
            f"after {last_month}", code="after_last_month", params={"month": last_month}
        )
        raise Invalid(
            "the child had dropped out",
            {"month": [after]},
            code="child_dropped_out",
            params={"last_month": last_month},
        )
    most = attendance.most_days(month, ctx.today)
    if ctx.data["days_attended"] > most:
        params = {"month": f"{month:%Y-%m}", "most": most}
        too_many = FieldError(
            f"at most {most} days of {month:%Y-%m} have passed",
            code="more_days_than_passed",
            params=params,
        )
        raise Invalid(
            "more days than have passed",
            {"days_attended": [too_many]},
            code="more_days_than_passed",
            params=params,
        )
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
        between = _months_between(plan.starts_on, data["dropped_on"])
        raise Invalid(
            "last month attended is outside the rehabilitation",
            {"last_month": [between]},
            code="last_month_outside_rehabilitation",
            params=between.params,
        )
    DropoutReport.create(
        application=ctx.case.id,
        reason=ctx.reason,
        reported_by=ctx.actor.id,
        reported_at=ctx.now,
        **data,
    )
    ctx.changes["dropout"] = [None, f"{data['dropped_on']}, last month {data['last_month']:%Y-%m}"]


def _months_between(first: dt.date, last: dt.date) -> FieldError:
    """The message on a month that must lie from `first`'s month to `last`'s."""
    start, end = f"{first:%Y-%m}", f"{last:%Y-%m}"
    return FieldError(
        f"must be between {start} and {end}",
        code="month_between",
        params={"start": start, "end": end},
    )


def complete(ctx: ActionContext) -> None:
    _not_future(ctx, completed_on=ctx.data["completed_on"])
    if ctx.data["completed_on"] < _plan(ctx).starts_on:
        raise Invalid(
            "completed before it started",
            {"completed_on": [FieldError("before the plan starts", code="before_plan_start")]},
            code="completed_before_start",
        )
    ctx.change("completed_on", None, ctx.data["completed_on"], column="completed_on")


def nothing_left_to_bill(ctx: ActionContext) -> None:
    """Refuse while a month trained is unpaid or a claim not yet paid bills this case."""
    unpaid = payments.unpaid_items(ctx.case.id)
    if unpaid:
        raise Conflict(
            f"months trained are not paid yet ({', '.join(unpaid)}): "
            "the application is settled when finance pays them",
            code="months_unpaid",
            params={"months": unpaid},
            unpaid=unpaid,
        )
    open_claims = payments.open_claims_billing(ctx.case.id)
    if open_claims:
        raise Conflict(
            f"claim {', '.join(map(str, open_claims))} bills this application and is not paid "
            "yet: wait for it, or for its line to be removed",
            code="claims_unpaid",
            params={"claims": open_claims},
            claims=open_claims,
        )


def closed_unbilled_dropout(ctx: ActionContext) -> None:
    """Refuse to reopen a completed application, or one with a month or item billed: back in
    `dropped_out` it would be billed, then settled, again."""
    if not DropoutReport.select().where(DropoutReport.application == ctx.case.id).exists():
        raise Conflict(
            "the application was completed, not dropped out: it cannot be reopened",
            code="closed_after_completion",
        )
    if BilledUnit.select().where(BilledUnit.application == ctx.case.id).exists():
        raise Conflict(
            "months of this application were billed: reopening it would bill them again",
            code="closed_after_billing",
        )
