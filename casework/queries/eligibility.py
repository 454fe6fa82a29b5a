"""Eligibility of a stored application, from the child's file and the application's papers.

Every resubmission evaluates eligibility again inside the action's transaction, so the facts
are read with two statements built once per database (docs/engineering.md, "Where the ORM costs"):
the application with its child, then its items, its papers received and the items the child
already holds this aid year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from casework.db import db, execute_prepared
from casework.models import ApplicationItem, ChecklistItem, Child, RehabApplication
from casework.queries import county_policy
from casework.rules import eligibility
from casework.vocabulary import AidItem

# States in which an application no longer holds its aid items.
LAPSED = ("rejected", "withdrawn")
A, C = RehabApplication, Child
STORED = (A.eligibility, A.diagnosis, A.applied_on, A.aid_year, A.child, C.birth_date,
          C.residence_basis, C.disability_types, A.county)  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    stored: dict  # the eligibility stored with the application
    now: dict  # evaluated again from the child's file and the papers as they stand
    diagnosis: str  # the stored diagnosis


def assess(application: RehabApplication) -> dict:
    """Evaluate `application` as it stands now; the result is what the reviewer is shown."""
    return reassess(application.id).now


def reassess(application_id: int) -> Assessment:
    """The stored eligibility of an application beside its evaluation now."""
    row = execute_prepared(_stored_sql(db.obj), (application_id,)).fetchone()
    stored, diagnosis, applied_on, aid_year, child_id, born, residence, disabilities, county = (
        value if value is None else field.python_value(value)
        for field, value in zip(STORED, row, strict=True)
    )
    facts: dict[str, list[str]] = {"item": [], "paper": [], "granted": []}
    params = (application_id, application_id, child_id, aid_year, application_id)
    for kind, value in execute_prepared(_facts_sql(db.obj.param), params).fetchall():
        facts[kind].append(value)
    now = eligibility.evaluate(
        birth_date=born,
        residence_basis=residence,
        disability_types=disabilities,
        items=[AidItem(i) for i in facts["item"]],
        applied_on=applied_on,
        documents_received=facts["paper"],
        items_already_granted=facts["granted"],
        age_limits=county_policy.age_limits(county, applied_on),
    ).as_dict()
    return Assessment(stored, now, diagnosis)


def received_documents(application: RehabApplication | Any) -> set[str]:
    """The kinds ticked on the checklist of `application` (a row or a case's snapshot)."""
    return {
        c.kind
        for c in ChecklistItem.select(ChecklistItem.kind).where(
            ChecklistItem.application == application.id, ChecklistItem.received
        )
    }


@cache
def _stored_sql(database) -> str:
    """Built once per database (its quoting and placeholders), like the engine's statements."""
    sql, _ = A.select(*STORED).join(C).where(A.id == 0).sql()
    return sql


@cache
def _facts_sql(p: str) -> str:
    """(kind, value) rows: 'item' per aid item applied for, 'paper' per document received,
    'granted' per item the child holds in another live application of the same aid year."""
    item, paper = ApplicationItem._meta, ChecklistItem._meta
    a = A._meta
    lapsed = ", ".join(f"'{state}'" for state in LAPSED)
    return (
        f'SELECT \'item\', "aid_item" FROM "{item.table_name}" WHERE "application_id" = {p} '
        f'UNION ALL SELECT \'paper\', "kind" FROM "{paper.table_name}" '
        f'WHERE "application_id" = {p} AND "received" '
        f'UNION ALL SELECT \'granted\', i."aid_item" FROM "{item.table_name}" AS i '
        f'JOIN "{a.table_name}" AS a ON a."id" = i."application_id" '
        f'WHERE a."child_id" = {p} AND a."aid_year" = {p} AND a."id" <> {p} '
        f'AND a."state" NOT IN ({lapsed})'
    )
