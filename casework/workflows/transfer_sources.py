"""Where a request comes from besides a family at the window: a report case's assistance, the
needs a visit found, a rehab-aid application needing another department (medical insurance
first, say). Named by its id, the source fills in what the request leaves out (the child,
the family's place, a family member's name, what is asked), so the window creates the request
in one step from the source's page or the API; only for a window that may read the source."""

from __future__ import annotations

from typing import Any

from casework.errors import not_found, outside_scope
from casework.models import Child, Guardian, Visit
from casework.queries import child_scope
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.rehab import REHAB
from casework.workflows.report import REPORT

SOURCES = ("report_case_id", "visit_id", "rehab_application_id")


def prefill(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the blanks the named source fills; a source outside the actor's scope is
    refused (NotPermitted) before anything of it is read."""
    found = _from_source(actor, data)
    if not found:
        return data
    filled = dict(data)
    for key, value in found.items():
        if value not in (None, "") and filled.get(key) in (None, ""):
            filled[key] = value
    return filled


def _from_source(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case_id, visit_id = _id(data.get("report_case_id")), _id(data.get("visit_id"))
    application_id = _id(data.get("rehab_application_id"))
    if case_id is not None:
        case = engine.load_visible(REPORT, case_id, actor).record
        need = case.assistance_plan or case.assessment or case.facts
        return {"child_id": case.child_id, "place_id": case.place_id,
                "family_name": _family(case.child_id),
                "request": f"强制报告案件 #{case.id} 的帮扶需求：{need}"}  # fmt: skip
    if visit_id is not None:
        visit = visible_visit(actor, visit_id)
        need = visit.next_steps or visit.findings
        return {"child_id": visit.child_id, "place_id": visit.place_id,
                "family_name": _family(visit.child_id),
                "request": f"{visit.visited_on.isoformat()} 走访发现的需求：{need}"}  # fmt: skip
    if application_id is not None:
        application = engine.load_visible(REHAB, application_id, actor).record
        return {"child_id": application.child_id, "place_id": application.place_id,
                "family_name": application.applicant_name,
                "request": f"康复救助申请 #{application.id} 需要其他部门办理的事项"}  # fmt: skip
    return {}


def visible_visit(actor: Actor, visit_id: int) -> Visit:
    """A visit the actor may read: to a child of their area, or in a report case they see."""
    visit: Visit | None = Visit.get_or_none(id=visit_id)
    if visit is None:
        raise not_found("visit", visit_id)
    if visit.case_id is not None:
        engine.load_visible(REPORT, visit.case_id, actor)
        return visit
    readable = child_scope.scoped(actor).where(Child.id == visit.child_id)  # type: ignore[no-untyped-call]
    if readable.exists():
        return visit
    raise outside_scope("visit", visit_id)


def _family(child_id: int | None) -> str:
    if child_id is None:
        return ""
    """The child's first guardian on file, else the child's family by the child's name."""
    guardian = Guardian.select().where(Guardian.child == child_id).order_by(Guardian.id).first()
    return guardian.name if guardian else f"{Child.get_by_id(child_id).name}家属"


def _id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None
