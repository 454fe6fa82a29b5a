"""The engine's fixed statements: the compare-and-set refuses a stale row and writes no audit
row, on both databases (on PostgreSQL the audit INSERT answers the UPDATE's count)."""

from __future__ import annotations

import pytest

from casework.db import _prepared_forms
from casework.errors import Conflict
from casework.services import rehab
from casework.workflows import engine
from tests.integration.rehab_cases import application_row, audit_rows, reach


def test_compare_and_set_refuses_a_stale_row_and_writes_no_audit_row(world, monkeypatch):
    application_id = reach(world, "submitted")
    before, trail = application_row(application_id), audit_rows(application_id)
    load = engine.load

    def stale(workflow, case_id, **options):  # as if another action moved the row since
        case = load(workflow, case_id, **options)
        case.version -= 1
        return case

    monkeypatch.setattr(engine, "load", stale)
    with pytest.raises(Conflict, match="changed while you were acting"):
        rehab.act(world.a.actor("reviewer"), application_id, "start_review", now=world.now)
    assert application_row(application_id) == before
    assert audit_rows(application_id) == trail


def test_prepared_forms_number_the_placeholders():
    name, definition, call = _prepared_forms("SELECT %s, '100%%' WHERE a = %s", 2)
    assert definition == f"PREPARE {name} AS SELECT $1, '100%' WHERE a = $2"
    assert call == f"EXECUTE {name} (%s, %s)"
    bare, _, bare_call = _prepared_forms("SELECT 1", 0)
    assert bare_call == f"EXECUTE {bare}"
