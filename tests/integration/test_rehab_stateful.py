"""Random actions by random users never break the rehab workflow's invariants.

Users of every role in both counties, staff of every institution and the system act on
applications in any state, with valid, missing, future-dated or nonsensical arguments and with
current, stale or no expected versions. After every step:

- the state is one of RehabState;
- a successful action raised the version by exactly one and added exactly one audit row;
- a refused action changed nothing: not the application, its related rows, its audit trail,
  nor any other table;
- every application's audit trail is one unbroken chain, one row per version, from `submit`
  to the state it is in now.

Each example starts from an emptied database and a new two-county world, so an example replays
the same way every time (hypothesis insists on that).
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from casework.db import db, migrate
from casework.errors import Conflict, DomainError
from casework.models import ALL_MODELS, Attendance
from casework.reminders.calendar_math import next_month
from casework.rules.deadlines import local_date
from casework.services import rehab
from casework.vocabulary import Role
from casework.workflows.definition import SYSTEM
from casework.workflows.rehab import ACTIONS, REHAB, RehabState
from tests.conftest import NOW, ON_POSTGRES
from tests.factories import World, build_world
from tests.integration.rehab_cases import (
    CLOSED_UNBILLED,
    TODAY,
    application_row,
    arguments_on,
    audit_rows,
    reach,
    snapshot,
)

STATES = {str(s) for s in RehabState}
START_STATES = ["submitted", "under_review", "returned", "resubmitted", "approved", "referred",
                "accepted", "agreed", "in_rehabilitation", "dropped_out", "completed", "settled",
                "rejected", "withdrawn"]  # fmt: skip
ACTION_NAMES = [a.name for a in ACTIONS] + ["no_such_action"]
BY_PEOPLE = [a.name for a in ACTIONS if a.sources and a.roles != {Role.SYSTEM}]
SETTLEABLE = ("completed", "dropped_out")
PARTIES = ("intake_clerk", "reviewer", "settlement_auditor", "institution_staff")
MAX_APPLICATIONS = 3  # per example: the steps go to actions, not to filing
VARIANTS = ["valid", "missing", "future", "nonsense"]
PLAUSIBLE = ["valid"] * 5 + VARIANTS[1:]
JUNK = {"received": ["passport"], "diagnosis": 42, "institution_id": 10_000, "signed_on": "昨天",
        "guardian_name": "", "assessed_on": "2026-13-01", "assessment": "", "goals": "",
        "starts_on": None, "planned_months": 0, "month": "March", "days_attended": -1,
        "dropped_on": "soon", "last_month": "2026-3", "completed_on": "", "sessions": -5,
        "note": ["x"]}  # fmt: skip


def arguments(action: str, variant: str, today: dt.date = TODAY) -> dict:
    """Keyword arguments for `action` on `today`: what a user might plausibly send."""
    valid = copy.deepcopy(arguments_on(today).get(action, {}))
    if variant == "valid":
        return valid
    if variant == "missing":
        return {}
    payload = dict(valid.get("payload", {}))
    if variant == "future":
        for key, value in payload.items():
            if value == today.isoformat():
                payload[key] = (today + dt.timedelta(days=7)).isoformat()
            elif key in ("month", "last_month"):
                payload[key] = next_month(today.replace(day=1)).strftime("%Y-%m")
    else:
        payload = {key: JUNK.get(key) for key in payload} or {"unknown": 1}
    return {**valid, "payload": payload, "reason": "  " if variant == "nonsense" else valid.get(
        "reason", "")}  # fmt: skip


def fresh_world(template: dict) -> World:
    """A two-county world and nothing else, connected, the same for every example, so that
    examples replay exactly as hypothesis requires.

    SQLite: each example gets a copy of a file holding the migrated world (the audit log
    refuses DELETE). PostgreSQL: the world is built and committed once; each example runs in
    a transaction rolled back at its teardown, the engine's transactions becoming savepoints
    (TRUNCATE and a rebuild cost a second per example there). Real commits and concurrency are
    the race test's business."""
    if ON_POSTGRES:
        if not template:
            db.connect(reuse_if_open=True)
            tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
            db.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            template["world"] = build_world(NOW)
        db.transaction().__enter__()
        return copy.deepcopy(template["world"])  # its clock moves when a claim is paid
    path = Path(db.obj.database)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not template:
        migrate()
        with db.connection_context():
            template["world"] = build_world(NOW)
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file
        template["file"] = path.with_name("template.db")
        shutil.copyfile(path, template["file"])
    else:
        shutil.copyfile(template["file"], path)
    db.connect()
    return copy.deepcopy(template["world"])  # its clock moves when a claim is paid


def table_counts() -> tuple[int, ...]:
    """Rows in every table, in one round trip."""
    counts = ", ".join(f'(SELECT COUNT(*) FROM "{m._meta.table_name}")' for m in ALL_MODELS)
    return db.execute_sql(f"SELECT {counts}").fetchone()


class RehabMachine(RuleBasedStateMachine):
    """Each example: a fresh two-county world and applications filed in it by the rules."""

    applications = Bundle("applications")
    template: dict = {}  # the SQLite file every example starts from, and its world

    def __init__(self):
        super().__init__()
        self.world = world = fresh_world(self.template)
        self.actors = {("system",): SYSTEM}
        for name, county in (("a", world.a), ("b", world.b)):
            self.actors |= {(name, key): county.actor(key) for key in county.users}
        self.versions: dict[int, int] = {}
        self.county: dict[int, str] = {}

    def teardown(self):
        if ON_POSTGRES:  # discard the example's transaction (see fresh_world)
            db.pop_transaction()
            db.rollback()
        else:
            db.close()

    @precondition(lambda self: len(self.versions) < MAX_APPLICATIONS)
    @rule(
        target=applications,
        state=st.sampled_from(START_STATES),
        county=st.sampled_from(["a", "b"]),
        by=st.sampled_from(["intake_clerk", "institution_staff"]),
    )
    def file(self, state, county, by):
        application_id = reach(self.world, state, getattr(self.world, county), by=by)
        self.versions[application_id] = application_row(application_id)["version"]
        self.county[application_id] = county
        return application_id

    @precondition(lambda self: len(self.versions) < MAX_APPLICATIONS)
    @rule(target=applications, county=st.sampled_from(["a", "b"]))
    def file_a_dropout_closed_in_error(self, county):
        """Its own rule, not a start state: sampled among fifteen, it was hardly ever filed,
        and `reopen_closed` never succeeded."""
        return self.file(CLOSED_UNBILLED, county, "intake_clerk")

    @rule(application=applications, data=st.data())
    def plausible_action(self, application, data):
        """An action open in the current state, mostly by a user of the application's county
        holding one of its roles, mostly with valid arguments and the current version."""
        state = application_row(application)["state"]
        # settle belongs to the system alone, which takes it when finance pays (pay_claim)
        names = [n for n in REHAB.actions_from(state) if n in BY_PEOPLE] or BY_PEOPLE
        action = data.draw(st.sampled_from(names), label="action")
        roles = {str(r) for r in REHAB.action(action).roles}
        county = self.county[application]
        local = [  # staff of the institution the factories refer to; others come in any_action
            k for k in self.actors
            if k[0] == county and str(self.actors[k].role) in roles and k[1] in PARTIES
        ]  # fmt: skip
        who = data.draw(st.sampled_from(local), label="actor")
        version = self.versions[application]
        self._attempt(
            application, action, who, data, PLAUSIBLE, [version, version, None, version - 1]
        )

    @rule(application=applications)
    def finance_pays(self, application):
        """The institution claims the finished application's months, the county audits and
        finance pays: the system settles it, one version and one audit row more."""
        state = application_row(application)["state"]
        if state not in SETTLEABLE or not _trained(application):
            return
        county = getattr(self.world, self.county[application])
        self.world.pay_claim(application, county)
        row = application_row(application)
        assert (row["state"], row["version"]) == ("settled", self.versions[application] + 1)
        trail = audit_rows(application)
        assert (trail[-1]["action"], trail[-1]["actor_role"]) == ("settle", "system")
        self.versions[application] += 1
        event("done: paid -> settled")

    @rule(application=applications)
    def reviewer_reopens_closed(self, application):
        """The county's reviewer reopens a closed application: a dropout closed with nothing
        billed goes back to `dropped_out`; any other is refused with its code, nothing
        changed."""
        if application_row(application)["state"] != "closed":
            return
        reviewer = self.actors[(self.county[application], "reviewer")]
        before, counts = snapshot(application), table_counts()
        try:
            outcome = rehab.act(reviewer, application, "reopen_closed", now=NOW,
                                **arguments("reopen_closed", "valid"))  # fmt: skip
        except Conflict as refusal:
            assert refusal.code in ("closed_after_completion", "closed_after_billing")
            assert (snapshot(application), table_counts()) == (before, counts)
            event(f"refused: {refusal.code}")
            return
        assert (outcome.to_state, outcome.version) == (
            "dropped_out",
            self.versions[application] + 1,
        )
        self.versions[application] = outcome.version
        event("done: reopen_closed -> dropped_out")

    @rule(application=applications, action=st.sampled_from(ACTION_NAMES), data=st.data())
    def any_action(self, application, action, data):
        who = data.draw(st.sampled_from(sorted(self.actors)), label="actor")
        version = self.versions[application]
        self._attempt(application, action, who, data, VARIANTS,
                      [None, version, version - 1, version + 1])  # fmt: skip

    def _attempt(self, application, action, who, data, variants, versions):
        version = self.versions[application]
        variant = data.draw(st.sampled_from(variants), label="arguments")
        kwargs = arguments(action, variant, local_date(self.world.now))
        kwargs["expected_version"] = data.draw(st.sampled_from(versions), label="version")
        before, counts = snapshot(application), table_counts()
        try:
            outcome = rehab.act(self.actors[who], application, action, now=NOW, **kwargs)
        except DomainError as refusal:
            event(f"refused: {type(refusal).__name__}")  # see --hypothesis-show-statistics
            assert snapshot(application) == before
            assert table_counts() == counts
            return
        after = snapshot(application)
        assert outcome.version == after["application"]["version"] == version + 1
        assert after["application"]["state"] == outcome.to_state
        assert after["audit"][:-1] == before["audit"]
        new = after["audit"][-1]
        assert (new["action"], new["from_state"], new["to_state"], new["version"]) == (
            action, outcome.from_state, outcome.to_state, outcome.version)  # fmt: skip
        self.versions[application] = outcome.version
        event(f"done: {action} -> {outcome.to_state}")

    @invariant()
    def every_application_is_consistent(self):
        for application, version in self.versions.items():
            row = application_row(application)
            assert row["state"] in STATES
            assert row["version"] == version
            trail = audit_rows(application)
            assert [r["version"] for r in trail] == list(range(1, version + 1))
            assert (trail[0]["action"], trail[0]["from_state"]) == ("submit", None)
            for earlier, later in zip(trail, trail[1:], strict=False):
                assert later["from_state"] == earlier["to_state"]
            assert trail[-1]["to_state"] == row["state"]


def _trained(application_id: int) -> bool:
    """Whether a month of rehabilitation is on record: without one there is nothing to pay."""
    return (
        Attendance.select()
        .where(Attendance.application == application_id, Attendance.days_attended > 0)
        .exists()
    )


@pytest.mark.slow  # hypothesis walks hundreds of random actions
def test_random_actions_keep_the_invariants(database_url):
    RehabMachine.template = {}
    run_state_machine_as_test(
        RehabMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            database=None,  # no example database in the working tree
            suppress_health_check=[HealthCheck.too_slow],
            # Shrinking replays whole worlds of applications and took minutes on a failure;
            # the unshrunk report (at most 25 steps, every draw labelled) is readable enough.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        ),
    )
    if ON_POSTGRES:
        db.obj.close_all()
