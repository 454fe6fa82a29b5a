"""Every error leaves the API as application/problem+json (RFC 9457)."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from casework.errors import DomainError, Invalid

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
            extra["errors"] = exc.fields
        response = problem(exc.status, exc.title, exc.detail, **extra)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        extra = {}
        data = getattr(exc, "data", None)  # webargs puts field errors here
        if data and "messages" in data:
            extra["errors"] = _flatten(data["messages"])
        detail = "the request is not valid" if extra else (exc.description or exc.name)
        return problem(exc.code or 500, exc.name, detail, **extra)


def _flatten(messages: dict) -> dict:
    """webargs nests errors by location (json, query...); clients want the fields."""
    merged: dict = {}
    for location in messages.values():
        merged.update(location if isinstance(location, dict) else {"_": location})
    return merged
