"""Shared by the report workflow's table and stateful tests: valid arguments for every action,
the way to each state, and what a refused action must leave untouched."""

from __future__ import annotations

import copy

from casework.models import (
    AuditEntry,
    ChildBenefit,
    GuardianshipMeasure,
    RehabApplication,
    ReportCase,
)
from casework.services import reports
from tests.conftest import NOW

TODAY = NOW.date()
ARGUMENTS = {
    "accept": {"payload": {"urgent": True}},
    "screen_out": {"payload": {"ground": "unfounded"}, "reason": "核实后不属实"},
    "link_child": {},  # the payload names a child: filled in by `arguments`
    "respond": {
        "payload": {
            "police_involved": True,
            "placement": "rescue_protection_institution",
            "placement_where": "县未成年人救助保护站",
        }
    },  # fmt: skip
    "start_assessment": {},
    "record_assessment": {"payload": {"assessment": "父亲酗酒后殴打", "risk_level": "high"}},
    "link_benefit": {"payload": {"benefit": "subsistence_allowance", "status": "applied"}},
    "open_rehab_application": {
        "payload": {
            "items": ["training_limb"],
            "applicant_name": "外婆",
            "applicant_relation": "外祖母",
            "documents_received": ["identity"],
        }
    },  # fmt: skip
    "record_assistance_plan": {"payload": {"plan": "低保、每两周随访"}},
    "intervene": {
        "payload": {"kind": "warning", "taken_on": TODAY.isoformat(), "detail": "派出所对父亲训诫"}
    },  # fmt: skip
    "record_measure": {
        "payload": {
            "kind": "entrusted_temporary_guardianship",
            "taken_on": TODAY.isoformat(),
            "detail": "委托祖母临时监护",
            "entrusted_to": "祖母",
        }
    },  # fmt: skip
    "resume_monitoring": {"reason": "监护已落实"},
    "close": {"payload": {"outcome": "safe_with_family"}},
    "reopen": {"reason": "再次发现伤痕"},
}
# The shortest way from `reported` to each state.
PATHS = {
    "reported": [],
    "accepted": ["accept"],
    "screened_out": ["screen_out"],
    "emergency_response": ["accept", "respond"],
    "assessment": ["accept", "start_assessment"],
    "assistance": ["accept", "start_assessment", "record_assessment"],
    "monitoring": ["accept", "start_assessment", "record_assessment", "record_assistance_plan"],
    "guardianship_intervention": ["accept", "start_assessment", "intervene"],
    "closed": ["accept", "start_assessment", "record_assessment", "record_assistance_plan",
               "close"],
}  # fmt: skip


def arguments(action: str, child_id: int) -> dict:
    """A fresh copy: callers add expected_version and the like."""
    if action == "link_child":
        return {"payload": {"child_id": child_id}}
    return copy.deepcopy(ARGUMENTS[action])


def file_report(world, county=None, *, with_child=True, reporter="child_director") -> ReportCase:
    county = county or world.a
    child = world.child(county) if with_child else None
    payload = {
        "reporter_name": "李主任",
        "reporter_organisation": "村儿童之家",
        "place_id": county.villages[0].id,
        "harm_type": "abuse",
        "facts": "邻居反映孩子身上多处淤青",
        "child_id": child.id if child else None,
        "child_description": "" if child else "约八岁男孩",
    }
    return reports.file_report(county.actor(reporter), payload, world.now)


def reach(world, state: str, county=None) -> int:
    county = county or world.a
    case = file_report(world, county)
    worker = county.actor("case_worker")
    for action in PATHS[state]:
        reports.act(worker, case.id, action, now=world.now, **arguments(action, case.child_id))
    assert ReportCase.get_by_id(case.id).state == state
    return case.id


def audit_rows(case_id: int) -> list[dict]:
    return list(
        AuditEntry.select()
        .where(AuditEntry.entity == "report", AuditEntry.entity_id == case_id)
        .order_by(AuditEntry.id)
        .dicts()
    )


def snapshot(case_id: int) -> dict:
    """Everything an action on the case may touch."""
    return {
        "case": ReportCase.select().where(ReportCase.id == case_id).dicts().get(),
        "audit": audit_rows(case_id),
        "benefits": list(ChildBenefit.select().where(ChildBenefit.report_case == case_id).dicts()),
        "measures": list(
            GuardianshipMeasure.select().where(GuardianshipMeasure.case == case_id).dicts()
        ),
        "rehab": RehabApplication.select().count(),
    }
