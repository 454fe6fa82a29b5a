"""The children's registry (一人一档): search, a file's full history, and the file as it was.

Search is the registry's hot path (a county holds hundreds of thousands of files), so its few
statement shapes are written once per database and run with parameters, like the engine's
update: building them through the ORM each time cost several times what running them did.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from peewee import JOIN

from casework.db import db, is_sqlite
from casework.errors import FieldError, Invalid, NotFound
from casework.models import AuditEntry, Child, Guardian, User
from casework.queries import child_scope
from casework.rules import masking
from casework.rules.deadlines import CHINA
from casework.rules.masking import mask_field
from casework.services import children, family
from casework.vocabulary import PlaceLevel, Role
from casework.workflows.definition import Actor

FILE_FIELDS = (
    "id_number",
    "name",
    "sex",
    "birth_date",
    "place",
    "residence_basis",
    "disability_types",
    "address",
    "id_pending",
    "description",
    "carer_name",
    "carer_relation",
    "carer_phone",
    "carer_parent",
    "subsistence",
    "seriously_ill",
    "school",
    "categories",
    "category_claims",
    "state",
    "left_reason",
    "left_on",
    "moved_to",
)
OPENING = ("register", "register_without_id")  # the actions that open a file
# the columns a search reads, as ChildRow holds them (the file's identity and needs)
COLUMNS = ["id", "id_number", "name", "sex", "birth_date", "place_id", "residence_basis",
           "disability_types", "categories", "address", "version", "created_at",
           "updated_at"]  # fmt: skip


@dataclass(frozen=True)
class FieldChange:
    """One field of one audited action on a child's file."""

    entry_id: int
    at: dt.datetime
    action: str
    actor_id: int | None
    actor_name: str
    actor_role: str
    version: int
    field: str
    old: Any
    new: Any
    reason: str


def history(actor: Actor, child_id: int) -> list[FieldChange]:
    """Every change to the file, oldest first: who changed which field when, old and new.
    A history is a list: ID numbers, addresses and phones in it are masked."""
    children.get_child(actor, child_id)
    entries = (
        AuditEntry.select(AuditEntry, User.name)
        .join(User, on=(AuditEntry.actor == User.id), join_type=JOIN.LEFT_OUTER)
        .where(AuditEntry.entity == "child", AuditEntry.entity_id == child_id)
        .order_by(AuditEntry.id)
        .objects()
    )
    return [
        FieldChange(
            e.id,
            e.at,
            e.action,
            e.actor_id,
            e.name or "",
            e.actor_role,
            e.version,
            name,
            mask_field(name, old),
            mask_field(name, new),
            e.reason,
        )
        for e in entries
        for name, (old, new) in sorted(e.changes.items())
    ]


def file_as_of(actor: Actor, child_id: int, moment: dt.date | dt.datetime) -> dict:
    """The file as it stood at `moment` (a date: at the end of that day in China).

    Starts from the file as it is and undoes, newest first, every change made after
    `moment`, so it needs nothing but the audit rows every change already writes."""
    child = children.get_child(actor, child_id)
    cutoff = _end_of_day_utc(moment) if not isinstance(moment, dt.datetime) else moment
    state = current_file(child)
    later = (
        AuditEntry.select()
        .where(
            AuditEntry.entity == "child", AuditEntry.entity_id == child_id, AuditEntry.at > cutoff
        )
        .order_by(AuditEntry.id.desc())
    )
    for entry in later:
        if entry.action in OPENING:
            raise NotFound(
                f"child {child_id} had no file yet on {moment}",
                code="no_file_yet",
                params={"id": child_id, "moment": moment.isoformat()},
            )
        for name, (old, _new) in entry.changes.items():
            state[name] = old
        if entry.from_state is not None:  # the register's actions (workflows/register.py)
            state["state"] = entry.from_state
        state["version"] = entry.version - 1
    state["as_of"] = cutoff
    return state


def current_file(child: Child) -> dict:
    """The file's fields in the form the audit log records them."""
    state = {name: getattr(child, name) for name in FILE_FIELDS}
    state["place"] = child.place_id
    state["birth_date"] = child.birth_date.isoformat()
    state["left_on"] = None if child.left_on is None else child.left_on.isoformat()
    state["moved_to_county"] = child.moved_to_county_id
    state["guardians"] = [
        {"name": g.name, "relation": g.relation, "phone": g.phone}
        for g in Guardian.select().where(Guardian.child == child.id).order_by(Guardian.id)
    ]
    state["parents"] = family.parents_of(child)
    state["id"], state["version"] = child.id, child.version
    return state


def _end_of_day_utc(day: dt.date) -> dt.datetime:
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), CHINA)
    return end.astimezone(dt.UTC).replace(tzinfo=None) - dt.timedelta(microseconds=1)


class ChildRow(NamedTuple):
    """A child as the search found it: the columns as stored, typed when read.

    A search page is read far more often than it is used in full; building peewee models for
    it cost more than the query itself (bench/registry.py), so rows stay tuples."""

    id: int
    id_number: str
    name: str
    sex: str
    stored_birth_date: Any
    place_id: int
    residence_basis: str | None
    stored_disability_types: str
    stored_categories: str
    address: str
    version: int
    stored_created_at: Any
    stored_updated_at: Any

    @property
    def birth_date(self) -> dt.date:
        return Child.birth_date.python_value(self.stored_birth_date)

    @property
    def disability_types(self) -> list[str]:
        return json.loads(self.stored_disability_types)

    @property
    def categories(self) -> list[str]:
        return json.loads(self.stored_categories)

    @property
    def created_at(self) -> dt.datetime:
        return Child.created_at.python_value(self.stored_created_at)

    @property
    def updated_at(self) -> dt.datetime:
        return Child.updated_at.python_value(self.stored_updated_at)


@dataclass(frozen=True)
class SearchPage:
    items: list[ChildRow]
    page: int
    per_page: int
    has_more: bool


def search(
    actor: Actor,
    *,
    name: str | None = None,
    id_number: str | None = None,
    place_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Children in scope whose name starts with `name`, whose ID number is `id_number` (or
    starts with it, for a role shown whole numbers), living in `place_id` or below; by name.
    Every filter uses an index."""
    name, id_number = (name or "").strip(), (id_number or "").strip().upper()
    scope = _scope_prefix(actor)
    if id_number and masking.id_search_term(actor.role, id_number) is None:
        raise children.whole_number_only()
    shape: list[str] = []
    params: list[Any] = []
    if id_number:
        exact = len(id_number) == 18
        shape.append("id_exact" if exact else "id_prefix")
        params.append(id_number if exact else _prefix_pattern(id_number))
    if name:
        shape.append("name_prefix")
        params.append(_prefix_pattern(name))
    if place_id:
        level, path = _place(place_id)
        shape.append("village" if level == PlaceLevel.VILLAGE else "subtree")
        params.append(place_id if level == PlaceLevel.VILLAGE else _like(path))
    if scope is not None:
        shape.append("scope")
        params.append(scope)
    cursor = db.execute_sql(
        search_sql(db.obj, tuple(shape)), (*params, per_page + 1, (page - 1) * per_page)
    )
    rows = [ChildRow._make(row) for row in cursor.fetchall()]
    return SearchPage(rows[:per_page], page, per_page, len(rows) > per_page)


def _place(place_id: int) -> tuple[str, str]:
    row = db.execute_sql(_place_sql(db.obj), (place_id,)).fetchone()
    if row is None:
        no_such = FieldError("no such place", code="no_such_place")
        raise Invalid("unknown place", {"place_id": [no_such]}, code="unknown_place")
    return row


@cache
def _place_sql(database) -> str:
    return f"SELECT level, path FROM place WHERE id = {database.param}"


def _scope_prefix(actor: Actor) -> str | None:
    """The LIKE pattern of the actor's place subtree; None: sees every place."""
    if actor.role == Role.SYSTEM:
        return None
    if actor.role == Role.INSTITUTION_STAFF:
        # staff see only children referred to them: too narrow for a registry search
        raise Invalid(
            "institution staff find children through their applications",
            code="staff_search_no_registry",
        )
    if actor.role in child_scope.NO_FILES:
        return _like("-")  # no place's path: no child
    return _like(actor.place_path or "-")


def _like(path: str) -> str:
    return path + "%"  # place paths are digits and slashes: nothing to escape


def _prefix_pattern(text: str) -> str:
    """A prefix pattern for the database's case-sensitive LIKE: GLOB on SQLite, LIKE on
    PostgreSQL; both can use a plain index (see migration 0004)."""
    if is_sqlite():
        return "".join(f"[{c}]" if c in "*?[" else c for c in text) + "*"
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


CONDITIONS = {
    "id_exact": "c.id_number = {p}",
    "id_prefix": "c.id_number {like} {p}",
    "name_prefix": "c.name {like} {p}",
    "village": "c.place_id = {p}",
    "subtree": "p.path LIKE {p}",
    "scope": "p.path LIKE {p}",
}


@cache
def search_sql(database, shape: tuple[str, ...]) -> str:
    """The search statement for one combination of filters, written once per database."""
    p = database.param
    like = "GLOB" if is_sqlite() else "LIKE"
    where = " AND ".join(CONDITIONS[s].format(p=p, like=like) for s in shape) or "1 = 1"
    columns = ", ".join(f"c.{c}" for c in COLUMNS)
    return (
        f"SELECT {columns} FROM child AS c JOIN place AS p ON p.id = c.place_id "
        f"WHERE {where} ORDER BY c.name, c.id LIMIT {p} OFFSET {p}"
    )
