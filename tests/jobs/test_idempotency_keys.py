"""The scheduler's daily job that forgets old idempotency keys: the keys past their keeping
time go, the younger ones stay, and the run leaves its heartbeat."""

from __future__ import annotations

import datetime as dt

from casework.models import IdempotencyKey, JobHeartbeat
from casework.services.idempotency import KEPT_FOR
from jobs import tasks

NOW = dt.datetime(2026, 3, 5, 19, 30)  # 03:30 in China, as UTC


def key(world, name: str, made: dt.datetime) -> IdempotencyKey:
    return IdempotencyKey.create(
        user=world.a.users["child_director"], key=name, endpoint="/api/v1/visits",
        fingerprint="0" * 64, status=201, body="{}", created_at=made,
    )  # fmt: skip


def test_the_old_keys_go_and_the_young_stay(world):
    key(world, "old", NOW - KEPT_FOR - dt.timedelta(minutes=1))
    key(world, "young", NOW - KEPT_FOR + dt.timedelta(minutes=1))
    assert tasks.forget_idempotency_keys(NOW) == 1
    assert [k.key for k in IdempotencyKey.select()] == ["young"]
    assert tasks.forget_idempotency_keys(NOW) == 0  # a second run finds nothing more
    heartbeat = JobHeartbeat.get(job="idempotency.forget")
    assert heartbeat.finished_at is not None and heartbeat.ok
