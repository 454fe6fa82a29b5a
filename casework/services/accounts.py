"""Users, passwords and API tokens, and the Actor a signed-in user acts as."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from functools import cache

from peewee import JOIN, IntegrityError

from casework.db import db, write_transaction
from casework.errors import Conflict, Invalid, NotPermitted, Unauthenticated
from casework.models import ApiToken, Institution, Place, User
from casework.services import audit
from casework.vocabulary import PlaceLevel, Role
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
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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
    return Actor(user.id, Role(user.role), user.name, user.place_id, path, user.institution_id)


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
    now: dt.datetime,
) -> User:
    """Create a user; `admin` None is the command line, which may create anyone."""
    try:
        role = Role(role)
    except ValueError:
        raise Invalid("unknown role", {"role": [f"one of {', '.join(Role)}"]}) from None
    if len(password) < 8:
        raise Invalid("password too short", {"password": ["at least 8 characters"]})
    _check_binding(role, place_id, institution_id)
    if admin is not None:
        county = _county_of(place_id, institution_id)
        if admin.role != Role.ADMIN or county != admin.county_id:
            raise NotPermitted("only the county's admin creates users in that county")
    with write_transaction():
        try:
            user = User.create(
                username=username,
                name=name,
                role=role,
                place=place_id,
                institution=institution_id,
                email=email,
                password_hash=hash_password(password),
                created_at=now,
            )
        except IntegrityError:
            raise Conflict(f"username {username!r} is taken") from None
        changes = {"username": [None, username], "role": [None, role.value]}
        audit.record("user", user.id, "create", admin or SYSTEM, now, changes)
    return user


def _check_binding(role: Role, place_id: int | None, institution_id: int | None) -> None:
    if role == Role.INSTITUTION_STAFF:
        if not institution_id or not Institution.get_or_none(id=institution_id):
            raise Invalid("institution staff need an institution", {"institution_id": ["required"]})
        return
    place = Place.get_or_none(id=place_id) if place_id else None
    level = PlaceLevel.COUNTY if role in COUNTY_ROLES else ROLE_LEVEL.get(role)
    if place is None or (level and place.level != level):
        raise Invalid(f"a {role} needs a {level} place", {"place_id": [f"a {level} is required"]})


def _county_of(place_id, institution_id) -> int:
    if institution_id:
        return Institution.get_by_id(institution_id).county_id
    return Place.get_by_id(place_id).county_id


def issue_token(user: User, now: dt.datetime, days: int = 90, label: str = "") -> str:
    """A new bearer token for `user`; only its hash is kept, so show it once."""
    token = secrets.token_urlsafe(32)
    ApiToken.create(
        user=user.id,
        token_hash=_digest(token),
        label=label,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return token


def authenticate(token: str, now: dt.datetime) -> Actor:
    """The actor a bearer token stands for. Every API request runs this, so the statement is
    built once per database and run with parameters: building it through the ORM each time
    cost more than the rest of a typical action (ENGINEERING.md, "Where the ORM costs")."""
    row = db.execute_sql(_token_sql(db.obj), (_digest(token), now, True)).fetchone()
    if row is None:
        raise Unauthenticated("the token is unknown, expired or revoked")
    user_id, role, name, place_id, path, institution_id = row
    return Actor(user_id, Role(role), name, place_id, path or "", institution_id)


@cache
def _token_sql(database) -> str:
    query = (
        ApiToken.select(User.id, User.role, User.name, User.place, Place.path, User.institution)
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
