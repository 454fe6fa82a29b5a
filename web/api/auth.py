"""Bearer-token authentication: each request acts as the token's user."""

from __future__ import annotations

from functools import wraps

from flask import g, request

from casework.errors import Unauthenticated
from casework.services.accounts import authenticate
from casework.workflows.definition import Actor
from web import security
from web.api.common import now


def current_actor() -> Actor:
    """The authenticated actor of this request (401 without a valid token)."""
    if "actor" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("send 'Authorization: Bearer <token>'", code="token_missing")
        # A valid token is served even from an address over its failed-token limit (one
        # office behind one address must not lose the API for a minute to one bad script):
        # a guess still costs a lookup and answers 429, and 256 random bits are not guessed.
        try:
            actor = authenticate(token.strip(), now())  # the app's clock, as tokens are issued
        except Unauthenticated:
            security.limit_bad_token()
            raise
        security.limit_token(token.strip())
        g.actor = actor
    return g.actor


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(current_actor(), *args, **kwargs)

    return wrapper
