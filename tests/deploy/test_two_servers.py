"""Several machines against one PostgreSQL: two gunicorn servers on two loopback ports (and,
where the scheduler is installed, two `python -m jobs`), a mixed load of reads and competing
actions sent through both servers, then the invariants: every acknowledged action is in the
audit log exactly once, every version is 1 + the actions taken, no reminder exists twice."""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from casework.db import db
from tests.conftest import PG_URL
from tests.live import stop, wait_live
from tests.ports import free_port

pytestmark = pytest.mark.postgres(reason="several servers need PostgreSQL")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLIENTS, ROUNDS, APPLICATIONS, TIME_LIMIT = 6, 40, 12, 40.0
NEXT = {  # state -> (role, action, body extras): the review loop, which can go round forever
    "submitted": ("reviewer", "start_review", {}),
    "resubmitted": ("reviewer", "start_review", {}),
    "under_review": ("reviewer", "return_for_correction", {"reason": "请补充材料"}),
    "returned": ("intake_clerk", "resubmit", {"payload": {"diagnosis": "已补充"}}),
}


@contextmanager
def _process(command: list[str], env: dict, log: Path):
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            yield process
        finally:
            stop(process)


def _env(tmp_path: Path, name: str) -> dict:
    metrics = tmp_path / f"metrics-{name}"
    metrics.mkdir()
    return dict(os.environ, DATABASE_URL=PG_URL, PROMETHEUS_MULTIPROC_DIR=str(metrics))


def _servers(stack: ExitStack, tmp_path: Path) -> list[int]:
    ports = []
    for name in ("web1", "web2"):
        port, log = free_port(), tmp_path / f"{name}.log"
        command = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"]  # fmt: skip
        process = stack.enter_context(_process(command, _env(tmp_path, name), log))
        wait_live(port, process, log)
        ports.append(port)
    return ports


def _schedulers(stack: ExitStack, tmp_path: Path) -> list[subprocess.Popen]:
    """Two scheduler processes where the tree has one; exactly one may lead."""
    if not (ROOT / "jobs" / "__main__.py").exists():
        return []
    processes = []
    for name in ("jobs1", "jobs2"):
        # a lock file each, as on two hosts: only PostgreSQL's advisory lock keeps one leader
        env = _env(tmp_path, name) | {"CASEWORK_JOBS_LOCK": str(tmp_path / f"{name}.lock")}
        command = [sys.executable, "-m", "jobs"]
        processes.append(stack.enter_context(_process(command, env, tmp_path / f"{name}.log")))
    return processes


class Client(threading.Thread):
    """Reads an application and acts on it, each request through either server at random."""

    def __init__(self, ports, tokens, ids, deadline, seed):
        super().__init__()
        self.connections = [http.client.HTTPConnection("127.0.0.1", p, timeout=10) for p in ports]
        self.tokens, self.ids, self.deadline = tokens, ids, deadline
        self.random = random.Random(seed)
        self.acknowledged: list[tuple[int, str, int]] = []  # (application, action, version)
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.uncertain = 0  # actions whose first attempt lost its connection

    def call(self, method: str, path: str, role: str, body: dict | None = None):
        """One request on a kept-alive connection to either server; a connection the server
        closed while idle is opened again once. Retrying a POST is safe here: it carries
        expected_version, so a first attempt that did commit turns the retry into a 409."""
        index = self.random.randrange(len(self.connections))
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            connection = self.connections[index]
            try:
                connection.request(method, path, json.dumps(body) if body else None, headers)
                response = connection.getresponse()
                payload = json.loads(response.read() or b"null")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()
                if attempt == 2:
                    raise
                self.uncertain += method == "POST"  # it may have committed before the drop
        self.statuses[response.status] += 1
        return response.status, payload

    def run(self) -> None:
        for _ in range(ROUNDS):
            if time.monotonic() > self.deadline:
                return
            try:
                self.one_round()
            except Exception as exc:  # a transport failure: reported, not hidden
                self.failures.append(repr(exc))
                break
        for connection in self.connections:
            connection.close()

    def one_round(self) -> None:
        if self.random.random() < 0.2:
            self.call("GET", "/api/v1/rehab-applications?per_page=20", "reviewer")
            return
        application_id = self.random.choice(self.ids)
        path = f"/api/v1/rehab-applications/{application_id}"
        status, record = self.call("GET", path, "reviewer")
        assert status == 200, record
        role, action, extras = NEXT[record["state"]]
        body = {"expected_version": record["version"], **extras}
        status, answer = self.call("POST", f"{path}/actions/{action}", role, body)
        if status == 200:
            self.acknowledged.append((application_id, action, answer["version"]))
        elif status != 409:  # 409: another client moved it first, which is the point
            self.failures.append(f"{action} on {application_id}: {status} {answer}")


def _audit_actions() -> list[tuple[int, str, int]]:
    return [
        tuple(row)
        for row in db.execute_sql(
            "SELECT entity_id, action, version FROM audit_log "
            "WHERE entity = 'rehab' AND action <> 'submit'"
        ).fetchall()
    ]


def _reminded(applications: list[int], seconds: float) -> set[int]:
    """The applications among these that have a reminder, once all have one or time is up."""
    deadline = time.monotonic() + seconds
    while True:
        rows = db.execute_sql("SELECT entity_id FROM reminder WHERE entity = 'rehab'").fetchall()
        reminded = {r for (r,) in rows} & set(applications)
        if reminded == set(applications) or time.monotonic() > deadline:
            return reminded
        time.sleep(0.5)


def test_two_servers_and_two_schedulers_share_one_database(world, tmp_path):
    ids = [world.application().id for _ in range(APPLICATIONS)]  # overdue by the real clock
    # the load resets each deadline it touches; these stay overdue for the schedulers to find,
    # whenever their first scan runs
    untouched = [world.application().id for _ in range(3)]
    tokens = {role: world.a.token(role) for role in ("reviewer", "intake_clerk")}
    with ExitStack() as stack:
        ports = _servers(stack, tmp_path)
        schedulers = _schedulers(stack, tmp_path)
        deadline = time.monotonic() + TIME_LIMIT
        clients = [Client(ports, tokens, ids, deadline, seed) for seed in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(TIME_LIMIT + 30)
        reminded = _reminded(untouched, 60) if schedulers else None
        for process in schedulers:
            assert process.poll() is None, "a scheduler process died"

    failures = [f for c in clients for f in c.failures]
    assert failures == []
    statuses = sum((c.statuses for c in clients), Counter())
    assert set(statuses) <= {200, 409}, statuses
    acknowledged = [a for c in clients for a in c.acknowledged]
    assert len(acknowledged) >= APPLICATIONS  # the load really moved cases through both servers

    # every acknowledged action exactly once; nothing else, but for an action whose answer
    # was lost with its connection (then retried, and refused with 409)
    audit = _audit_actions()
    assert Counter(acknowledged) - Counter(audit) == Counter()
    assert set(Counter(audit).values()) == {1}
    assert len(audit) - len(acknowledged) <= sum(c.uncertain for c in clients)
    # versions: 1 + the actions taken, each version reached exactly once
    versions = dict(
        db.execute_sql("SELECT id, version FROM rehab_application").fetchall()  # noqa: C416
    )
    per_case = Counter(application for application, _, _ in audit)
    for application_id in ids:
        assert versions[application_id] == 1 + per_case[application_id]
        reached = sorted(v for a, _, v in audit if a == application_id)
        assert reached == list(range(2, versions[application_id] + 1))

    if reminded is not None:
        assert reminded == set(untouched), "the scheduler pair missed overdue cases"
        duplicates = db.execute_sql(
            "SELECT rule, entity, entity_id, instance, count(*) FROM reminder "
            "GROUP BY rule, entity, entity_id, instance HAVING count(*) > 1"
        ).fetchall()
        assert duplicates == []
