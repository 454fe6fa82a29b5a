"""Home-delivered education (送教上门) as the people who arrange it see it: the children taught
at home in one's area and where each stands against the minimum (2 lessons of 2 class hours a
month, 40 class hours a school year), one enrolment with its lessons, and the teachers who may
be chosen. Enrolling and ending are casework.services.visits' (enrol_home_education)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.errors import NotPermitted, not_found, outside_scope
from casework.models import Child, HomeEducation, Place, User, Visit
from casework.rules import visits as rules
from casework.services import children, visit_schedule
from casework.services.visits import ENROLLERS, require_enroller
from casework.vocabulary import PlaceLevel, Role, VisitKind
from casework.workflows.definition import Actor

# who sees the enrolments of their area: those who arrange them, the teachers (their own
# children), the village child director and the county leader
READERS = ENROLLERS | {Role.CHILD_DIRECTOR, Role.LEADER}


@dataclass(frozen=True)
class Enrolment:
    enrolment: HomeEducation
    child: Child
    village: str
    teacher: str
    standing: rules.HomeEducationDue | None  # None once ended (the ended list)


@dataclass(frozen=True)
class EnrolmentRecord:
    enrolment: HomeEducation
    child: Child
    teacher: User | None
    lessons: list[Visit]
    standing: rules.HomeEducationDue | None
    hours_in_total: int


def _require_reader(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotPermitted(
            f"role {actor.role} does not see home education",
            code="role_sees_no_home_education",
            params={"role": str(actor.role)},
        )


def _scoped(actor: Actor):
    query = (
        HomeEducation.select(HomeEducation, Child, Place)
        .join(Child)
        .join(Place, on=(Child.place == Place.id))
    )
    # the standings' own scope (a SYSTEM actor, seeing all there, is not a reader here)
    return visit_schedule.home_education_scope(actor, query)


def list_enrolments(actor: Actor, today: dt.date, *, current: bool = True) -> list[Enrolment]:
    """Enrolments in the actor's area: the current ones (behind the minimum first), or the
    ended ones, latest first."""
    _require_reader(actor)
    # the same test as the standings': listed as current exactly when it has one. A start
    # is never a future day (visits._not_ahead), so an enrolment not running has ended.
    running = HomeEducation.running(today)
    query = _scoped(actor).where(running if current else ~running)
    rows = list(query.order_by(HomeEducation.started_on.desc(), HomeEducation.id.desc()))
    standings = visit_schedule.home_education_standings(actor, today) if current else {}
    names = _teacher_names({r.teacher_id for r in rows})
    found = [
        Enrolment(r, r.child, r.child.place.name, names.get(r.teacher_id, ""), standings.get(r.id))
        for r in rows
    ]
    order = {rules.Status.OVERDUE: 0, rules.Status.DUE: 1}
    return sorted(found, key=lambda e: order.get(e.standing.status, 2) if e.standing else 3)


def _teacher_names(ids: set) -> dict[int, str]:
    ids = {i for i in ids if i}
    return dict(User.select(User.id, User.name).where(User.id.in_(ids)).tuples()) if ids else {}


def get_enrolment(actor: Actor, enrolment_id: int, today: dt.date) -> EnrolmentRecord:
    """One enrolment in the actor's area with its lessons (home-education visits), newest
    first, and where it stands today."""
    _require_reader(actor)
    enrolment = HomeEducation.get_or_none(id=enrolment_id)
    if enrolment is None:
        raise not_found("home-education enrolment", enrolment_id)
    if not _scoped(actor).where(HomeEducation.id == enrolment_id).exists():
        raise outside_scope("home-education enrolment", enrolment_id)
    lessons = list(
        Visit.select(Visit, User)
        .join(User, on=(Visit.visitor == User.id))
        .where(
            Visit.child == enrolment.child_id,
            Visit.kind == VisitKind.HOME_EDUCATION,
            Visit.visited_on >= enrolment.started_on,
        )
        .order_by(Visit.visited_on.desc(), Visit.id.desc())
    )
    if enrolment.ended_on:
        lessons = [v for v in lessons if v.visited_on <= enrolment.ended_on]
    only = visit_schedule.home_education_standings(actor, today, enrolment_id=enrolment.id)
    standing = only.get(enrolment.id)
    teacher = User.get_or_none(id=enrolment.teacher_id) if enrolment.teacher_id else None
    hours = sum(v.class_hours or 0 for v in lessons)
    return EnrolmentRecord(enrolment, enrolment.child, teacher, lessons, standing, hours)


def current_enrolment(actor: Actor, child_id: int, today: dt.date) -> HomeEducation | None:
    """The child's enrolment running today (its last day included), if any (the child must be
    in the actor's area)."""
    children.get_child(actor, child_id)
    return HomeEducation.get_or_none(
        (HomeEducation.child == child_id) & HomeEducation.running(today)
    )


def teachers_for(actor: Actor) -> list[tuple[User, Place]]:
    """The active teachers of the townships in the actor's area, with their township: those
    a child of the area may be enrolled with (each child with a teacher of its own township)."""
    require_enroller(actor)
    query = (
        User.select(User, Place)
        .join(Place, on=(User.place == Place.id))
        .where(
            User.role == Role.TEACHER,
            User.active == True,  # noqa: E712 (a peewee expression)
            Place.level == PlaceLevel.TOWNSHIP,
            Place.path.startswith(actor.place_path or "-"),
        )
        .order_by(Place.path, User.name)
    )
    return [(user, user.place) for user in query]
