"""Migration 0017 moves the benefits report cases linked (benefit_link) onto the children's
files (child_benefit), each with the department that grants it; rolled back, they return."""

from __future__ import annotations

from casework.db import db, migrations
from casework.models import ChildBenefit, ReportCase
from casework.services import reports
from tests.integration.report_cases import reach

MIGRATION = "0017_departments_and_benefits"


def test_linked_benefits_move_to_the_file_and_back(world):
    case_id = reach(world, "assistance")
    worker = world.a.actor("case_worker")
    for benefit, status in (("medical_aid", "granted"), ("education_aid", "applied")):
        payload = {"benefit": benefit, "status": status, "note": "已申请"}
        reports.act(worker, case_id, "link_benefit", now=world.now, payload=payload)
    runner = migrations()
    runner.down(MIGRATION)
    rows = db.execute_sql(
        "SELECT case_id, benefit, status, note FROM benefit_link ORDER BY benefit"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (case_id, "education_aid", "applied", "已申请"),
        (case_id, "medical_aid", "granted", "已申请"),
    ]
    assert runner.up()[0] == MIGRATION  # then any later ones the down() rolled back
    moved = {(b.benefit, b.department, b.status, b.child_id, b.county_id, b.report_case_id)
             for b in ChildBenefit.select()}  # fmt: skip
    case = ReportCase.get_by_id(case_id)
    assert moved == {
        ("medical_aid", "medical_insurance", "granted", case.child_id, case.county_id, case_id),
        ("education_aid", "education", "applied", case.child_id, case.county_id, case_id),
    }
    assert "benefit_link" not in db.get_tables()
