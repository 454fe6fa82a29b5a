"""Rehab applications put into any state, valid arguments for every action, and a snapshot
of everything an action could touch, for the workflow's table, stateful and race tests."""

from __future__ import annotations

import datetime as dt
from functools import cache

from casework.db import db
from casework.models import (
    Agreement,
    ApplicationItem,
    Attendance,
    AuditEntry,
    ChecklistItem,
    DropoutReport,
    Referral,
    RehabApplication,
    RehabPlan,
)
from casework.rules.deadlines import local_date
from casework.services import rehab
from tests.conftest import NOW
from tests.factories import County, World

PAPERS = ("identity", "residence", "diagnosis")
TODAY = NOW.date()  # 2 March 2026 both in UTC and in China at 10:00


def arguments_on(today: dt.date) -> dict[str, dict]:
    """Arguments each action accepts in every state it may be taken from, on `today` (a
    world's clock moves on when it waits for a quarter to be billed)."""
    day, month = today.isoformat(), today.strftime("%Y-%m")
    return {
        "submit": {},
        "record_documents": {"payload": {"received": list(PAPERS)}},
        "start_review": {},
        "return_for_correction": {"reason": "诊断证明不清晰,请重新提供"},
        "resubmit": {"payload": {"diagnosis": "脑性瘫痪(重新诊断)"}},
        "reject": {"reason": "户籍不在本县"},
        "approve": {},
        "refer": {},
        "accept_referral": {},
        "decline_referral": {"reason": "本月名额已满"},
        "sign_agreement": {"payload": {"signed_on": day, "guardian_name": "监护人"}},
        "record_plan": {
            "payload": {
                "assessed_on": day,
                "assessment": "粗大运动评估",
                "goals": "独立行走",
                "starts_on": day,
                "planned_months": 10,
            }  # fmt: skip
        },
        # no more days of the month than have passed (two on 2 March)
        "record_attendance": {
            "payload": {"month": month, "days_attended": min(2, today.day), "sessions": 4}
        },
        "report_dropout": {
            "reason": "随父母外出务工",
            "payload": {"dropped_on": day, "last_month": month},
        },
        "complete": {"payload": {"completed_on": day}},
        "settle": {},
        "close": {},
        "close_unbilled": {"reason": "未实际训练,无可结算月份"},
        "withdraw": {"reason": "监护人申请撤回"},
        "reopen": {"reason": "误驳回,户籍证明已核实"},
        "reopen_closed": {"reason": "误结案,尚有月份待登记"},
    }


ARGUMENTS = arguments_on(TODAY)

# States off the happy path: (state to reach first, role, action that leads there).
OFF_PATH = {
    "returned": ("under_review", "reviewer", "return_for_correction"),
    "resubmitted": ("returned", "intake_clerk", "resubmit"),
    "rejected": ("under_review", "reviewer", "reject"),
    "withdrawn": ("submitted", "intake_clerk", "withdraw"),
    "dropped_out": ("in_rehabilitation", "institution_staff", "report_dropout"),
}
# A closed application reopens only if it dropped out with nothing billed (reopen_closed's
# guard); `closed` itself is reached the happy way, settled by a payment.
CLOSED_UNBILLED = "closed_unbilled"


def reach_to_take(world: World, action: str, state: str, by: str = "intake_clerk") -> int:
    """The id of a new application in `state` from which `action` can be taken."""
    if action == "reopen_closed" and state == "closed":
        return reach(world, CLOSED_UNBILLED, by=by)
    return reach(world, state, by=by)


def file_application(world: World, county: County | None = None, by: str = "intake_clerk"):
    """A new application in `submitted`, filed by the clerk or by the institution's staff."""
    county = county or world.a
    child = world.child(county)
    return rehab.submit_application(
        county.actor(by),
        {"child_id": child.id, "id_number": child.id_number, "items": ["training_limb"],
         "applicant_name": "监护人",
         "applicant_relation": "母亲", "documents_received": list(PAPERS)},
        world.now,
    )  # fmt: skip


def reach(world: World, state: str, county: County | None = None, by: str = "intake_clerk") -> int:
    """The id of a new application driven into `state`."""
    county = county or world.a
    application_id = file_application(world, county, by).id
    drive(world, application_id, state, county)
    return application_id


def drive(world: World, application_id: int, state: str, county: County) -> None:
    if state == CLOSED_UNBILLED:  # a dropout with no month trained, closed by the reviewer
        drive(world, application_id, "dropped_out", county)
        rehab.act(county.actor("reviewer"), application_id, "close_unbilled", now=world.now,
                  **ARGUMENTS["close_unbilled"])  # fmt: skip
        return
    if state in OFF_PATH:
        before, role, action = OFF_PATH[state]
        drive(world, application_id, before, county)
        arguments = arguments_on(local_date(world.now))[action]
        rehab.act(county.actor(role), application_id, action, now=world.now, **arguments)
    else:
        world.advance(application_id, state, county)
    assert rehab.require(application_id).state == state


RELATED = (ApplicationItem, ChecklistItem, Referral, Agreement, RehabPlan, Attendance,
           DropoutReport)  # fmt: skip


def snapshot(application_id: int) -> dict:
    """Every row that belongs to the application, and its audit trail, as the database holds
    them (keys are column names: "institution_id", "actor_id")."""
    found = {name: _rows(sql, application_id) for name, sql in _snapshot_sql(db.obj).items()}
    return {**found, "application": found["application"][0]}


def application_row(application_id: int) -> dict:
    return _rows(_snapshot_sql(db.obj)["application"], application_id)[0]


def audit_rows(application_id: int) -> list[dict]:
    return _rows(_snapshot_sql(db.obj)["audit"], application_id)


def _rows(sql: str, application_id: int) -> list[dict]:
    cursor = db.execute_sql(sql, (application_id,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@cache
def _snapshot_sql(database) -> dict[str, str]:
    """The snapshot's queries, built once: tests take thousands of snapshots."""
    queries = {
        "application": RehabApplication.select().where(RehabApplication.id == 0),
        "audit": AuditEntry.select()
        .where(AuditEntry.entity == "rehab", AuditEntry.entity_id == 0)
        .order_by(AuditEntry.id),
    }
    for model in RELATED:
        queries[model.__name__] = model.select().where(model.application == 0).order_by(model.id)
    sqls = {}
    for name, query in queries.items():
        sql, params = query.sql()
        if name == "audit":  # the entity name is a literal; the id stays the one parameter
            sql = sql.replace(database.param, "'rehab'", 1)
        sqls[name] = sql
    return sqls
