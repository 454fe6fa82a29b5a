"""The navigation bar: each area adds its entries with the roles that see them, and every role
has a home page. Areas added later (claims, reports, visits, inbox) call `add` the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user

from casework.vocabulary import Role


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: object  # a lazy translated string
    roles: frozenset[Role]
    order: int
    section: str  # endpoints starting with it mark the entry current too ("" none)


ENTRIES: list[Entry] = []
HOMES: dict[Role, str] = {}
DEFAULT_HOME = "pages_rehab.queue"


def add(endpoint: str, label, roles: Iterable[Role], order: int = 50, section: str = "") -> None:
    """`section` groups several pages under one entry, which keeps a busy menu on one line."""
    ENTRIES[:] = [e for e in ENTRIES if e.endpoint != endpoint]  # idempotent per app
    ENTRIES.append(Entry(endpoint, label, frozenset(roles), order, section))
    ENTRIES.sort(key=lambda e: e.order)


def set_home(endpoint: str, roles: Iterable[Role]) -> None:
    for role in roles:
        HOMES[role] = endpoint


def home_endpoint(role: Role) -> str:
    return HOMES.get(role, DEFAULT_HOME)


def visible_entries() -> list[dict]:
    """The entries the signed-in user sees, with the current one marked."""
    if not current_user.is_authenticated:
        return []
    current = request.endpoint or ""
    return [
        {
            "url": url_for(e.endpoint),
            "label": e.label,
            "current": current == e.endpoint or bool(e.section and current.startswith(e.section)),
        }
        for e in ENTRIES
        if current_user.role in e.roles
    ]
