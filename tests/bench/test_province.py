"""bench/province.py at a tiny size on SQLite, run as its users run it: the world has the
shape asked for and the script prints its table. No timing is asserted: the figures are for
people to judge. (Tests import nothing from bench/: the script runs in its own process.)"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds two worlds and runs every page and rule: ~10 s
ROOT = Path(__file__).resolve().parents[2]


def test_a_tiny_province_is_built_and_its_table_printed(tmp_path):
    path = tmp_path / "province.db"
    command = [sys.executable, "-m", "bench.province", "--database", f"sqlite:///{path}",
               "--scale", "0.002", "--counties", "3", "--runs", "1"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    # 20 children a county (the least the shape makes), 3 tenths as many applications (at
    # least 15), a twentieth as many reports (at least 9)
    assert lines[2] == "province: 3 counties, 60 children, 45 applications, 27 reports"
    con = sqlite3.connect(path)
    counts = {
        table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in ("province", "county_figures", "place", "user", "institution", "child",
                      "parent_fact",
                      "rehab_application", "application_item", "claim", "report_case",
                      "claim_line", "visit", "reminder")
    }  # fmt: skip
    quarters = 9  # 2024-Q1 .. 2026-Q1, a claim each per institution
    assert counts | {"claim_line": 0, "visit": 0, "reminder": 0} == {
        "province": 1, "county_figures": 3,  # every county's, taken by the nightly job
        "place": 3 + 30 + 300, "user": 3 * 7 + 30 + 300 + 9 + 1, "institution": 9, "child": 60,
        "parent_fact": 120, "rehab_application": 45, "application_item": 45,
        "claim": 9 * quarters, "report_case": 27, "claim_line": 0, "visit": 0, "reminder": 0,
    }  # fmt: skip
    with_category = con.execute("SELECT count(*) FROM child WHERE categories <> '[]'")
    assert with_category.fetchone()[0] == 24  # four tenths: family, guardianship, left behind
    # a quarterly visit of each, the last quarter's not yet for a fifth of them
    assert 3 * 24 < counts["visit"] <= 4 * 24
    assert counts["claim_line"] > 0 and counts["reminder"] > 0
    in_every_county = con.execute("SELECT count(DISTINCT county_id) FROM rehab_application")
    assert in_every_county.fetchone()[0] == 3
    _the_history_is_the_world_s(con)
    con.close()
    table = done.stdout
    for figure in ("reviewer: work queue (inbox)", "director: child's file",
                   "leader: dashboard page", "leader: ledger national-system",
                   "province: province page", "province: province figures API",
                   "job province.figures (nightly)",
                   "rule family.parent_contact_lapsed", "sequential scans of"):  # fmt: skip
        assert figure in table
    assert lines[-1].startswith("targets: ")
    job = next(line for line in lines if line.startswith("job province.figures"))
    assert " 3 counties in " in job and "one county alone" in job
    province_page = next(line for line in lines if line.startswith("province: province page"))
    assert "(p95 ≤ 1000 ms)" in province_page


def _one(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def _the_history_is_the_world_s(con) -> None:
    """Attendance, the audit log and the papers, shaped like the service's own."""
    in_care = "('in_rehabilitation', 'dropped_out', 'completed', 'settled', 'closed')"
    cared = _one(con, f"SELECT count(*) FROM rehab_application WHERE state IN {in_care}")
    assert cared > 0
    # six months of attendance in its aid year, three for a dropout or a 2026 case out of care
    months = _one(con, f"""SELECT sum(CASE WHEN state = 'dropped_out' OR (aid_year = 2026
                                AND state <> 'in_rehabilitation') THEN 3
                           WHEN aid_year = 2026 THEN 5 ELSE 6 END)
                       FROM rehab_application WHERE state IN {in_care}""")  # fmt: skip
    assert _one(con, "SELECT count(*) FROM attendance") == months
    # every case's history leads to the state it is in (its last audited move), and its rows
    # are numbered in the order of time, as the engine writes them
    for entity, table in (("rehab", "rehab_application"), ("report", "report_case"),
                          ("claim", "claim")):  # fmt: skip
        astray = _one(con, f"""SELECT count(*) FROM {table} c WHERE c.state IS NOT (
                SELECT l.to_state FROM audit_log l WHERE l.entity = '{entity}'
                AND l.entity_id = c.id AND l.from_state IS NOT l.to_state
                ORDER BY l.id DESC LIMIT 1)""")  # fmt: skip
        assert astray == 0, entity
    disordered = _one(
        con,
        """SELECT count(*) FROM audit_log l JOIN audit_log m
        ON m.entity = l.entity AND m.entity_id = l.entity_id AND m.id > l.id AND m.at < l.at""",
    )
    assert disordered == 0
    attended = "SELECT count(*) FROM audit_log WHERE action = 'record_attendance'"
    assert _one(con, attended) == months
    # every child registered, a few edits over the years, its leaving the register if it left
    assert _one(con, "SELECT count(DISTINCT entity_id) FROM audit_log WHERE entity = 'child'"
                " AND action = 'register'") == 60  # fmt: skip
    assert _one(con, "SELECT count(*) FROM audit_log WHERE entity = 'child'"
                " AND action = 'update'") == sum(i % 4 for i in range(1, 61))  # fmt: skip
    left = "SELECT count(*) FROM child WHERE state = 'off_register'"
    assert _one(con, "SELECT count(*) FROM audit_log WHERE to_state = 'off_register'") == _one(
        con, left
    )
    assert _one(con, "SELECT count(*) FROM audit_log WHERE actor_id IS NULL") == 0
    assert _one(con, "SELECT max(at) FROM audit_log") < "2026-06-10"  # before the world's day
    # papers: three per application, its agreement once in care, an invoice per claim line,
    # one per report; a stored version each, a second for those replaced
    documents = {
        target: n for target, n in con.execute("SELECT target, count(*) FROM document GROUP BY 1")
    }
    assert documents == {
        "rehab": 3 * 45 + cared,
        "claim_line": _one(con, "SELECT count(*) FROM claim_line"),
        "report": 27,
    }
    assert _one(con, "SELECT count(*) FROM document_version") == _one(
        con, "SELECT sum(version) FROM document"
    )
    assert _one(con, "SELECT count(*) FROM document WHERE version = 2") > 0
