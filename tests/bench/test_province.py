"""bench/province.py at a tiny size on SQLite: the world has the shape asked for and the
script prints its table. No timing is asserted: the figures are for people to judge."""

from __future__ import annotations

import pytest

from bench import province, province_world
from casework.db import db

pytestmark = pytest.mark.slow  # builds two worlds and runs every page and rule: ~10 s


def test_a_tiny_province_is_built_and_its_table_printed(tmp_path):
    shape = province_world.Shape.of(0.002, counties=3)
    assert (shape.children, shape.applications, shape.reports) == (60, 45, 27)
    lines = province.run(f"sqlite:///{tmp_path / 'province.db'}", 0.002, 3, runs=1)
    counts = province_world.counts()
    quarters = 9  # 2024-Q1 .. 2026-Q1, one claim each per institution
    assert {k: counts[k] for k in ("place", "user", "institution", "child", "parent_fact",
                                   "rehab_application", "application_item", "claim",
                                   "report_case")} == {
        "place": 3 + 30 + 300, "user": 3 * 7 + 30 + 300 + 9, "institution": 9, "child": 60,
        "parent_fact": 120, "rehab_application": 45, "application_item": 45,
        "claim": 9 * quarters, "report_case": 27,
    }  # fmt: skip
    with db.connection_context():
        with_category = db.execute_sql("SELECT count(*) FROM child WHERE categories <> '[]'")
        with_category = with_category.fetchone()[0]
        counties = db.execute_sql("SELECT count(DISTINCT county_id) FROM rehab_application")
        assert counties.fetchone()[0] == 3
    assert with_category == 24  # four tenths: family, guardianship, left behind (two tenths)
    # a quarterly visit of each, the fourth quarter's not yet for a fifth of them
    assert 3 * with_category < counts["visit"] <= 4 * with_category
    assert counts["claim_line"] > 0 and counts["reminder"] > 0
    table = "\n".join(lines)
    for figure in ("reviewer: work queue (inbox)", "director: child's file",
                   "leader: dashboard page", "leader: ledger national-system",
                   "rule family.parent_contact_lapsed", "sequential scans of"):  # fmt: skip
        assert figure in table
    assert lines[-1].startswith("targets: ")
