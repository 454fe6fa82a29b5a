"""Every write transaction of the services and the engine goes through
casework.db.write_transaction(), which on SQLite also queues the writer on the file lock; a
bare db.atomic() there would let a writer meet SQLite's busy back-off again."""

from __future__ import annotations

import re
from pathlib import Path

CASEWORK = Path(__file__).resolve().parents[2] / "casework"
BARE = re.compile(r"\bdb\.atomic\(")


def test_services_and_workflows_write_through_write_transaction():
    offenders = [
        f"{path.relative_to(CASEWORK.parent)}:{number}"
        for folder in ("services", "workflows", "reminders")
        for path in sorted((CASEWORK / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BARE.search(line)
    ]
    assert offenders == [], "use casework.db.write_transaction() instead of db.atomic()"
