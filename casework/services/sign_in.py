"""Password sign-in with a lock-out: after `failures` wrong passwords for a username within
`minutes`, that username is locked until `minutes` after its last failure, or until the admin
unlocks it. The answer for an unknown username is the same, so the lock reveals nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from casework.db import write_transaction
from casework.errors import NotPermitted, TooManyRequests, Unauthenticated
from casework.models import SignInFailure, User
from casework.services import accounts, audit
from casework.vocabulary import Role
from casework.workflows.definition import Actor


@dataclass(frozen=True)
class LockPolicy:
    failures: int = 5
    minutes: int = 15


def locked_until(username: str, now: dt.datetime, policy: LockPolicy) -> dt.datetime | None:
    """When the username's lock ends, or None when it is not locked."""
    return _locks([username], now, policy).get(username)


def _locks(usernames: list[str], now: dt.datetime, policy: LockPolicy) -> dict[str, dt.datetime]:
    """The locked ones of `usernames`, each with the moment its lock ends: `failures` failures
    inside the window lock a username until the latest one's time plus the window."""
    since = now - dt.timedelta(minutes=policy.minutes)
    last = fn.MAX(SignInFailure.at).alias("last")
    failing = (
        SignInFailure.select(SignInFailure.username, last)
        .where(SignInFailure.at > since, SignInFailure.username.in_(usernames or [""]))
        .group_by(SignInFailure.username)
        .having(fn.COUNT(SignInFailure.id) >= policy.failures)
    )
    return {row.username: row.last + dt.timedelta(minutes=policy.minutes) for row in failing}


def sign_in(
    username: str,
    password: str,
    now: dt.datetime,
    *,
    policy: LockPolicy,
    client_address: str = "",
) -> User:
    """The user, or Unauthenticated (wrong password) / TooManyRequests (locked out)."""
    username = (username or "").strip()
    _refuse_if_locked(username, now, policy)
    try:
        user = accounts.authenticate_password(username, password)
    except Unauthenticated:
        with write_transaction():
            SignInFailure.create(
                username=username[:150], at=now, client_address=client_address[:100]
            )
        _refuse_if_locked(username, now, policy)
        raise
    with write_transaction():
        SignInFailure.delete().where(SignInFailure.username == username).execute()
    return user


def _refuse_if_locked(username: str, now: dt.datetime, policy: LockPolicy) -> None:
    until = locked_until(username, now, policy)
    if until is not None:
        minutes = max(1, int((until - now).total_seconds() + 59) // 60)
        raise TooManyRequests(
            f"signing in is locked after {policy.failures} failed attempts: try again in "
            f"{minutes} minutes or ask your county admin to unlock it",
            code="sign_in_locked",
            params={"count": policy.failures, "minutes": minutes},
            retry_after=minutes * 60,
            minutes=minutes,
        )


def locked_users(
    admin: Actor, now: dt.datetime, policy: LockPolicy, users: list[User] | None = None
) -> list[tuple[User, dt.datetime]]:
    """The county's users locked out now, each with the moment the lock ends (county admin).
    `users`: the county's users when the caller has already read them (accounts.list_users)."""
    if admin.role != Role.ADMIN:
        raise NotPermitted("only the county admin unlocks users", code="admin_only")
    by_name = {u.username: u for u in (accounts.list_users(admin) if users is None else users)}
    found = [(by_name[name], until) for name, until in _locks(list(by_name), now, policy).items()]
    return sorted(found, key=lambda pair: pair[0].id)


def unlock(admin: Actor, user_id: int, now: dt.datetime) -> User:
    """Lift a lock-out at once (the county admin, for a user of the county)."""
    if admin.role != Role.ADMIN:
        raise NotPermitted("only the county admin unlocks users", code="admin_only")
    user = accounts.county_user(admin, user_id)
    with write_transaction():
        SignInFailure.delete().where(SignInFailure.username == user.username).execute()
        audit.record("user", user.id, "unlock", admin, now, {"locked": [True, False]})
    return user
