"""A small county for the HTTP benchmarks, made through the same services the API uses:
a reviewer and an intake clerk with tokens, and applications waiting in `submitted`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.clock import utcnow
from casework.db import bind, db, migrate
from casework.models import ALL_MODELS
from casework.rules.identity import compose_resident_id
from casework.services import accounts, children, places, rehab


@dataclass(frozen=True)
class BenchWorld:
    reviewer_token: str
    clerk_token: str
    application_ids: list[int]


def fresh_database(url: str) -> None:
    """Bind `url` and give it an empty, migrated schema (PostgreSQL: drop and recreate)."""
    database = bind(url)
    if url.startswith("postgres"):
        with database.connection_context():
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
    migrate()


def build(url: str, applications: int) -> BenchWorld:
    """Migrate `url` afresh and file `applications` applications; returns what clients need."""
    fresh_database(url)
    now = utcnow()
    with db.connection_context():
        county = places.create_place(None, name="基准县", code="330127", now=now)
        township = places.create_place(
            None, name="基准镇", code="330127001", parent_id=county.id, now=now
        )
        village = places.create_place(
            None, name="基准村", code="330127001001", parent_id=township.id, now=now
        )
        users = {
            role: accounts.create_user(
                None,
                username=f"bench-{role}",
                name=role,
                role=role,
                password="bench-password",
                place_id=county.id,
                now=now,
            )  # fmt: skip
            for role in ("intake_clerk", "reviewer")
        }
        clerk = accounts.actor_for(users["intake_clerk"])
        ids = [_application(clerk, village.id, n, now).id for n in range(applications)]
        tokens = [
            accounts.issue_token(users[role], now, days=1, label="bench")
            for role in ("reviewer", "intake_clerk")
        ]
    return BenchWorld(*tokens, ids)


def _application(clerk, village_id: int, n: int, now: dt.datetime):
    born = dt.date(2021, 1, 1) + dt.timedelta(days=n // 900)  # 900 sequence numbers a day
    number = compose_resident_id("330127", born, n % 900)
    child = children.register_child(
        clerk,
        {
            "id_number": number,
            "name": f"儿童{n:05d}",
            "place_id": village_id,
            "residence_basis": "permanent_hukou",
            "disability_types": ["limb"],
        },
        now,
    )
    return rehab.submit_application(
        clerk,
        {
            "child_id": child.id,
            "items": ["training_limb"],
            "applicant_name": "监护人",
            "applicant_relation": "母亲",
            "documents_received": ["identity", "residence", "diagnosis"],
        },
        now,
    )


def audit_consistency(url: str) -> dict:
    """After a run: actions in the audit log against the versions of the applications."""
    bind(url)
    with db.connection_context():
        actions = db.execute_sql(
            "SELECT count(*) FROM audit_log WHERE entity = 'rehab' AND action <> 'submit'"
        ).fetchone()[0]
        raised = db.execute_sql("SELECT coalesce(sum(version - 1), 0) FROM rehab_application")
        raised = raised.fetchone()[0]
    return {"audit_actions": actions, "version_steps": raised, "consistent": actions == raised}


__all__ = ["ALL_MODELS", "BenchWorld", "audit_consistency", "build", "fresh_database"]
