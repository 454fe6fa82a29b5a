"""The engine's fixed statements: the compare-and-set refuses a stale row and writes no audit
row, on both databases (on PostgreSQL the audit INSERT answers the UPDATE's count)."""

from __future__ import annotations

import pytest

from casework.db import _prepared_forms, write_transaction
from casework.errors import Conflict
from casework.workflows import engine
from casework.workflows.rehab import REHAB
from tests.integration.rehab_cases import application_row, audit_rows, reach


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
