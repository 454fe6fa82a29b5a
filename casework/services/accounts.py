"""Users, passwords and API tokens, and the Actor a signed-in user acts as."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from functools import cache

from peewee import JOIN, IntegrityError

from casework.db import db, execute_prepared, write_transaction
from casework.errors import (
    REQUIRED,
    Conflict,
    FieldError,
    Invalid,
    NotPermitted,
    Unauthenticated,
    not_found,
    not_one_of,
    outside_scope,
)
from casework.models import ApiToken, Institution, Place, Province, User
from casework.services import audit
from casework.vocabulary import Department, PlaceLevel, Role
from casework.workflows.definition import SYSTEM, Actor

# Roles that work at county level; the others sit in a township, a village or an institution.
COUNTY_ROLES = {
    Role.INTAKE_CLERK,
    Role.REVIEWER,
    Role.SETTLEMENT_AUDITOR,
    Role.FINANCE_OFFICER,
    Role.CASE_WORKER,
    Role.LEADER,
    Role.ADMIN,
}
ROLE_LEVEL = {
    Role.CHILD_SUPERVISOR: PlaceLevel.TOWNSHIP,
    Role.CHILD_DIRECTOR: PlaceLevel.VILLAGE,
    Role.TEACHER: PlaceLevel.TOWNSHIP,
}
PLACE_REQUIRED = {  # the message on the place of a user whose role works at that level
    PlaceLevel.COUNTY: FieldError("a county is required", code="county_place_required"),
    PlaceLevel.TOWNSHIP: FieldError("a township is required", code="township_place_required"),
    PlaceLevel.VILLAGE: FieldError("a village is required", code="village_place_required"),
}
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, salt, digest = stored.split("$")
    except ValueError:
        return False
    cost = {**SCRYPT, "n": int(n)}  # the cost it was hashed with, so costs can rise later
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **cost)
    return hmac.compare_digest(candidate.hex(), digest)


def actor_for(user: User) -> Actor:
    path = user.place.path if user.place_id else ""
    return Actor(user.id, Role(user.role), user.name, user.place_id, path, user.institution_id,
                 user.department, user.province_id)  # fmt: skip


USERNAME_LENGTH = (3, 64)  # characters, and no spaces
MAX_NAME = 100


def _check_names(username: str, name: str) -> None:
    """A username and a name as every caller must give them (the API and the admin's page)."""
    problems = {}
    low, high = USERNAME_LENGTH
    if not low <= len(username) <= high or any(c.isspace() for c in username):
        message = f"{low} to {high} characters, without spaces"
        problems["username"] = [
            FieldError(message, code="username_form", params={"min": low, "max": high})
        ]
    if not name:
        problems["name"] = [REQUIRED]
    elif len(name) > MAX_NAME:
        message = f"Longer than maximum length {MAX_NAME}."
        problems["name"] = [FieldError(message, code="too_long", params={"max": MAX_NAME})]
    if problems:
        raise Invalid("the username or the name is not valid", problems, code="invalid_names")


def create_user(
    admin: Actor | None,
    *,
    username: str,
    name: str,
    role: str,
    password: str,
    place_id: int | None = None,
    institution_id: int | None = None,
    email: str = "",
    department: str | None = None,
    province_id: int | None = None,
    now: dt.datetime,
) -> User:
    """Create a user; `admin` None is the command line, which may create anyone (a province's
    officer only there: no county admin answers for a province)."""
    if admin is not None and admin.role != Role.ADMIN:
        raise NotPermitted("only the county's admin creates users", code="admin_only")
    try:
        role = Role(role)
    except ValueError:
        raise Invalid("unknown role", {"role": [not_one_of(Role)]}, code="unknown_role") from None
    if admin is not None and role == Role.SYSTEM:  # the system acts everywhere: no such logins
        raise Invalid(
            "the system role is not given to people",
            {"role": [FieldError("not assignable", code="role_not_assignable")]},
            code="role_not_assignable",
        )
    _check_names(username, name)
    check_new_password(password, "password")
    if admin is not None and role == Role.PROVINCE_OFFICER:
        raise NotPermitted(
            "a province's officers are created on the command line",
            code="province_officer_by_operator",
        )
    _check_binding(role, place_id, institution_id)
    province_id = _check_province(role, province_id)
    department = check_department(role, department)
    if admin is not None:
        _check_county(admin, place_id, institution_id)
    with write_transaction():
        try:
            user = User.create(
                username=username,
                name=name,
                role=role,
                place=place_id,
                institution=institution_id,
                department=department,
                province=province_id,
                email=email,
                password_hash=hash_password(password),
                created_at=now,
            )
        except IntegrityError:
            raise Conflict(
                f"username {username!r} is taken",
                code="username_taken",
                params={"username": username},
            ) from None
        changes: dict[str, list] = {"username": [None, username], "role": [None, role.value]}
        if department:
            changes["department"] = [None, department]
        if province_id:
            changes["province_id"] = [None, province_id]
        audit.record("user", user.id, "create", admin or SYSTEM, now, changes)
    return user


def list_users(admin: Actor) -> list[User]:
    """The users of the admin's county: those placed in its tree and its institutions' staff."""
    return list(User.select().where(_of_county(admin)).order_by(User.id))


def _of_county(admin: Actor):
    """The where-clause of the admin's county's users (see list_users)."""
    if admin.role != Role.ADMIN or admin.county_id is None:
        raise NotPermitted("only a county admin lists users", code="admin_only")
    in_tree = Place.select(Place.id).where(Place.path.startswith(admin.place_path))
    staff = Institution.select(Institution.id).where(Institution.county == admin.county_id)
    return User.place.in_(in_tree) | User.institution.in_(staff)


def get_user(actor: Actor) -> User:
    """The signed-in user's own record."""
    return User.get_by_id(actor.id)


def _check_province(role: Role, province_id: object) -> int | None:
    """A province's officer names their province and nothing else names one (422 naming the
    `province_id` field)."""
    if role != Role.PROVINCE_OFFICER:
        if province_id:
            raise Invalid(
                f"a {role} belongs to no province",
                {"province_id": [FieldError("must be empty", code="must_be_empty")]},
                code="role_takes_no_province",
                params={"role": str(role)},
            )
        return None
    known = type(province_id) is int and Province.get_or_none(id=province_id) is not None
    if not known:
        problem = (
            REQUIRED if not province_id else FieldError("no such province", code="no_such_province")
        )
        raise Invalid("a province's officer needs their province", {"province_id": [problem]},
                      code="province_required")  # fmt: skip
    return province_id  # type: ignore[return-value]


def _check_binding(role: Role, place_id: int | None, institution_id: int | None) -> None:
    if role == Role.PROVINCE_OFFICER:  # above the place tree: their province is their scope
        if place_id or institution_id:
            field = "place_id" if place_id else "institution_id"
            raise Invalid(
                "a province's officer takes no place and no institution",
                {field: [FieldError("must be empty", code="must_be_empty")]},
                code="province_officer_takes_no_place",
            )
        return
    if role == Role.INSTITUTION_STAFF:
        if not institution_id or not Institution.get_or_none(id=institution_id):
            raise Invalid(
                "institution staff need an institution",
                {"institution_id": [REQUIRED]},
                code="institution_required",
            )
        if place_id:  # their place is the institution's: a second one would contradict it
            raise Invalid(
                "institution staff take no place",
                {"place_id": [FieldError("must be empty", code="must_be_empty")]},
                code="staff_take_no_place",
            )
        return
    if institution_id:
        raise Invalid(
            f"a {role} works for no institution",
            {"institution_id": [FieldError("must be empty", code="must_be_empty")]},
            code="role_takes_no_institution",
            params={"role": str(role)},
        )
    place = Place.get_or_none(id=place_id) if place_id else None
    level = PlaceLevel.COUNTY if role in COUNTY_ROLES else ROLE_LEVEL.get(role)
    if role == Role.DEPARTMENT_STAFF and place is not None:  # the county's office or a township's
        level = place.level if place.level != PlaceLevel.VILLAGE else PlaceLevel.TOWNSHIP
    if place is None or (level and place.level != level):
        raise Invalid(
            f"a {role} needs a {level} place",
            {"place_id": [PLACE_REQUIRED.get(level, REQUIRED)]},
            code="role_needs_place",
            params={"role": str(role), "level": str(level)},
        )


def check_post(admin: Actor, role: object, place_id: object, institution_id: object) -> Role:
    """A post (role with its place or institution) the county admin may give in the county:
    refused as creating a user there would be (422 naming the field, 403 another county)."""
    try:
        post = Role(str(role))
    except ValueError:
        raise Invalid("unknown role", {"role": [not_one_of(Role)]}, code="unknown_role") from None
    if post == Role.SYSTEM:
        raise Invalid(
            "the system role is not given to people",
            {"role": [FieldError("not assignable", code="role_not_assignable")]},
            code="role_not_assignable",
        )
    if post == Role.PROVINCE_OFFICER:
        raise NotPermitted(
            "a province's officers are created on the command line",
            code="province_officer_by_operator",
        )
    place = place_id if isinstance(place_id, int) and not isinstance(place_id, bool) else None
    institution = institution_id if isinstance(institution_id, int) else None
    _check_binding(post, place, institution)
    _check_county(admin, place, institution)
    return post


def _check_county(admin: Actor, place_id, institution_id) -> None:
    county = _county_of(place_id, institution_id)
    if admin.role != Role.ADMIN or county != admin.county_id:
        raise NotPermitted(
            "only the county's admin creates users in that county", code="admin_only"
        )


def check_department(role: Role, department: object) -> str | None:
    """A department's staff name their department; no one else has one (422 naming the
    `department` field)."""
    if role != Role.DEPARTMENT_STAFF:
        if department:
            raise Invalid(
                f"a {role} belongs to no department",
                {"department": [FieldError("must be empty", code="must_be_empty")]},
                code="role_takes_no_department",
                params={"role": str(role)},
            )
        return None
    if not isinstance(department, str) or department not in set(Department):
        problem = REQUIRED if not department else not_one_of(Department)
        raise Invalid("a department's staff need their department", {"department": [problem]},
                      code="department_required")  # fmt: skip
    return department


def _county_of(place_id, institution_id) -> int:
    if institution_id:
        return Institution.get_by_id(institution_id).county_id
    return Place.get_by_id(place_id).county_id


def issue_token(user: User, now: dt.datetime, days: int = 90, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is kept, so show it once."""
    token = secrets.token_urlsafe(32)
    keep_token(user, token, now, days, label)
    return token


def keep_token(user: User, token: str, now: dt.datetime, days: int, label: str = "") -> None:
    """Store the hash of a token chosen elsewhere: the demo's published, well-known tokens."""
    with write_transaction():
        ApiToken.create(
            user=user.id,
            token_hash=_digest(token),
            label=label,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )


def authenticate(token: str, now: dt.datetime) -> Actor:
    """The actor a bearer token stands for. Every API request runs this, so the statement is
    built once per database and run with parameters: building it through the ORM each time
    cost more than the rest of a typical action (docs/engineering.md, "Where the ORM costs")."""
    row = execute_prepared(_token_sql(db.obj), (_digest(token), now, True)).fetchone()
    if row is None:
        raise Unauthenticated("the token is unknown, expired or revoked", code="unknown_token")
    user_id, role, name, place_id, path, institution_id, department, province_id = row
    return Actor(user_id, Role(role), name, place_id, path or "", institution_id, department,
                 province_id)  # fmt: skip


@cache
def _token_sql(database) -> str:
    query = (
        ApiToken.select(
            User.id,
            User.role,
            User.name,
            User.place,
            Place.path,
            User.institution,
            User.department,
            User.province,
        )
        .join(User)
        .join(Place, JOIN.LEFT_OUTER, on=(User.place == Place.id))
        .where(
            ApiToken.token_hash == "?",
            ApiToken.revoked_at.is_null(),
            ApiToken.expires_at > dt.datetime.min,
            User.active == True,  # noqa: E712 - a peewee expression, not a comparison
        )
    )
    sql, params = query.sql()
    assert len(params) == 3, params  # token hash, now, active: the order execute_sql passes
    return sql


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


token_digest = _digest  # what is stored of a token, for services/tokens


def authenticate_password(username: str, password: str) -> User:
    """The active user with this username and password (sign-in on the pages)."""
    user = (
        User.select(User, Place)
        .join(Place, join_type=JOIN.LEFT_OUTER)
        .where(User.username == (username or "").strip())
        .first()
    )
    stored = user.password_hash if user and user.active else ""
    # hash even when the user is unknown, so the answer takes as long either way
    matches = check_password(password or "", stored or _unusable_hash())
    if not (user and user.active and stored and matches):
        raise Unauthenticated("wrong username or password", code="wrong_credentials")
    return user


def _unusable_hash() -> str:
    """A well-formed hash no password matches, at the current cost."""
    return f"scrypt${SCRYPT['n']}${'00' * 16}${'00' * 64}"


def signed_in_user(user_id: int) -> User | None:
    """The user a session names, if it still exists and may sign in."""
    return (
        User.select(User, Place)
        .join(Place, join_type=JOIN.LEFT_OUTER)
        .where(User.id == user_id, User.active)
        .first()
    )


def end_sessions(user_id: int) -> None:
    """Sign the user out everywhere: every page session begun before now names an older
    generation and is no longer signed in (web.pages.session). One statement: two sign-outs
    at once both raise it."""
    with write_transaction():
        User.update(session_generation=User.session_generation + 1).where(
            User.id == user_id
        ).execute()


def change_password(actor: Actor, current: str, new: str, now: dt.datetime) -> User:
    """Replace the signed-in user's password after checking the current one."""
    user = User.get_by_id(actor.id)
    if not check_password(current or "", user.password_hash):
        raise Invalid(
            "the current password is wrong",
            {"current_password": [FieldError("wrong password", code="wrong_password")]},
            code="wrong_current_password",
        )
    check_new_password(new, "new_password")
    if new == current:
        raise Invalid(
            "the new password is the old one",
            {"new_password": [FieldError("same as the current", code="same_password")]},
            code="same_password",
        )
    with write_transaction():
        User.update(password_hash=hash_password(new)).where(User.id == user.id).execute()
        audit.record("user", user.id, "change_password", actor, now, {"password": ["***", "***"]})
    return User.get_by_id(user.id)


def check_new_password(password: str | None, field: str) -> None:
    """The rule every new password follows, whoever sets it."""
    if len(password or "") < MIN_PASSWORD:
        short = FieldError(
            f"at least {MIN_PASSWORD} characters", code="too_short", params={"min": MIN_PASSWORD}
        )
        raise Invalid(
            "password too short",
            {field: [short]},
            code="password_too_short",
            params={"min": MIN_PASSWORD},
        )


def county_user(admin: Actor, user_id: int) -> User:
    """A user of the admin's county; another county's user is refused, an unknown one 404."""
    if admin.role != Role.ADMIN:
        raise NotPermitted("only the county's admin manages users", code="admin_only")
    user = User.get_or_none(id=user_id)
    if user is None:
        raise not_found("user", user_id)
    if not User.select().where(User.id == user.id, _of_county(admin)).exists():
        raise outside_scope("user", user_id)
    return user


def set_active(admin: Actor, user_id: int, active: bool, now: dt.datetime) -> User:
    """Let a user of the county sign in and use the API again, or stop them (county admin).
    An inactive user keeps their records; their sessions and tokens stop working."""
    user = county_user(admin, user_id)
    if user.id == admin.id and not active:  # the county would be left without its admin
        raise Invalid(
            "you cannot deactivate your own account",
            {"active": [FieldError("your own account", code="own_account")]},
            code="own_account",
        )
    if user.active != active:
        with write_transaction():
            User.update(active=active).where(User.id == user.id).execute()
            action = "activate" if active else "deactivate"
            audit.record("user", user.id, action, admin, now, {"active": [user.active, active]})
    return User.get_by_id(user.id)


def reset_password(admin: Actor, user_id: int, password: str, now: dt.datetime) -> User:
    """Give a user of the county a new password to hand over (county admin); the new hash
    signs out the user's open sessions (web/pages/session.py fingerprints it)."""
    user = county_user(admin, user_id)
    check_new_password(password, "password")
    with write_transaction():
        User.update(password_hash=hash_password(password)).where(User.id == user.id).execute()
        audit.record("user", user.id, "reset_password", admin, now, {"password": ["***", "***"]})
    return User.get_by_id(user.id)
