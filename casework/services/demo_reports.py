"""The demo's mandatory reports (强制报告): three filed by the village child director, left
where the county's case worker and the director have work on them: one waiting past its day
for acceptance, one in assessment, one in monitoring with its follow-up visit due."""

from __future__ import annotations

import datetime as dt

from casework.models import Child, Place
from casework.services import reports, visits
from casework.workflows.definition import Actor

DAY = dt.timedelta(days=1)
HOURS_APART = dt.timedelta(hours=2)  # between the case worker's steps
# (days ago filed, harm, what the director saw, the case worker's steps)
REPORTS = (
    (3, "guardianship_absent", "父母外出务工，孩子独自在家多日，邻居偶尔送饭", ()),
    (12, "accidental_injury", "孩子在河边玩耍落水受伤，家中无人看护",
     ("accept", "start_assessment")),
    (40, "abuse", "孩子身上多处淤青，自述被继父打骂",
     ("accept", "start_assessment", "record_assessment", "record_assistance_plan")),
)  # fmt: skip
PAYLOADS = {
    "accept": {"urgent": False},
    "record_assessment": {"assessment": "监护人监护能力不足，需持续关注", "risk_level": "medium"},
    "record_assistance_plan": {"plan": "联系镇妇联与学校，每两周走访一次，督促监护人履责"},
}


def file_some(director: Actor, worker: Actor, now: dt.datetime) -> int:
    """File the reports about children of the director's village and take them as far as
    REPORTS says; returns how many were filed."""
    village = Place.get(Place.path == director.place_path)
    known = list(Child.select().where(Child.place == village.id).order_by(Child.id).limit(3))
    for number, (days, harm, facts, steps) in enumerate(REPORTS):
        filed = (now - days * DAY).replace(hour=1, minute=30)  # 9:30 in China
        child = known[number] if number < len(known) else None
        case = reports.file_report(director, {
            "reporter_name": director.name, "place_id": village.id, "harm_type": harm,
            "child_id": child.id if child else None,
            "child_description": "" if child else "约8岁儿童", "facts": facts}, filed)  # fmt: skip
        for step, action in enumerate(steps):
            reports.act(worker, case.id, action, now=filed + (step + 1) * HOURS_APART,
                        payload=PAYLOADS.get(action))  # fmt: skip
        if "record_assistance_plan" in steps:  # one follow-up visit since, the next one due
            visited = (filed + 10 * DAY).date()
            visits.record_visit(director, {"kind": "monitoring", "case_id": case.id,
                                "visited_on": visited.isoformat(),
                                "findings": "孩子情况稳定，继父已接受训诫"}, now)  # fmt: skip
    return len(REPORTS)
