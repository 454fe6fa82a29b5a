"""A small county for the HTTP benchmarks, made through the same services the API uses:
a reviewer and an intake clerk with tokens, and applications waiting in `submitted`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.clock import utcnow
from casework.db import bind, db, migrate
from casework.models import (
    ALL_MODELS,
    ApplicationItem,
    AuditEntry,
    ChecklistItem,
    Child,
)
from casework.models import RehabApplication as A
from casework.rules.identity import compose_resident_id, parse_resident_id
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
        template = _application(clerk, village.id, 0, now)
        ids = [template.id, *_clones(template, applications - 1)]
        tokens = [
            accounts.issue_token(users[role], now, days=1, label="bench")
            for role in ("reviewer", "intake_clerk")
        ]
    return BenchWorld(*tokens, ids)


def _application(clerk, village_id: int, n: int, now: dt.datetime) -> A:
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


def cases(url: str, ids: list[int]) -> str:
    """id:state:version of each application now, the starting point of actions.lua."""
    bind(url)
    with db.connection_context():
        rows = db.execute_sql("SELECT id, state, version FROM rehab_application ORDER BY id")
        wanted = set(ids)
        return ",".join(f"{i}:{s}:{v}" for i, s, v in rows.fetchall() if i in wanted)


def _clones(template: A, count: int) -> list[int]:
    """Copies of one application filed through the services, each with a child of its own:
    the benchmarks measure actions, and filing thousands one by one took minutes."""
    child = Child.select().where(Child.id == template.child_id).dicts().get()
    application = A.select().where(A.id == template.id).dicts().get()
    items = list(ApplicationItem.select().where(ApplicationItem.application == template.id).dicts())
    papers = list(ChecklistItem.select().where(ChecklistItem.application == template.id).dicts())
    audit = AuditEntry.select().where(
        AuditEntry.entity == "rehab", AuditEntry.entity_id == template.id
    )
    submitted = audit.dicts().get()
    ids = []
    for start in range(1, count + 1, 500):
        numbers = range(start, min(start + 500, count + 1))
        with db.atomic():
            ids += [_clone(n, child, application, items, papers, submitted) for n in numbers]
    return ids


def _clone(n: int, child: dict, application: dict, items, papers, submitted) -> int:
    born = child["birth_date"] + dt.timedelta(days=n // 900)
    resident = parse_resident_id(compose_resident_id("330127", born, n % 900))
    child_id = Child.insert(
        {**_without_id(child), "id_number": resident.number, "name": f"儿童{n:05d}",
         "birth_date": resident.birth_date, "sex": resident.sex}
    ).execute()  # fmt: skip
    new = A.insert({**_without_id(application), "child": child_id}).execute()
    for rows, model in ((items, ApplicationItem), (papers, ChecklistItem)):
        model.insert_many([{**_without_id(r), "application": new} for r in rows]).execute()
    AuditEntry.insert({**_without_id(submitted), "entity_id": new}).execute()
    return new


def _without_id(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "id"}


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
