"""Staff who leave: what waits on a user moves to a successor the county admin chooses.

Cases are held by a role in a place (the county's case worker, the village's child director):
the reminder scan routes each open reminder to whoever active holds it then
(casework.reminders.scope), so a deactivated user's reminders would leave them at the next
scan anyway; handing them over moves them at once, to the successor chosen. What names one
person, and so stays with a user who left, is:
- the open reminders assigned to them, and those escalated to them;
- the home-education children they teach (an enrolment not ended), whose lessons are the
  visits they are due to make;
- their API tokens. These are revoked, never handed on: whoever leaves may keep a copy of the
  secret, so the successor is issued tokens of their own.

`preview` lists it; `hand_over` moves exactly what it lists then, in one transaction with one
audit row, and refuses (nothing written) when the list changed since the preview the admin
confirmed (`expected`, the preview's fingerprint). A successor has the same role and the same
place (or institution), and department for a department's staff, and is active, so the work
lands where it belongs.

A user who leaves is deactivated in the same step (`deactivate`); a user who moves to another
post in the county (another role, place or institution, or department) is given it in the same
step (`moves_to`; a department's staff post names its department): what waited on them in the
old post goes to its successor, and the scans route the new post's reminders to them from then
on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from peewee import fn

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotFound, NotPermitted
from casework.models import ApiToken, HomeEducation, Reminder, User
from casework.rules.deadlines import local_date
from casework.services import audit
from casework.services.accounts import check_department, check_post, county_user, list_users
from casework.vocabulary import Role
from casework.workflows.definition import Actor

KINDS = ("reminders", "escalations", "enrolments", "tokens")


@dataclass(frozen=True)
class Work:
    """The ids of what waits on one user, by kind (KINDS)."""

    reminders: tuple[int, ...] = ()  # open reminders assigned to the user
    escalations: tuple[int, ...] = ()  # open reminders escalated to the user
    enrolments: tuple[int, ...] = ()  # home-education enrolments they teach, not ended
    tokens: tuple[int, ...] = ()  # live API tokens (revoked, not moved)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(getattr(self, kind)) for kind in KINDS}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def fingerprint(self) -> str:
        """Names this exact list: a hand-over confirmed on it moves nothing else."""
        text = ";".join(f"{k}:{','.join(map(str, getattr(self, k)))}" for k in KINDS)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Handover:
    user: User
    successor: User
    work: Work


@dataclass(frozen=True)
class Post:
    """Where a user works: a role with its place, or institution staff with their institution;
    a department's staff also name their department (required for them, refused for others)."""

    role: object
    place_id: object = None
    institution_id: object = None
    department: object = None


def work_of(user_id: int, now: dt.datetime) -> Work:
    """What waits on the user now."""
    today = local_date(now)
    open_reminders = Reminder.select(Reminder.id).where(Reminder.state == "open")

    def ids(query) -> tuple[int, ...]:
        return tuple(sorted(row[0] for row in query.tuples()))

    he = HomeEducation
    return Work(
        reminders=ids(open_reminders.where(Reminder.assignee == user_id)),
        escalations=ids(open_reminders.where(Reminder.escalated_to == user_id)),
        enrolments=ids(
            he.select(he.id).where(
                he.teacher == user_id, he.ended_on.is_null() | (he.ended_on >= today)
            )
        ),
        tokens=ids(
            ApiToken.select(ApiToken.id).where(
                ApiToken.user == user_id, ApiToken.revoked_at.is_null(), ApiToken.expires_at > now
            )
        ),
    )


def preview(admin: Actor, user_id: int, successor_id: object, now: dt.datetime) -> Handover:
    """What would move from the user to the successor (refused as `hand_over` would be)."""
    user = county_user(admin, user_id)
    successor = _successor(admin, user, successor_id)
    return Handover(user, successor, work_of(user.id, now))


def hand_over(
    admin: Actor,
    user_id: int,
    successor_id: object,
    now: dt.datetime,
    *,
    deactivate: bool = False,
    expected: str | None = None,
    moves_to: Post | None = None,
) -> Handover:
    """Move the user's work to the successor (and stop the user, with `deactivate`, or give
    them their new post, with `moves_to`): what moved is returned, exactly what `preview`
    listed when `expected` is its fingerprint."""
    user = county_user(admin, user_id)
    successor = _successor(admin, user, successor_id)
    if (deactivate or moves_to) and user.id == admin.id:  # the county would lose its admin
        own = FieldError("your own account", code="own_account")
        raise Invalid(
            "you cannot deactivate or move your own account", {"active": [own]},
            code="own_account",
        )  # fmt: skip
    if deactivate and moves_to:
        both = FieldError("deactivate, or move: not both", code="leave_or_move")
        raise Invalid("a user leaves or moves", {"deactivate": [both]}, code="leave_or_move")
    new_post = _new_post(admin, user, moves_to) if moves_to else None
    with write_transaction():
        work = work_of(user.id, now)
        if expected is not None and expected != work.fingerprint:
            raise Conflict(
                "the work waiting on the user changed since the preview",
                code="handover_changed",
                params={"user": user.id},
            )
        if work.reminders:
            # reached the successor now, and is e-mailed to them, as the scan's routing does
            Reminder.update(assignee=successor.id, reached_at=now, emailed_at=None).where(
                Reminder.id.in_(work.reminders)
            ).execute()
        if work.escalations:
            Reminder.update(escalated_to=successor.id, escalation_emailed_at=None).where(
                Reminder.id.in_(work.escalations)
            ).execute()
        if work.enrolments:
            HomeEducation.update(teacher=successor.id).where(
                HomeEducation.id.in_(work.enrolments)
            ).execute()
        if work.tokens:
            ApiToken.update(revoked_at=now).where(ApiToken.id.in_(work.tokens)).execute()
        changes: dict[str, list] = {"successor": [None, successor.id]}
        changes |= {kind: [list(getattr(work, kind)), []] for kind in KINDS if getattr(work, kind)}
        if deactivate and user.active:
            User.update(active=False).where(User.id == user.id).execute()
            changes["active"] = [True, False]
        if new_post is not None:
            role, place, institution, department = new_post
            User.update(
                role=role, place=place, institution=institution, department=department
            ).where(User.id == user.id).execute()
            changes["role"] = [user.role, role.value]
            changes["place"] = [user.place_id, place]
            changes["institution"] = [user.institution_id, institution]
            if department or user.department:
                changes["department"] = [user.department, department]
        audit.record("user", user.id, "hand_over", admin, now, changes)
    return Handover(User.get_by_id(user.id), successor, work)


def candidates(admin: Actor, user_id: int) -> list[User]:
    """The users who may succeed the user: active, same role, same place or institution (and
    the same department, for a department's staff)."""
    user = county_user(admin, user_id)
    return [
        u
        for u in list_users(admin)
        if u.id != user.id
        and u.active
        and u.role == user.role
        and (u.place_id, u.institution_id) == (user.place_id, user.institution_id)
        and u.department == user.department
    ]


def left_with_inactive(admin: Actor, now: dt.datetime) -> list[tuple[User, Work]]:
    """The county's inactive users with work still waiting on them."""
    inactive = [u for u in list_users(admin) if not u.active]
    if not inactive:
        return []
    ids = [u.id for u in inactive]
    # one grouped count first: most inactive users hold nothing, and need no listing
    open_reminders = Reminder.select(Reminder.assignee, Reminder.escalated_to).where(
        Reminder.state == "open", Reminder.assignee.in_(ids) | Reminder.escalated_to.in_(ids)
    )
    holding = {i for row in open_reminders.tuples() for i in row}
    teachers = HomeEducation.select(fn.DISTINCT(HomeEducation.teacher))
    holding |= {r[0] for r in teachers.where(HomeEducation.teacher.in_(ids)).tuples()}
    owners = ApiToken.select(fn.DISTINCT(ApiToken.user)).where(ApiToken.revoked_at.is_null())
    holding |= {r[0] for r in owners.where(ApiToken.user.in_(ids)).tuples()}
    found = [(u, work_of(u.id, now)) for u in inactive if u.id in holding]
    return [(u, w) for u, w in found if w.total]


def _new_post(
    admin: Actor, user: User, post: Post
) -> tuple[Role, int | None, int | None, str | None]:
    """The post the user moves to, checked as creating a user there would be (a department's
    staff with their department), and not theirs."""
    role = check_post(admin, post.role, post.place_id, post.institution_id)
    department = check_department(role, post.department or None)
    place = post.place_id if isinstance(post.place_id, int) else None
    institution = post.institution_id if isinstance(post.institution_id, int) else None
    now_at = (user.role, user.place_id, user.institution_id, user.department)
    if (role, place, institution, department) == now_at:
        same = FieldError("the user already works there", code="same_post")
        raise Invalid("the user already holds that post", {"role": [same]}, code="same_post")
    return role, place, institution, department


# Why a successor is refused, each its own code (a 422 that names the successor field).
UNKNOWN = FieldError("no such user in your county", code="unknown_successor")
THE_USER = FieldError("a user cannot succeed themselves", code="successor_is_the_user")
INACTIVE = FieldError("the successor is deactivated", code="successor_inactive")
WRONG_ROLE = FieldError("the successor has another role", code="successor_wrong_role")
WRONG_PLACE = FieldError("the successor works in another place", code="successor_wrong_place")
WRONG_DEPARTMENT = FieldError(
    "the successor works for another department", code="successor_wrong_department"
)


def _successor(admin: Actor, user: User, successor_id: object) -> User:
    found: User | None = None
    if isinstance(successor_id, int) and not isinstance(successor_id, bool):
        try:
            found = county_user(admin, successor_id)
        except (NotFound, NotPermitted):  # another county's user is not told apart from none
            found = None
    if found is None:
        problem = UNKNOWN
    elif found.id == user.id:
        problem = THE_USER
    elif not found.active:
        problem = INACTIVE
    elif found.role != user.role:
        problem = WRONG_ROLE
    elif (found.place_id, found.institution_id) != (user.place_id, user.institution_id):
        problem = WRONG_PLACE
    elif found.department != user.department:  # a department's work stays in the department
        problem = WRONG_DEPARTMENT
    else:
        return found
    params = {"user": user.id, "successor": successor_id}
    raise Invalid(str(problem), {"successor_id": [problem]}, code=problem.code, params=params)
