"""Domain errors. Each names a stable `code` and the `params` of its message; which HTTP status
answers it is the web layer's choice (web/statuses.py)."""

from __future__ import annotations


class FieldError(str):
    """One message on one field of an Invalid: its English text (what the API answers, so it
    is a str) carrying a stable `code` and the `params` of its message, by which the pages say
    it in their own language. marshmallow's own messages stay plain strings."""

    code: str
    params: dict

    def __new__(cls, message: str, *, code: str, params: dict | None = None) -> FieldError:
        error = super().__new__(cls, message)
        error.code = code
        error.params = params or {}
        return error

    def __getnewargs_ex__(self):  # copy and pickle rebuild it with its code
        return (str(self),), {"code": self.code, "params": self.params}

    def format(self, *args, **kwargs) -> FieldError:
        """Formatted, still with its code: marshmallow formats the messages it is given."""
        return FieldError(super().format(*args, **kwargs), code=self.code, params=self.params)


class DomainError(Exception):
    """Base of every refusal the domain raises. `code` is stable (clients and the pages'
    message catalogue key on it) and `params` fill its message; `detail` is English, for logs
    and API clients, and may be reworded freely. `extra` goes into the API's answer as is."""

    # set on a refusal of a record outside the actor's scope, for the access log only:
    # (kind of record, its id, its county's id)
    record: tuple[str, int, int | None]

    def __init__(self, detail: str, *, code: str, params: dict | None = None, **extra):
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.params = params or {}
        self.extra = extra


class NotFound(DomainError):
    pass


class NotPermitted(DomainError):
    pass


class Unauthenticated(DomainError):
    pass


class Conflict(DomainError):
    """The record changed under the caller, or the action is not open in its state."""


class InvalidTransition(Conflict):
    pass


class Invalid(DomainError):
    """Input that breaks a rule; `fields` maps each offending field to its messages (each a
    FieldError, or marshmallow's own text; nested fields nest, as marshmallow gives them)."""

    def __init__(self, detail: str, fields: dict | None = None, **extra):
        super().__init__(detail, **extra)  # code=, params= pass through
        self.fields = fields or {}


class TooLarge(DomainError):
    pass


class UnsupportedType(DomainError):
    pass


class TooManyRequests(DomainError):
    """Too many attempts: a rate limit or a locked sign-in; `retry_after` in seconds."""

    @property
    def retry_after(self) -> int:
        """Seconds until the next attempt may pass (a minute when the raiser did not say)."""
        return self.extra.get("retry_after", 60)


REQUIRED = FieldError("required", code="required")  # the message on a field left empty


def not_one_of(choices) -> FieldError:
    """The message on a field whose value is none of `choices`."""
    names = [str(choice) for choice in choices]
    return FieldError(f"one of {', '.join(names)}", code="not_one_of", params={"choices": names})


def not_found(record: str, record_id: object) -> NotFound:
    """The refusal of a record that does not exist; `record` names its kind ("user")."""
    return NotFound(
        f"{record} {record_id} does not exist",
        code="not_found",
        params={"record": record, "id": record_id},
    )


def outside_scope(record: str, record_id: object) -> NotPermitted:
    """The refusal of a record that exists but lies outside the actor's scope."""
    return NotPermitted(
        f"{record} {record_id} is outside your scope",
        code="outside_scope",
        params={"record": record, "id": record_id},
    )
