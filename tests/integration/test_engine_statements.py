"""The engine's fixed statements: the compare-and-set refuses a stale row and writes no audit
row, on both databases; on PostgreSQL the hot statements are prepared once per connection,
and `?prepare=off` runs them unprepared (behind PgBouncer's transaction pooling)."""

from __future__ import annotations

import pytest

from casework.db import _prepared_forms, connect, db, execute_prepared, write_transaction
from casework.errors import Conflict
from casework.services import rehab
from casework.workflows import engine
from casework.workflows.rehab import REHAB
from tests.conftest import ON_POSTGRES, PG_URL
from tests.integration.rehab_cases import application_row, audit_rows, reach

postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="prepared statements: PostgreSQL")


def test_compare_and_set_refuses_a_stale_row_and_writes_no_audit_row(world):
    application_id = reach(world, "submitted")
    reviewer = world.a.actor("reviewer")
    before, trail = application_row(application_id), audit_rows(application_id)
    with pytest.raises(Conflict, match="changed while you were acting"):
        with write_transaction():
            case = engine.load(REHAB, application_id)
            case.version -= 1  # as if another action had moved the row since it was read
            case.state = "under_review"
            audit = engine._audit_params("rehab", case.id, "start_review", "submitted",
                                         "under_review", case.version + 1, reviewer, world.now,
                                         "", {})  # fmt: skip
            engine._compare_and_set(REHAB, case, "submitted", None, world.now, {}, audit)
    assert application_row(application_id) == before
    assert audit_rows(application_id) == trail


def test_prepared_forms_number_the_placeholders():
    name, definition, call = _prepared_forms("SELECT %s, '100%%' WHERE a = %s", 2)
    assert definition == f"PREPARE {name} AS SELECT $1, '100%' WHERE a = $2"
    assert call == f"EXECUTE {name} (%s, %s)"
    bare, _, bare_call = _prepared_forms("SELECT 1", 0)
    assert bare_call == f"EXECUTE {bare}"


def _prepared_here() -> set[str]:
    rows = db.execute_sql("SELECT name FROM pg_prepared_statements").fetchall()
    return {name for (name,) in rows}


@postgres_only
def test_an_action_prepares_its_statements_once_per_connection(world):
    first, second = reach(world, "submitted"), reach(world, "submitted")
    reviewer = world.a.actor("reviewer")
    rehab.act(reviewer, first, "start_review", now=world.now)
    prepared = _prepared_here()
    assert len([name for name in prepared if name.startswith("casework_")]) >= 2
    rehab.act(reviewer, second, "start_review", now=world.now)
    assert _prepared_here() == prepared  # the same statements, executed again
    assert [row["version"] for row in audit_rows(second)][-1] == application_row(second)["version"]


@postgres_only
def test_prepare_off_runs_the_statements_unprepared(world):
    application_id = reach(world, "submitted")
    original, unprepared = db.obj, connect(f"{PG_URL}?prepare=off")
    db.initialize(unprepared)
    try:
        with db.connection_context():
            rehab.act(world.a.actor("reviewer"), application_id, "start_review", now=world.now)
            assert execute_prepared("SELECT %s", (7,)).fetchone() == (7,)
            assert not any(name.startswith("casework_") for name in _prepared_here())
            assert application_row(application_id)["state"] == "under_review"
    finally:
        unprepared.close_all()
        db.initialize(original)
