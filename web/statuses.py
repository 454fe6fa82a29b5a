"""The HTTP status (and the API's problem title) that answers each kind of domain refusal: a
choice of the web layer, made once for the API and the pages."""

from __future__ import annotations

from casework.errors import (
    Conflict,
    DomainError,
    Invalid,
    InvalidTransition,
    NotFound,
    NotPermitted,
    TooLarge,
    TooManyRequests,
    Unauthenticated,
    UnsupportedType,
)

ANSWERS: dict[type[DomainError], tuple[int, str]] = {
    DomainError: (400, "Bad request"),
    Unauthenticated: (401, "Authentication required"),
    NotPermitted: (403, "Not permitted"),
    NotFound: (404, "Not found"),
    Conflict: (409, "Conflict"),
    InvalidTransition: (409, "Action not allowed now"),
    TooLarge: (413, "Too large"),
    UnsupportedType: (415, "Unsupported type"),
    Invalid: (422, "Invalid input"),
    TooManyRequests: (429, "Too many requests"),
}


def answer(exc: DomainError) -> tuple[int, str]:
    """(status, title) of the nearest kind of `exc` (a subclass answers as its parent)."""
    return next(ANSWERS[kind] for kind in type(exc).__mro__ if kind in ANSWERS)


def status(exc: DomainError) -> int:
    return answer(exc)[0]
