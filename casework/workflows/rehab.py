"""Workflow 1: the rehabilitation-aid application (残疾儿童康复救助), docs/domain.md.

`accepted` sits between `referred` and `agreed`: the institution's answer and the signing
of the agreement have separate time limits (5 and 10 working days), so each gets a state.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from peewee import ModelSelect

from casework.models import Place, RehabApplication
from casework.queries import child_scope
from casework.rules.deadlines import Deadline, Unit
from casework.vocabulary import Role
from casework.workflows import rehab_payloads as p
from casework.workflows import rehab_steps as step
from casework.workflows.definition import Action, Actor, Case, Responsible, Workflow


class RehabState(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    REJECTED = "rejected"
    APPROVED = "approved"
    REFERRED = "referred"
    ACCEPTED = "accepted"
    AGREED = "agreed"
    IN_REHABILITATION = "in_rehabilitation"
    DROPPED_OUT = "dropped_out"
    COMPLETED = "completed"
    SETTLED = "settled"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


S = RehabState
CLERK, REVIEWER, STAFF = Role.INTAKE_CLERK, Role.REVIEWER, Role.INSTITUTION_STAFF
APPLICANTS = frozenset({CLERK, STAFF})
IN_REVIEW = (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.RESUBMITTED)
# The checklist's papers arrive in review (the approval needs identity, residence, diagnosis)
# and the signed agreement once the institution has accepted the referral, ahead of the
# signing's record, which ticks it too. Any other state ticks no paper.
PAPERS_ARRIVE = (*IN_REVIEW, S.ACCEPTED)

REVIEW = Deadline("review", 15)  # one clock from (re)submission to the decision
DEADLINES: dict[str, Deadline] = {
    S.SUBMITTED: REVIEW,
    S.RESUBMITTED: REVIEW,
    S.UNDER_REVIEW: REVIEW,
    S.REFERRED: Deadline("referral_answer", 5),
    S.ACCEPTED: Deadline("agreement", 10),
    S.AGREED: Deadline("rehab_plan", 30, Unit.DAYS),
}
# Institutions answer to the county federation's reviewers; reviewers to the county leader.
RESPONSIBLE = {
    "review": Responsible(REVIEWER, "county", Role.LEADER, "county", "康复救助申请审核超期"),
    "referral_answer": Responsible(STAFF, "institution", REVIEWER, "county", "转介未答复超期"),
    "agreement": Responsible(STAFF, "institution", REVIEWER, "county", "康复协议签订超期"),
    "rehab_plan": Responsible(STAFF, "institution", REVIEWER, "county", "康复计划制定超期"),
}


def _action(
    name: str, sources: Iterable[str], dest: str | None, roles: Iterable[Role], **kw: Any
) -> Action:
    return Action(name, tuple(sources), dest, frozenset(roles), **kw)


ACTIONS = (
    _action(
        "submit",
        (),
        S.SUBMITTED,
        APPLICANTS,
        payload=p.ApplicationPayload,
        party=step.child_in_reach,
        build=step.submit,
        # a case worker files one from a mandatory-report case, whose workflow has checked
        # their role and scope: engine.create(REHAB, ..., report_case=id)
        context_roles={"report_case": frozenset({Role.CASE_WORKER})},
        doc="a clerk, or an institution on the guardian's behalf, files the application",
    ),
    _action(
        "record_documents",
        PAPERS_ARRIVE,
        None,
        APPLICANTS | {REVIEWER},
        payload=p.DocumentsPayload,
        effect=step.papers_received(reassessed_in=IN_REVIEW),
        party=step.filing_or_referred_institution,
        doc="tick the papers received (an upload ticks its kind); after the review, only add",
    ),
    _action("start_review", (S.SUBMITTED, S.RESUBMITTED), S.UNDER_REVIEW, {REVIEWER}),
    _action("return_for_correction", (S.UNDER_REVIEW,), S.RETURNED, {REVIEWER}, needs_reason=True),
    _action(
        "resubmit",
        (S.RETURNED,),
        S.RESUBMITTED,
        APPLICANTS,
        payload=p.ResubmitPayload,
        effect=step.resubmit,
        party=step.submitting_institution,
    ),
    _action("reject", (S.UNDER_REVIEW,), S.REJECTED, {REVIEWER}, needs_reason=True),
    _action(
        "approve",
        (S.UNDER_REVIEW,),
        S.APPROVED,
        {REVIEWER},
        payload=p.ApprovePayload,
        guard=step.approve_guard,
        effect=step.approve,
        doc="an ineligible application needs a written override reason",
    ),
    _action(
        "refer",
        (S.APPROVED,),
        S.REFERRED,
        {REVIEWER},
        payload=p.ReferPayload,
        effect=step.refer,
        doc="to the guardian's choice, else the nearest with room",
    ),
    _action(
        "accept_referral",
        (S.REFERRED,),
        S.ACCEPTED,
        {STAFF},
        effect=step.accept,
        party=step.referred_institution,
    ),
    _action(
        "decline_referral",
        (S.REFERRED,),
        S.APPROVED,
        {STAFF},
        needs_reason=True,
        effect=step.decline,
        party=step.referred_institution,
        doc="back to the reviewer to refer again",
    ),
    _action(
        "sign_agreement",
        (S.ACCEPTED,),
        S.AGREED,
        {STAFF},
        payload=p.AgreementPayload,
        effect=step.sign_agreement,
        party=step.referred_institution,
    ),
    _action(
        "record_plan",
        (S.AGREED,),
        S.IN_REHABILITATION,
        {STAFF},
        payload=p.PlanPayload,
        effect=step.record_plan,
        party=step.referred_institution,
        doc="assessment and rehab plan; rehabilitation starts",
    ),
    _action(
        "record_attendance",
        (S.IN_REHABILITATION, S.DROPPED_OUT, S.COMPLETED),
        None,
        {STAFF},
        payload=p.AttendancePayload,
        effect=step.record_attendance,
        party=step.referred_institution,
        doc="days attended in a month",
    ),
    _action(
        "report_dropout",
        (S.IN_REHABILITATION,),
        S.DROPPED_OUT,
        {STAFF},
        needs_reason=True,
        payload=p.DropoutPayload,
        effect=step.report_dropout,
        party=step.referred_institution,
        doc="date, reason and last month attended",
    ),
    _action(
        "complete",
        (S.IN_REHABILITATION,),
        S.COMPLETED,
        {STAFF},
        payload=p.CompletePayload,
        effect=step.complete,
        party=step.referred_institution,
    ),
    _action(
        "settle",
        (S.COMPLETED, S.DROPPED_OUT),
        S.SETTLED,
        {Role.SYSTEM},
        doc="fired by the system when finance pays the last aid item (workflows.settlement)",
    ),
    _action("close", (S.SETTLED,), S.CLOSED, {REVIEWER}),
    # A dropout is `settled` when finance pays its months trained (docs/domain.md); with none
    # trained, or none left unpaid, no payment will ever come. Not settled automatically at
    # the dropout report: the institution may still record the last months' attendance, and
    # "settled" says money was paid. The reviewer closes it, saying why.
    _action(
        "close_unbilled",
        (S.DROPPED_OUT,),
        S.CLOSED,
        {REVIEWER},
        needs_reason=True,
        guard=step.nothing_left_to_bill,
        doc="a dropout with nothing to bill: every month trained paid, no claim open for it",
    ),
    _action(
        "withdraw",
        (*IN_REVIEW, S.APPROVED),
        S.WITHDRAWN,
        APPLICANTS,
        needs_reason=True,
        party=step.submitting_institution,
        doc="at the guardian's request",
    ),
    # To `under_review` whatever the application lapsed from: the reviewer decides again, on
    # the review's clock, with eligibility evaluated anew (the child's other applications may
    # hold its items by now). Back to "the state it came from" would put a withdrawn one into
    # `approved` with no decision taken since. `closed` is not a source: a closed application
    # has its agreement and plan (one each), so its review could not lead anywhere again:
    # `reopen_closed` below resumes a closed dropout instead.
    _action(
        "reopen",
        (S.REJECTED, S.WITHDRAWN),
        S.UNDER_REVIEW,
        {REVIEWER},
        needs_reason=True,
        effect=step.reopen,
        doc="rejected or withdrawn in error: reviewed again, its aid items held again",
    ),
    # Back to `dropped_out`, the one state a closed application can resume from: it keeps its
    # agreement and plan, so no review, referral or signing can run again (docs/domain.md).
    # Only a dropout closed with nothing billed: a completed one, or one with months billed,
    # would bill again or be settled a second time.
    _action(
        "reopen_closed",
        (S.CLOSED,),
        S.DROPPED_OUT,
        {REVIEWER},
        needs_reason=True,
        guard=step.closed_unbilled_dropout,
        doc="a dropout closed in error with nothing billed: its last months may be recorded",
    ),
)


def visible(actor: Actor, case: Case) -> bool:
    """Institution staff see the children referred to or filed by their institution;
    everyone else sees what lies in their place and below."""
    if actor.role == Role.SYSTEM:
        return True
    if actor.role == Role.INSTITUTION_STAFF:
        return actor.institution_id in (case.institution_id, case.submitted_by_institution_id)
    if actor.role in child_scope.NO_FILES:
        return False
    return bool(actor.place_path) and case.place_path.startswith(actor.place_path)


def snapshot() -> ModelSelect:
    a = RehabApplication
    return a.select(
        a.id,
        a.state,
        a.version,
        a.due_at,
        a.county,
        a.institution,
        a.submitted_by_institution,
        Place.path.alias("place_path"),
    ).join(Place, on=(a.place == Place.id))


REHAB = Workflow(
    name="rehab",
    model=RehabApplication,
    states=RehabState,
    initial=S.SUBMITTED,
    actions=ACTIONS,
    deadlines=DEADLINES,
    visible=visible,
    snapshot=snapshot,
    terminal=frozenset({S.REJECTED, S.CLOSED, S.WITHDRAWN}),
    responsible=RESPONSIBLE,
)
