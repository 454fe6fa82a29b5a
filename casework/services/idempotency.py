"""Idempotency keys: a write sent with a key made on the client (a phone's outbox, a double
tap, a send cut off half-way and sent again) is done once; a replay gets the first answer.

`run_once` holds the key row and the write in one transaction: the key row is inserted first,
so a second request with the same key waits on the unique index (PostgreSQL) or the writer
lock (SQLite) until the first has committed, then finds its answer. A write that is refused
(an answer of 400 or more) keeps no key: nothing was written, so sending it again is safe."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import IntegrityError

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid
from casework.models import IdempotencyKey

KEY_LENGTH = 100
KEPT_FOR = dt.timedelta(days=30)  # an outbox older than this has long been sent or cleared


@dataclass
class Answer:
    """What the write answered: replayed as it was."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    replayed: bool = False


class _Refused(Exception):
    """Carries a refusal out of the transaction, so that the key row rolls back with it."""

    def __init__(self, answer: Answer):
        self.answer = answer


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > KEY_LENGTH or not key.isprintable():
        raise Invalid(
            "the Idempotency-Key header is not a usable key",
            {"Idempotency-Key": [FieldError("1 to 100 printable characters",
                                            code="idempotency_key_invalid")]},
            code="idempotency_key_invalid",
        )  # fmt: skip
    return key


def run_once(
    user_id: int,
    key: str,
    endpoint: str,
    body: bytes,
    now: dt.datetime,
    write: Callable[[], Answer],
) -> Answer:
    """`write()` once for (user, key); the same key again answers what the first write did.
    The same key with another request (another body or endpoint) is refused: 409
    `idempotency_key_reused`, nothing written."""
    key = check_key(key)
    print_ = fingerprint(body)
    try:
        with write_transaction():
            found = _found(user_id, key, endpoint, print_)
            if found is not None:
                return found
            row = IdempotencyKey.create(
                user=user_id,
                key=key,
                endpoint=endpoint,
                fingerprint=print_,
                status=0,
                body="",
                created_at=now,
            )
            answer = write()
            if answer.status >= 400:
                raise _Refused(answer)
            row.status, row.body, row.headers = answer.status, answer.body, answer.headers
            row.save()
            return answer
    except _Refused as refused:
        return refused.answer
    except IntegrityError:
        # another request with this key committed between our look and our insert
        with write_transaction():
            found = _found(user_id, key, endpoint, print_)
        if found is None:
            raise
        return found


def _found(user_id: int, key: str, endpoint: str, print_: str) -> Answer | None:
    row = IdempotencyKey.get_or_none(user=user_id, key=key)
    if row is None:
        return None
    if row.endpoint != endpoint or row.fingerprint != print_:
        raise Conflict(
            "this idempotency key was used for another request",
            code="idempotency_key_reused",
            params={"key": key},
        )
    return Answer(row.status, row.body, dict(row.headers or {}), replayed=True)


def forget_old(now: dt.datetime) -> int:
    """Drop the keys older than KEPT_FOR; returns how many."""
    with write_transaction():
        return IdempotencyKey.delete().where(IdempotencyKey.created_at < now - KEPT_FOR).execute()
