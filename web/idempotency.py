"""The `Idempotency-Key` header on the writes a phone makes (a visit, a report): the routes
that take it are wrapped in `idempotent(who)`, which does the write once per (user, key) and
answers a replay with the first answer (status, body, Location), marked `Idempotent-Replayed`.
A request without the header (or the form field `idempotency_key`, which the pages' forms
carry for a double tap) is done as always. The keys live in casework.services.idempotency."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Response, make_response, request

from casework.services import idempotency
from casework.workflows.definition import Actor
from web.clock import now

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"  # the same, in a form posted without script (a double tap online)
KEPT_HEADERS = ("Location", "Content-Type")
UNCOMPARED = {"csrf_token", FIELD}


def idempotent(who: Callable[[], Actor]):
    """Wrap a write view: `who()` is the signed-in actor (the API's bearer token, the pages'
    session), whose keys are their own."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            key = request.headers.get(HEADER) or request.form.get(FIELD)
            if key is None or request.method != "POST":
                return view(*args, **kwargs)
            actor = who()
            assert actor.id is not None  # a signed-in user, never the system

            def write() -> idempotency.Answer:
                response = make_response(view(*args, **kwargs))
                kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
                body = response.get_data(as_text=True)
                return idempotency.Answer(response.status_code, body, kept)

            endpoint = f"{request.method} {request.path}"
            answer = idempotency.run_once(actor.id, key, endpoint, _body(), now(), write)
            response = Response(answer.body, status=answer.status, headers=answer.headers)
            if answer.replayed:
                response.headers["Idempotent-Replayed"] = "true"
            return response

        return wrapper

    return decorate


def _body() -> bytes:
    """The request as sent, for comparing a replay with the first: the raw body, or for a
    form the fields without the CSRF token (a new token after signing in again is the same
    visit)."""
    if request.form:
        fields = sorted((k, v) for k, v in request.form.items(multi=True) if k not in UNCOMPARED)
        return repr(fields).encode()
    return request.get_data()
