"""API tokens a user holds: listed, issued and revoked by their owner, or by the admin of the
owner's county. A token expires on its own (settings.token_days by default)."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_found, outside_scope
from casework.models import ApiToken, User
from casework.services import accounts, audit
from casework.vocabulary import Role
from casework.workflows.definition import Actor

# what a token's owner may ask for, through the API or the tokens page alike (the command
# line, the operator's tool, may issue for longer)
MAX_DAYS, MAX_LABEL = 365, 100


def _user_in_reach(actor: Actor, user_id: int | None) -> User:
    """The actor themself, or (for a county admin) a user of their county."""
    if user_id is None or user_id == actor.id:
        return User.get_by_id(actor.id)
    if actor.role != Role.ADMIN:
        raise NotPermitted("only the county admin manages other users' tokens", code="admin_only")
    user = User.get_or_none(id=user_id)
    if user is None:
        raise not_found("user", user_id)
    if user.id not in {u.id for u in accounts.list_users(actor)}:
        raise outside_scope("user", user_id)
    return user


def list_tokens(actor: Actor, user_id: int | None = None) -> list[ApiToken]:
    user = _user_in_reach(actor, user_id)
    return list(ApiToken.select().where(ApiToken.user == user.id).order_by(ApiToken.id.desc()))


def default_days(configured: int) -> int:
    """The lifetime of a token asked for without one: the configured (CASEWORK_TOKEN_DAYS),
    within what an owner may ask."""
    return min(configured, MAX_DAYS)


def issuing_token(token: str) -> int | None:
    """The id of the token a request authenticated with, to issue another with it."""
    row = ApiToken.get_or_none(ApiToken.token_hash == accounts.token_digest(token))
    return None if row is None else row.id


def issue(
    actor: Actor,
    now: dt.datetime,
    *,
    label: str,
    days: int | None,
    issued_by_token: int | None = None,
):
    """A new token for the actor themself; returns (row, token) and the token is shown once.
    The label tells one's tokens apart when one is to be revoked, so it is required. A token
    issued with another (`issued_by_token`) is revoked with it."""
    label = (label or "").strip()
    problems = {}
    if not 1 <= len(label) <= MAX_LABEL:
        message = f"a name of at most {MAX_LABEL} characters is required"
        problems["label"] = [FieldError(message, code="token_label", params={"max": MAX_LABEL})]
    if type(days) is not int or not 1 <= days <= MAX_DAYS:  # a bool is no number of days
        message = f"a whole number of days from 1 to {MAX_DAYS}"
        problems["days"] = [FieldError(message, code="token_days", params={"max": MAX_DAYS})]
    if problems:
        raise Invalid("the token asked for is not valid", problems, code="invalid_token_request")
    user = User.get_by_id(actor.id)
    with write_transaction():
        token = accounts.issue_token(user, now, days=days, label=label)
        row = ApiToken.select().where(ApiToken.user == user.id).order_by(ApiToken.id.desc()).get()
        if issued_by_token is not None:
            ApiToken.update(issued_by_token=issued_by_token).where(ApiToken.id == row.id).execute()
        audit.record("user", user.id, "issue_token", actor, now, {"token": [None, row.id]})
    return row, token


def revoke(actor: Actor, token_id: int, now: dt.datetime) -> ApiToken:
    """Revoke a token at once, and every token issued with it (and with those, on down): a
    stolen token must not leave behind a successor. Revoking a revoked token changes nothing."""
    row = ApiToken.get_or_none(id=token_id)
    if row is None:
        raise not_found("token", token_id)
    _user_in_reach(actor, row.user_id)
    with write_transaction():
        for found in _with_issued(row):
            if found.revoked_at is None:
                ApiToken.update(revoked_at=now).where(ApiToken.id == found.id).execute()
                change = {"token": [found.id, None]}
                audit.record("user", found.user_id, "revoke_token", actor, now, change)
    return ApiToken.get_by_id(row.id)


def _with_issued(row: ApiToken) -> list[ApiToken]:
    """The token and those issued with it, transitively (a few at most: each needs a request)."""
    found, frontier = [row], [row.id]
    while frontier:
        issued = list(ApiToken.select().where(ApiToken.issued_by_token.in_(frontier)))
        issued = [t for t in issued if t.id not in {f.id for f in found}]
        found += issued
        frontier = [t.id for t in issued]
    return found
