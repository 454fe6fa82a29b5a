"""The demo is correct by construction: loaded on any day, at any hour, every state of every
workflow is present, the work due and overdue is there for the people who sign in to it, and
its numbers stay within the ranges the README promises."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.models import (
    Child,
    ChildBenefit,
    Claim,
    ParentFact,
    RehabApplication,
    ReportCase,
    Screening,
    ScreeningEntry,
    ScreeningVillage,
    Transfer,
    User,
    Visit,
)
from casework.rules.deadlines import local_date
from casework.services import accounts, demo, visit_schedule
from casework.services.cases import service
from casework.services.demo_county import DEPARTMENT_STAFF
from casework.vocabulary import (
    ChildCategory,
    LeaveReason,
    ParentSituation,
    ScreeningResult,
    VisitKind,
)
from casework.workflows.claim import ClaimState
from casework.workflows.rehab import RehabState
from casework.workflows.report import ReportState
from casework.workflows.transfer import TRANSFER, TransferState
from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.slow,
    # the demo is built the same way on either database; tests/web/test_cli.py loads it on both
    pytest.mark.skipif(ON_POSTGRES, reason="23 demo loads: once, on SQLite"),
]

# (day, hour in China): the turn of the year, a leap day, each quarter's first and last day,
# the days around the Spring Festival (2027-02-06) and National Day, a whole week (every
# weekday), and the first minutes and the last of a day.
HARD_DAYS = (
    ("2026-12-31", 10), ("2027-01-01", 0), ("2027-01-04", 9), ("2027-02-05", 23),
    ("2027-02-10", 14), ("2027-03-31", 16), ("2027-04-01", 10), ("2027-06-30", 23),
    ("2027-07-01", 0), ("2027-09-30", 10), ("2027-10-01", 10), ("2027-10-08", 8),
    ("2027-12-31", 23), ("2028-01-01", 10), ("2028-02-29", 10), ("2028-03-01", 0),
    ("2026-12-05", 10), ("2026-12-06", 10), ("2026-12-07", 10), ("2026-12-08", 10),
    ("2026-12-09", 10), ("2026-12-10", 10), ("2026-12-11", 10),
)  # fmt: skip
# What the README promises of 淳安县 and 桐庐县 together, on any day.
RANGES = {
    "children": (343, 343),
    "applications": (273, 273),
    "applications_overdue": (15, 40),
    "reports": (20, 20),
    "reports_overdue": (3, 10),
    "visits": (60, 120),
    "transfers": (14, 14),
    "transfers_overdue": (4, 4),
}


def china_time(day: str, hour: int) -> dt.datetime:
    """`hour` o'clock in China on `day`, as the project stores time (naive UTC)."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)) - dt.timedelta(hours=8)


@pytest.mark.parametrize(("day", "hour"), HARD_DAYS, ids=[f"{d}T{h:02d}" for d, h in HARD_DAYS])
def test_the_demo_holds_on_hard_days(database, day, hour):
    now = china_time(day, hour)
    summary = demo.DemoLoader(now).run()
    assert local_date(now).isoformat() == day

    assert {a.state for a in RehabApplication.select(RehabApplication.state)} == set(RehabState)
    assert {c.state for c in ReportCase.select(ReportCase.state)} == set(ReportState)
    assert {c.state for c in Claim.select(Claim.state)} == set(ClaimState)
    assert {v.kind for v in Visit.select(Visit.kind)} == set(VisitKind)
    assert {t.state for t in Transfer.select(Transfer.state)} == set(TransferState)
    departments = Transfer.select(Transfer.department).where(Transfer.department.is_null(False))
    assert len({t.department for t in departments}) >= 5
    assert Transfer.select().where(Transfer.report_case.is_null(False)).exists()
    assert Transfer.select().where(Transfer.rehab_application.is_null(False)).exists()
    assert Transfer.select().where(Transfer.parent.is_null(False)).exists()  # a sub-case
    granted = ChildBenefit.select().where(ChildBenefit.transfer.is_null(False)).get()
    assert granted.amount and granted.starts_on  # the department's grant, on the file
    # each department's officer in 淳安县 reads every request transferred to it
    seen = sum(_listed(f"dept-{d.replace('_', '-')}", now) for d, _ in DEPARTMENT_STAFF)
    assert seen == departments.count() > 0
    assert _listed("dept-civil-affairs-qdh", now) >= 1  # 千岛湖镇's own office
    linked = ReportCase.select().where(ReportCase.rehab_application.is_null(False)).get()
    assert RehabApplication.get_by_id(linked.rehab_application_id).child_id == linked.child_id
    for username in ("case-worker", "child-director"):
        due = _due(username, local_date(now))
        assert due["monitoring"] >= {"due", "overdue"}, username
        assert "overdue" in due["regular"], username
    assert "overdue" in _due("teacher", local_date(now))["home_education"]
    # families in each situation, children in each category, off the register for each reason
    assert {p.situation for p in ParentFact.select()} == set(ParentSituation)
    assert {c for child in Child.select() for c in child.categories} == set(ChildCategory)
    assert {c.left_reason for c in Child.select().where(Child.state == "off_register")} == set(
        LeaveReason
    )
    assert Child.select().where(Child.id_pending == True).count() == 1  # noqa: E712
    assert Child.select().where(Child.category_claims.contains("confirmed_by")).exists()
    _a_screening_in_progress(local_date(now))
    # structured visits, one of which filed its report
    reported = Visit.get(Visit.opened_report.is_null(False))
    assert reported.risk_flags and ReportCase.get_by_id(reported.opened_report_id).child_id
    assert Visit.select().where(Visit.carer != "", Visit.schooling.is_null(False)).count() > 20

    figures = {
        "children": Child.select().count(),
        "applications": RehabApplication.select().count(),
        "applications_overdue": summary.overdue,
        "reports": ReportCase.select().count(),
        "reports_overdue": summary.reports_overdue,
        "visits": Visit.select().count(),
        "transfers": Transfer.select().count(),
        "transfers_overdue": summary.transfers_overdue,
    }
    for name, (low, high) in RANGES.items():
        assert low <= figures[name] <= high, (name, figures[name])


def _listed(username: str, now: dt.datetime) -> int:
    actor = accounts.actor_for(User.get(User.username == username))
    return service(TRANSFER).list(actor, now=now)[1]


def _a_screening_in_progress(today: dt.date) -> None:
    [round_] = Screening.select()
    assert round_.starts_on < today < round_.ends_on
    assert {e.result for e in ScreeningEntry.select()} == set(ScreeningResult)
    parts = list(ScreeningVillage.select().where(ScreeningVillage.screening == round_.id))
    assert 0 < sum(p.completed_at is not None for p in parts) < len(parts)


def _due(username: str, today: dt.date) -> dict[str, set[str]]:
    actor = accounts.actor_for(User.get(User.username == username))
    found: dict[str, set[str]] = {kind: set() for kind in VisitKind}
    for item in visit_schedule.due_visits(actor, today):
        found[item.kind].add(item.status)
    return found
