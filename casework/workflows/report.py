"""Workflow 2: the mandatory report (强制报告) case, docs/domain.md.

Anyone who finds a child in danger files a report; the county's case worker accepts it or
screens it out, responds at once when it is urgent, assesses, assists, intervenes in the
guardianship when needed, monitors with visits, and closes it with an outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from peewee import ModelSelect

from casework.models import Place, ReportCase
from casework.rules.deadlines import Deadline, Unit
from casework.vocabulary import Role
from casework.workflows import report_payloads as p
from casework.workflows import report_steps as step
from casework.workflows.definition import (
    Action,
    Actor,
    Case,
    CaseDeadline,
    Responsible,
    Workflow,
)


class ReportState(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    SCREENED_OUT = "screened_out"
    EMERGENCY_RESPONSE = "emergency_response"
    ASSESSMENT = "assessment"
    ASSISTANCE = "assistance"
    GUARDIANSHIP_INTERVENTION = "guardianship_intervention"
    MONITORING = "monitoring"
    CLOSED = "closed"


S = ReportState
WORKER = Role.CASE_WORKER
# Anyone who finds a child in danger must report; the scheduler (SYSTEM) is nobody's reporter,
# and a province's officer, who works in no county, reports as the public does (the public form)
REPORTERS = frozenset(Role) - {Role.SYSTEM, Role.PROVINCE_OFFICER}
# Who sees the report cases of their place; everyone else sees only the reports they filed.
PROTECTION_ROLES = frozenset({WORKER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR, Role.LEADER})
OPEN: tuple[ReportState, ...] = (S.ACCEPTED, S.EMERGENCY_RESPONSE, S.ASSESSMENT, S.ASSISTANCE)
OPEN += (S.GUARDIANSHIP_INTERVENTION, S.MONITORING)
# Where the case may go into guardianship intervention (docs/domain.md, "Workflow 2").
INTERVENING_FROM = (S.ASSESSMENT, S.ASSISTANCE, S.MONITORING)

ACCEPTANCE = Deadline("report_acceptance", 1)  # accepted or screened out in 1 working day
# An urgent report cannot wait for Monday either: accepted or screened out within hours of
# its filing, whatever the day (the county may change the 24).
URGENT_ACCEPTANCE_HOURS = Deadline("urgent_acceptance", 24, Unit.HOURS)
# An emergency cannot wait for Monday: one calendar day after acceptance.
EMERGENCY = Deadline("emergency_response", 1, Unit.DAYS)
# One clock from acceptance (or from the emergency response) to the recorded assessment.
ASSESSMENT = Deadline("assessment", 7)
ASSISTANCE_PLAN = Deadline("assistance_plan", 15)
DEADLINES: dict[str, Deadline] = {
    S.REPORTED: ACCEPTANCE,
    S.ACCEPTED: ASSESSMENT,
    S.EMERGENCY_RESPONSE: ASSESSMENT,
    S.ASSESSMENT: ASSESSMENT,
    S.ASSISTANCE: ASSISTANCE_PLAN,
}
# The county's case workers answer for every step; the county leader hears when they miss one.
RESPONSIBLE = {
    "report_acceptance": Responsible(
        WORKER, "county", Role.LEADER, "county", "强制报告未按时受理或筛除", severity="urgent"
    ),
    "urgent_acceptance": Responsible(
        WORKER, "county", Role.LEADER, "county", "紧急强制报告未按时受理或筛除", severity="urgent"
    ),
    "emergency_response": Responsible(
        WORKER, "county", Role.LEADER, "county", "紧急案件未按时应急处置", severity="urgent"
    ),
    "assessment": Responsible(WORKER, "county", Role.LEADER, "county", "强制报告案件评估超期"),
    "assistance_plan": Responsible(WORKER, "county", Role.LEADER, "county", "帮扶计划制定超期"),
}


URGENT_ACCEPTANCE = CaseDeadline(
    URGENT_ACCEPTANCE_HOURS,
    frozenset({S.REPORTED}),
    "urgent",
    doc="a report filed as urgent is accepted or screened out in hours, weekends included",
)
URGENT = CaseDeadline(
    EMERGENCY,
    frozenset({S.ACCEPTED}),
    "urgent",
    doc="An urgent case's first deadline after acceptance is the emergency response",
)


def _action(
    name: str,
    sources: Iterable[str],
    dest: str | None,
    roles: Iterable[Role] = (WORKER,),
    **kw: Any,
) -> Action:
    return Action(name, tuple(sources), dest, frozenset(roles), **kw)


ACTIONS = (
    _action(
        "file",
        (),
        S.REPORTED,
        REPORTERS,
        payload=p.ReportPayload,
        party=step.reporter_of_county,
        build=step.file,
        # the public web form files through its county's account, which stands for the public
        context_roles={"public_form": frozenset({Role.SYSTEM})},
        doc="anyone may report",
    ),
    _action(
        "accept",
        (S.REPORTED,),
        S.ACCEPTED,
        payload=p.AcceptPayload,
        effect=step.accept,
        doc="may re-grade the urgency and link the child's file",
    ),
    _action(
        "screen_out",
        (S.REPORTED,),
        S.SCREENED_OUT,
        needs_reason=True,
        payload=p.ScreenOutPayload,
        effect=step.screen_out,
        doc="unfounded, or a duplicate of another case",
    ),
    _action(
        "link_child",
        (S.REPORTED, *OPEN),
        None,
        payload=p.LinkChildPayload,
        effect=step.link_child,
        doc="the child's file, once the child is identified",
    ),
    _action(
        "respond",
        (S.ACCEPTED,),
        S.EMERGENCY_RESPONSE,
        payload=p.EmergencyPayload,
        effect=step.respond,
        doc="police involvement and temporary placement",
    ),
    _action("start_assessment", (S.ACCEPTED, S.EMERGENCY_RESPONSE), S.ASSESSMENT),
    _action(
        "record_assessment",
        (S.ASSESSMENT,),
        S.ASSISTANCE,
        payload=p.AssessmentPayload,
        effect=step.record_assessment,
        doc="findings and risk level; assistance starts",
    ),
    _action(
        "link_benefit",
        (S.ASSISTANCE, S.MONITORING),
        None,
        payload=p.BenefitPayload,
        effect=step.link_benefit,
        doc="a benefit of the county's list on the child's file: department, amount, dates",
    ),
    _action(
        "open_rehab_application",
        (S.ASSISTANCE, S.MONITORING),
        None,
        payload=p.RehabReferralPayload,
        guard=step.rehab_guard,
        effect=step.open_rehab_application,
        doc="a linked rehab-aid application for a disabled child",
    ),
    _action(
        "record_assistance_plan",
        (S.ASSISTANCE,),
        S.MONITORING,
        payload=p.AssistancePlanPayload,
        effect=step.record_assistance_plan,
        doc="the plan is in place; follow-up visits every 14 days",
    ),
    _action(
        "intervene",
        INTERVENING_FROM,
        S.GUARDIANSHIP_INTERVENTION,
        payload=p.MeasurePayload,
        effect=step.record_measure,
        doc="warning, entrusted temporary guardianship or court petition",
    ),
    _action(
        "record_measure",
        (S.GUARDIANSHIP_INTERVENTION,),
        None,
        payload=p.MeasurePayload,
        effect=step.record_measure,
        doc="a further guardianship measure",
    ),
    _action("resume_monitoring", (S.GUARDIANSHIP_INTERVENTION,), S.MONITORING, needs_reason=True),
    _action(
        "close", (S.MONITORING,), S.CLOSED, payload=p.ClosePayload, effect=step.close, doc="outcome"
    ),
    _action(
        "reopen",
        (S.CLOSED,),
        S.ASSESSMENT,
        needs_reason=True,
        effect=step.reopen,
        doc="new concerns: assess again",
    ),
)


def sees_file(actor: Actor, place_path: str) -> bool:
    """Protection staff see the case files of their place (and the scheduler every one)."""
    if actor.role == Role.SYSTEM:
        return True
    if actor.role not in PROTECTION_ROLES:
        return False
    return bool(actor.place_path) and place_path.startswith(actor.place_path)


def visible(actor: Actor, case: Case) -> bool:
    """The case file: protection staff of the case's place. Whoever filed the report follows it
    through a receipt (services/reports.receipt), never through the file: a teacher who
    reported has no business reading the assessment, the police note or the placement."""
    return sees_file(actor, case.place_path)


def follows(actor: Actor, case: Case) -> bool:
    """The reporter of the case, who may read its receipt."""
    return actor.id is not None and actor.id == case.reported_by_id


def receipt_state(state: str) -> ReportState:
    """The state as a reporter may know it: awaiting a decision, accepted (however the case
    is handled since), screened out or closed."""
    if state in (S.REPORTED, S.SCREENED_OUT, S.CLOSED):
        return ReportState(state)
    return S.ACCEPTED


def snapshot() -> ModelSelect:
    r = ReportCase
    return r.select(
        r.id,
        r.state,
        r.version,
        r.due_at,
        r.urgent,
        r.county,
        r.child,
        r.reported_by,
        Place.path.alias("place_path"),
    ).join(Place, on=(r.place == Place.id))


REPORT = Workflow(
    name="report",
    model=ReportCase,
    states=ReportState,
    initial=S.REPORTED,
    actions=ACTIONS,
    deadlines=DEADLINES,
    visible=visible,
    snapshot=snapshot,
    terminal=frozenset({S.SCREENED_OUT, S.CLOSED}),
    case_deadlines=(URGENT_ACCEPTANCE, URGENT),
    responsible=RESPONSIBLE,
)
