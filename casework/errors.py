"""Domain errors. The web layer maps each to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the domain raises. `code` is stable (clients and the pages'
    message catalogue key on it) and `params` fill its message; `detail` is English, for logs
    and API clients, and may be reworded freely."""

    status = 400
    title = "Bad request"
    code = "refused"  # the class's default code, for raisers that name none yet

    def __init__(self, detail: str, *, code: str | None = None, params: dict | None = None,
                 **extra):  # fmt: skip
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.params = params or {}
        self.extra = extra


class NotFound(DomainError):
    status = 404
    title = "Not found"


class NotPermitted(DomainError):
    status = 403
    title = "Not permitted"


class Unauthenticated(DomainError):
    status = 401
    title = "Authentication required"


class Conflict(DomainError):
    """The record changed under the caller, or the action is not open in its state."""

    status = 409
    title = "Conflict"


class InvalidTransition(Conflict):
    title = "Action not allowed now"


class Invalid(DomainError):
    """Input that breaks a rule; `fields` maps each offending field to its messages."""

    status = 422
    title = "Invalid input"

    def __init__(self, detail: str, fields: dict[str, list[str]] | None = None, **extra):
        super().__init__(detail, **extra)  # code=, params= pass through
        self.fields = fields or {}


class TooLarge(DomainError):
    status = 413
    title = "Too large"


class UnsupportedType(DomainError):
    status = 415
    title = "Unsupported type"


class TooManyRequests(DomainError):
    """Too many attempts: a rate limit or a locked sign-in; `retry_after` in seconds."""

    status = 429
    title = "Too many requests"

    @property
    def retry_after(self) -> int:
        """Seconds until the next attempt may pass (a minute when the raiser did not say)."""
        return self.extra.get("retry_after", 60)
