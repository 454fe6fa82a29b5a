"""Visits to children: regular visits (定期走访), follow-ups of report cases in monitoring, and
home-delivered education (送教上门), with the enrolment of a child in home education."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validates_schema

from casework.db import write_transaction
from casework.errors import REQUIRED, Conflict, FieldError, Invalid, NotPermitted, not_found
from casework.models import Child, HomeEducation, Place, ReportCase, User, Visit
from casework.rules import visit_risks
from casework.rules.deadlines import local_date
from casework.services import audit, children
from casework.vocabulary import (
    HarmType,
    ParentsContact,
    PlaceLevel,
    RiskFlag,
    Role,
    Schooling,
    VisitFlag,
    VisitKind,
)
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.payloads import Range, load_payload, one_of, text
from casework.workflows.register import RegisterState
from casework.workflows.report import OPEN, REPORT

VISITORS = {
    VisitKind.REGULAR: {Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER},
    VisitKind.MONITORING: {Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER},
    VisitKind.HOME_EDUCATION: {Role.TEACHER},
}
ENROLLERS = {Role.CHILD_SUPERVISOR, Role.CASE_WORKER, Role.TEACHER}
FOLLOWED_UP = frozenset(OPEN)  # the report cases that take follow-up visits


def may_follow_up(actor: Actor, case_state: str) -> bool:
    """May `actor` record a follow-up visit to a report case in `case_state`?"""
    return actor.role in VISITORS[VisitKind.MONITORING] and case_state in FOLLOWED_UP


class VisitPayload(Schema):
    visited_on = fields.Date(required=True)
    kind = fields.String(required=True, validate=one_of(VisitKind))
    child_id = fields.Integer(load_default=None)
    case_id = fields.Integer(load_default=None, metadata={"description": "a report case"})
    findings = text(max_length=10000)
    next_steps = text(required=False, max_length=10000)
    class_hours = fields.Integer(load_default=None, validate=Range(min=1, max=12))
    subject = text(required=False, max_length=100)
    # what the visit found, field by field (each may be left out)
    carer = text(required=False, max_length=100)
    care_adequate = fields.Boolean(
        load_default=None, metadata={"description": "is the carer's care adequate"}
    )
    schooling = fields.String(load_default=None, validate=one_of(Schooling))
    health = text(required=False)
    safety = text(required=False)
    needs = text(required=False)
    parents_contact = fields.String(load_default=None, validate=one_of(ParentsContact))
    risk_flags = fields.List(
        fields.String(validate=one_of(RiskFlag)),
        load_default=list,
        metadata={"description": "risks seen; some are grounds for a mandatory report"},
    )

    @validates_schema
    def fits_the_kind(self, data, **kwargs):
        errors = _contradictions(data)
        if data["kind"] == VisitKind.MONITORING and not data.get("case_id"):
            message = "a follow-up visit belongs to a report case"
            errors["case_id"] = [FieldError(message, code="follow_up_needs_case")]
        if data["kind"] != VisitKind.MONITORING and not data.get("child_id"):
            errors["child_id"] = [REQUIRED]
        needed = FieldError("required for home education", code="home_education_needs_it")
        if data["kind"] == VisitKind.HOME_EDUCATION:
            if not data.get("class_hours"):
                errors["class_hours"] = [needed]
            if not data.get("subject", "").strip():
                errors["subject"] = [needed]
        elif data.get("class_hours"):
            message = "only home-education visits have class hours"
            errors["class_hours"] = [FieldError(message, code="class_hours_only_home_education")]
        if errors:
            raise ValidationError(errors)


def _contradictions(data: dict) -> dict[str, list[FieldError]]:
    """Findings that cannot all be true of one visit."""
    flags, errors = set(data.get("risk_flags") or ()), {}
    at_school = data.get("schooling") in (Schooling.ATTENDING, Schooling.NOT_SCHOOL_AGE)
    if RiskFlag.DROPPED_OUT in flags and at_school:
        message = "a child attending school (or not of school age) has not dropped out"
        errors["risk_flags"] = [FieldError(message, code="contradicts_schooling")]
    if RiskFlag.NO_CARER in flags and data.get("care_adequate"):
        message = "a child without a carer is not adequately cared for"
        errors["care_adequate"] = [FieldError(message, code="contradicts_no_carer")]
    return errors


def record_visit(
    actor: Actor,
    payload: dict,
    now: dt.datetime,
    *,
    report: dict | None = None,
    captured_offline: bool = False,
) -> Visit:
    """Record a visit the actor made; the child (or case) must be in their area. With
    `report` (open_report's payload), the mandatory report its risks call for is filed in
    the same transaction: both or neither.

    A visit `captured_offline` (on a phone without a signal, sent later) is not refused when
    its child has meanwhile moved out of the actor's area or left the register: what was seen
    on the visit is kept, flagged for the township supervisor (`Visit.flag`)."""
    data = load_payload(VisitPayload, payload)
    kind = VisitKind(data["kind"])
    if actor.role not in VISITORS[kind]:
        raise NotPermitted(
            f"role {actor.role} does not make {kind} visits",
            code="role_makes_no_visits",
            params={"role": str(actor.role), "kind": str(kind)},
        )
    if data["visited_on"] > local_date(now):
        raise Invalid(
            "a date is in the future",
            {"visited_on": [FieldError("cannot be in the future", code="in_future")]},
            code="date_in_future",
        )
    case = _case(actor, data["case_id"]) if data["case_id"] else None
    child_id = data["child_id"] or (case.child_id if case else None)
    if case and data["child_id"] and case.child_id not in (None, data["child_id"]):
        raise Invalid(
            "the case is about another child",
            {"child_id": [FieldError("not the case's child", code="case_of_another_child")]},
            code="case_of_another_child",
        )
    flag = ""
    if child_id and captured_offline:
        child, flag = _child_meanwhile(actor, child_id)
    else:
        child = children.get_child(actor, child_id) if child_id else None
    if kind == VisitKind.HOME_EDUCATION:
        _require_enrolled(child, data["visited_on"])
    with write_transaction():
        visit = Visit.create(
            visitor=actor.id,
            visited_on=data["visited_on"],
            child=child.id if child else None,
            case=case.id if case else None,
            place=_place_of(actor, child, flag) if child else case.place_id,
            kind=kind,
            findings=data["findings"],
            next_steps=data["next_steps"],
            class_hours=data["class_hours"],
            subject=data["subject"],
            **{name: data[name] for name in FOUND},
            risk_flags=[str(f) for f in visit_risks.in_order(data["risk_flags"])],
            created_at=now,
            flag=flag,
        )
        changes = {"visited_on": [None, data["visited_on"].isoformat()], "kind": [None, kind]}
        changes |= {"flag": [None, flag]} if flag else {}
        changes |= {k: [None, v] for k, v in (("child", visit.child_id), ("case", visit.case_id))}
        if visit.risk_flags:
            changes["risk_flags"] = [None, visit.risk_flags]
        audit.record("visit", visit.id, "record", actor, now, changes)
        if report is not None:
            open_report(actor, visit.id, report, now)
            visit = Visit.get_by_id(visit.id)
    return visit


# The structured findings, as the payload and the row name them.
FOUND = ("carer", "care_adequate", "schooling", "health", "safety", "needs", "parents_contact")


class VisitReportPayload(Schema):
    """A mandatory report from a visit: each field left out is filled from the visit."""

    harm_type = fields.String(
        load_default=None,
        validate=one_of(HarmType),
        metadata={"description": "default: from the gravest risk flag"},
    )
    urgent = fields.Boolean(
        load_default=None, metadata={"description": "default: a flag that cannot wait"}
    )
    facts = text(required=False, max_length=10000)
    reporter_organisation = text(required=False, max_length=200)
    reporter_phone = text(required=False, max_length=40)


def visible_visit(actor: Actor, visit_id: int) -> Visit:
    """A visit of the actor's area (or one they made); 404 otherwise, as for a missing one."""
    visit = (
        Visit.select(Visit, Place)
        .join(Place, on=(Visit.place == Place.id))
        .where(
            Visit.id == visit_id,
            Place.path.startswith(actor.place_path or "-") | (Visit.visitor == actor.id),
        )
        .first()
    )
    if visit is None:
        raise not_found("visit", visit_id)
    return visit


def report_draft(visit: Visit) -> dict:
    """The report a visit's risks call for, as the filing form starts from it."""
    flags: list[str] = visit.risk_flags or []
    harm = visit_risks.harm_for(flags)
    parts = [
        ("照料人", visit.carer),
        ("健康", visit.health),
        ("安全", visit.safety),
        ("需求", visit.needs),
        ("走访情况", visit.findings),
    ]
    return {
        "harm_type": harm.value if harm else None,
        "urgent": visit_risks.urgent_for(flags),
        "facts": visit_risks.facts_of(visit.visited_on.isoformat(), flags, parts),
    }


def _described(visit: Visit) -> str:
    """Who a follow-up of a case without a child's file was about: as its case says."""
    case = ReportCase.get_by_id(visit.case_id)
    return case.child_description or f"报告案件#{case.id}所涉儿童"


def open_report(actor: Actor, visit_id: int, payload: dict | None, now: dt.datetime) -> ReportCase:
    """File the mandatory report a visit's risk flags call for, pre-filled from the visit
    (the report workflow's `file`, through engine.create), and link it to the visit."""
    data = load_payload(VisitReportPayload, payload)
    visit = visible_visit(actor, visit_id)
    if not visit.risk_flags:
        raise Conflict(
            "the visit saw no risk: file a report from the reports page",
            code="visit_without_risk",
            params={"id": visit.id},
        )
    if visit.opened_report_id is not None:
        raise Conflict(
            f"report case {visit.opened_report_id} was filed from this visit",
            code="visit_report_filed",
            params={"id": visit.opened_report_id},
        )
    draft = report_draft(visit)
    harm = data["harm_type"] or draft["harm_type"]
    if harm is None:
        message = "none of the visit's risks names a harm: say which"
        raise Invalid(
            "say which harm",
            {"harm_type": [FieldError(message, code="harm_type_needed")]},
            code="harm_type_needed",
        )
    report = {
        "reporter_name": actor.name,
        "reporter_organisation": data["reporter_organisation"],
        "reporter_phone": data["reporter_phone"],
        "child_id": visit.child_id,
        "child_description": "" if visit.child_id else _described(visit),
        "place_id": visit.place_id,
        "harm_type": harm,
        "urgent": draft["urgent"] if data["urgent"] is None else data["urgent"],
        "facts": data["facts"].strip() or draft["facts"],
    }
    with write_transaction():
        case = engine.create(REPORT, actor, report, now=now, visit=visit.id).case.record
        updated = (
            Visit.update(opened_report=case.id)
            .where(Visit.id == visit.id, Visit.opened_report.is_null())
            .execute()
        )
        if not updated:  # filed meanwhile by someone else: this one is rolled back
            raise Conflict(
                "a report was filed from this visit meanwhile",
                code="visit_report_filed",
                params={"id": Visit.get_by_id(visit.id).opened_report_id},
            )
        audit.record("visit", visit.id, "open_report", actor, now, {"report": [None, case.id]})
    return case


def _child_meanwhile(actor: Actor, child_id: int) -> tuple[Child, str]:
    """The child of a visit captured offline, and the flag it earns if the register changed
    since: moved out of the actor's area, or off the register."""
    child = Child.get_or_none(id=child_id)
    if child is None:
        raise not_found("child", child_id)
    if not children.scoped(actor).where(Child.id == child_id).exists():
        return child, VisitFlag.CHILD_MOVED
    if child.state != RegisterState.ON_REGISTER:
        return child, VisitFlag.CHILD_LEFT_REGISTER
    return child, ""


def _place_of(actor: Actor, child: Child, flag: str) -> int:
    """The village of a visit: the child's, or for a child who had moved away, the village the
    visitor works in (where the visit was made, and whose supervisor sees the flag)."""
    if flag == VisitFlag.CHILD_MOVED and actor.place_id is not None:
        return actor.place_id
    return child.place_id


def flagged_visits(actor: Actor, limit: int = 100) -> list[Visit]:
    """Visits in the actor's area flagged when sent from a phone, newest first: the township
    supervisor's list of visits to look at."""
    area = Place.select(Place.id).where(Place.path.startswith(actor.place_path or "-"))
    query = (
        Visit.select(Visit, User, Child)
        .join(User, on=(Visit.visitor == User.id))
        .switch(Visit)
        .join(Child, on=(Visit.child == Child.id))
        .where(Visit.flag != "", Visit.place.in_(area))
        .order_by(Visit.created_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return list(query)


def _case(actor: Actor, case_id: int) -> ReportCase:
    snapshot = engine.load_visible(REPORT, case_id, actor)
    if snapshot.state not in FOLLOWED_UP:
        raise Conflict(
            f"report case {case_id} is {snapshot.state}: no follow-up visits now",
            code="case_takes_no_visits",
            params={"id": case_id, "state": snapshot.state},
        )
    return snapshot.record


def _require_enrolled(child: Child, day: dt.date) -> None:
    enrolled = HomeEducation.select().where(
        HomeEducation.child == child.id, HomeEducation.running(day)
    )
    if not enrolled.exists():
        raise Conflict(
            f"{child.name} was not taught at home on {day}: enrol the child first",
            code="not_taught_at_home",
            params={"child": child.name, "day": day.isoformat()},
        )


def list_visits(
    actor: Actor, *, child_id: int | None = None, case_id: int | None = None, limit: int = 100
) -> list[Visit]:
    """Visits to a child or a case the actor may see, newest first."""
    if child_id is None and case_id is None:
        message = "child_id or case_id is required"
        raise Invalid(
            "say whose visits",
            {"child_id": [FieldError(message, code="child_or_case_required")]},
            code="child_or_case_required",
        )
    query = Visit.select(Visit, User).join(User, on=(Visit.visitor == User.id))
    if child_id is not None:
        children.get_child(actor, child_id)
        query = query.where(Visit.child == child_id)
    if case_id is not None:
        engine.load_visible(REPORT, case_id, actor)
        query = query.where(Visit.case == case_id)
    return list(query.order_by(Visit.visited_on.desc(), Visit.id.desc()).limit(limit))


class EnrolmentPayload(Schema):
    """An enrolment as the API and the page take it (enrol_home_education's `data`)."""

    child_id = fields.Integer(required=True)
    teacher_id = fields.Integer(required=True)
    school = text(required=False, max_length=100)
    started_on = fields.Date(load_default=None, metadata={"description": "default: today"})


def enrol_home_education(actor: Actor, data: dict, now: dt.datetime) -> HomeEducation:
    """Start home-delivered education for a child, taught by a teacher of the township."""
    require_enroller(actor)
    child = children.get_child(actor, data.get("child_id"))
    teacher = User.get_or_none(id=data.get("teacher_id"), role=Role.TEACHER)
    township = Place.get_by_id(child.place.parent_id)
    if teacher is None or not (teacher.place_id and township.level == PlaceLevel.TOWNSHIP):
        raise Invalid(
            "unknown teacher",
            {"teacher_id": [FieldError("must be a teacher", code="unknown_teacher")]},
            code="unknown_teacher",
        )
    if teacher.place_id != township.id:
        other = FieldError("not the child's township", code="teacher_of_another_township")
        raise Invalid("teacher of another township", {"teacher_id": [other]}, code=other.code)
    started_on = data.get("started_on") or local_date(now)
    _not_ahead("started_on", started_on, now)
    with write_transaction():
        current = HomeEducation.get_or_none(child=child.id, ended_on=None)
        if current:
            raise Conflict(
                "the child is already taught at home",
                code="already_taught_at_home",
                existing_id=current.id,
            )
        enrolment = HomeEducation.create(
            child=child.id, teacher=teacher.id, school=data.get("school", ""), started_on=started_on
        )
        changes = {"child": [None, child.id], "teacher": [None, teacher.id]}
        changes["started_on"] = [None, started_on.isoformat()]
        audit.record("home_education", enrolment.id, "enrol", actor, now, changes)
    return enrolment


def require_enroller(actor: Actor) -> None:
    """Refuse anyone who may not enrol children in home education (or end it)."""
    if actor.role not in ENROLLERS:
        raise NotPermitted(
            f"role {actor.role} does not enrol children in home education",
            code="role_enrols_no_children",
            params={"role": str(actor.role)},
        )


def _not_ahead(field: str, day: dt.date, now: dt.datetime) -> None:
    """Home education is recorded as it happens: a start or end is never a future day."""
    if day > local_date(now):
        raise Invalid(
            f"{field} is in the future",
            {field: [FieldError("a date is in the future", code="date_in_future")]},
            code="date_in_future",
        )


def end_home_education(
    actor: Actor, enrolment_id: int, ended_on: dt.date, now: dt.datetime
) -> HomeEducation:
    require_enroller(actor)
    enrolment = HomeEducation.get_or_none(id=enrolment_id)
    if enrolment is None:
        raise not_found("home-education enrolment", enrolment_id)
    children.get_child(actor, enrolment.child_id)
    if actor.role == Role.TEACHER and enrolment.teacher_id != actor.id:
        # as the enrolments a teacher sees: their own (home_education_scope)
        raise NotPermitted(
            "a teacher ends only the home education they give", code="not_your_home_education"
        )
    _not_ahead("ended_on", ended_on, now)
    if enrolment.ended_on is not None:
        raise Conflict(
            f"it ended on {enrolment.ended_on}",
            code="home_education_ended",
            params={"ended_on": enrolment.ended_on.isoformat()},
        )
    if ended_on < enrolment.started_on:
        raise Invalid(
            "ends before it started",
            {"ended_on": [FieldError("before started_on", code="before_start")]},
            code="ends_before_start",
        )
    with write_transaction():
        HomeEducation.update(ended_on=ended_on).where(HomeEducation.id == enrolment.id).execute()
        audit.record(
            "home_education", enrolment.id, "end", actor, now, {"ended_on": [None, str(ended_on)]}
        )
    return HomeEducation.get_by_id(enrolment.id)
