"""Every error leaves the API as application/problem+json (RFC 9457)."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from casework.errors import DomainError, Invalid, TooManyRequests
from web.access import log_refusal

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM
    return response


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        extra = dict(exc.extra)
        if isinstance(exc, Invalid):
            extra["errors"] = field_errors(exc.fields)
        response = problem(exc.status, exc.title, exc.detail, **extra)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        if exc.status == 403:
            log_refusal(exc)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        data = getattr(exc, "data", None) or {}  # webargs puts field errors here
        if "messages" in data:
            errors = field_errors(_without_locations(data["messages"]))
            named = [name for name in errors if name != "_schema"]
            detail = (
                f"check these fields: {', '.join(named)}"
                if named
                else " ".join(errors.get("_schema", ["the request is not valid"]))
            )
            return problem(exc.code or 422, "Invalid input", detail, errors=errors)
        return problem(exc.code or 500, exc.name, exc.description or exc.name)


def _without_locations(messages: dict) -> dict:
    """webargs nests errors by location (json, query...); clients want the fields."""
    merged: dict = {}
    for location in messages.values():
        merged.update(location if isinstance(location, dict) else {"_schema": location})
    return merged


def field_errors(messages, prefix: str = "") -> dict[str, list[str]]:
    """{field: [message]} with nested fields as dotted paths ("guardians.0.name")."""
    if isinstance(messages, str):
        return {prefix or "_schema": [messages]}
    if isinstance(messages, list):
        if all(isinstance(m, str) for m in messages):
            return {prefix or "_schema": list(messages)}
        flat: dict[str, list[str]] = {}
        for message in messages:
            flat |= field_errors(message, prefix)
        return flat
    flat = {}
    for name, inner in messages.items():
        flat |= field_errors(inner, f"{prefix}.{name}" if prefix else str(name))
    return flat
