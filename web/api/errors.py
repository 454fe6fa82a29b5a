"""Every error leaves the API as application/problem+json (RFC 9457)."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from casework.errors import DomainError, FieldError, Invalid, TooManyRequests
from web import statuses
from web.access import log_refusal
from web.security import with_allow

PROBLEM = "application/problem+json"
# marshmallow's own field messages carry no code: these are named, any other is "invalid"
# (a value of the wrong type or form: "Not a valid integer.", "Not a valid date." ...)
MARSHMALLOW_CODES = {
    "Missing data for required field.": "required",
    "Field may not be null.": "required",
    "Unknown field.": "unknown_field",
}


def problem(status: int, title: str, detail: str, **extra):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM
    return response


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        status, title = statuses.answer(exc)
        extra = dict(exc.extra)
        if isinstance(exc, Invalid):
            extra |= with_codes(field_errors(exc.fields))
        response = problem(status, title, exc.detail, code=exc.code, params=exc.params, **extra)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        if status == 403:
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
            return problem(exc.code or 422, "Invalid input", detail, code="invalid_input",
                           **with_codes(errors))  # fmt: skip
        code = exc.name.lower().replace(" ", "_").replace("'", "")  # "Not Found": "not_found"
        response = problem(exc.code or 500, exc.name, exc.description or exc.name, code=code)
        return with_allow(response, exc)


def _without_locations(messages: dict) -> dict:
    """webargs nests errors by location (json, query...); clients want the fields."""
    merged: dict = {}
    for location in messages.values():
        merged.update(location if isinstance(location, dict) else {"_schema": location})
    return merged


def with_codes(errors: dict[str, list]) -> dict:
    """The problem's members for field errors: `errors`, each field's messages in English as
    ever, and `error_codes`, beside each message its code and params."""
    return {
        "errors": {name: [str(m) for m in messages] for name, messages in errors.items()},
        "error_codes": {name: [coded(m) for m in messages] for name, messages in errors.items()},
    }


def coded(message: str) -> dict:
    if isinstance(message, FieldError):
        return {"code": message.code, "params": message.params}
    return {"code": MARSHMALLOW_CODES.get(message, "invalid"), "params": {}}


def field_errors(messages, prefix: str = "") -> dict[str, list[str]]:
    """{field: [message]} with nested fields as dotted paths ("guardians.0.name"); each message
    as raised (a FieldError keeps its code)."""
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
