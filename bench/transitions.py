"""How fast the workflow engine carries out full actions, against what SQLite itself allows.

Prints the in-process rate of full rehab actions through casework.workflows.engine.perform
(load, checks, guard, effect, compare-and-set, audit row, deadline; one transaction each) on
an SQLite file, next to a floor measured in the same run, on the same file, tables and
pragmas: raw sqlite3, one UPDATE (moving an application's state) plus one INSERT (an audit
row) per BEGIN IMMEDIATE ... COMMIT. Engine and floor take turns batch by batch, so a busy
machine slows both alike. Ends with `ratio: <actions per second / floor>`.

Also shown, not part of the ratio: a floor whose UPDATE touches only unindexed columns (the
state is in three indexes, so moving it costs SQLite about half as much again), and the review
loop with resubmit, whose effect evaluates eligibility again through the ORM.

The measured actions are the reviewer's and the guardian's side of an application that does
not work out, over thousands of applications: start_review, return_for_correction (with a
reason), withdraw (with a reason). None has an effect beyond the engine's own work, so the
figure is the engine's.

    python bench/transitions.py [--seconds 3] [--applications 4000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where this file would shadow the
# `transitions` library: put the repository root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from casework.db import SQLITE_PRAGMAS, bind, db, migrate  # noqa: E402
from casework.models import ApplicationItem, ChecklistItem, Child, RehabApplication  # noqa: E402
from casework.rules.identity import compose_resident_id  # noqa: E402
from casework.services import accounts, children, places, rehab  # noqa: E402
from casework.workflows import engine  # noqa: E402
from casework.workflows.rehab import REHAB  # noqa: E402

NOW = dt.datetime(2026, 3, 2, 2, 0)
START = ("reviewer", "start_review", {})
RETURN = ("reviewer", "return_for_correction", {"reason": "诊断证明不清晰,请补充"})
WITHDRAW = ("intake_clerk", "withdraw", {"reason": "监护人申请撤回"})
RESUBMIT = ("intake_clerk", "resubmit", {"payload": {"diagnosis": "脑性瘫痪(复诊)"}})
PATH = (START, RETURN, WITHDRAW)  # each application once: the measured figure
LOOP = (START, RETURN, RESUBMIT)  # round and round: shown for comparison
FLOOR_PRAGMAS = {k: SQLITE_PRAGMAS[k] for k in ("journal_mode", "synchronous", "foreign_keys",
                                                "busy_timeout")}  # fmt: skip


def populate(count: int) -> dict:
    """A county, a reviewer and a clerk, and `count` submitted applications; returns actors."""
    county = places.create_place(None, name="淳安县", code="330127", latitude=29.6,
                                 longitude=119.0, now=NOW)  # fmt: skip
    township = places.create_place(None, name="千岛湖镇", code="330127001", parent_id=county.id,
                                   now=NOW)  # fmt: skip
    village = places.create_place(None, name="富文村", code="330127001001",
                                  parent_id=township.id, now=NOW)  # fmt: skip
    actors = {}
    for role in ("reviewer", "intake_clerk"):
        user = accounts.create_user(None, username=role, name=role, role=role,
                                    password="bench-password", place_id=county.id,
                                    now=NOW)  # fmt: skip
        actors[role] = accounts.actor_for(user)
    child = children.register_child(actors["intake_clerk"], {
        "id_number": compose_resident_id("330127", dt.date(2021, 5, 1), 1), "name": "儿童",
        "place_id": village.id, "residence_basis": "permanent_hukou",
        "disability_types": ["limb"]}, NOW)  # fmt: skip
    first = rehab.submit_application(actors["intake_clerk"], {
        "child_id": child.id, "items": ["training_limb"], "applicant_name": "监护人",
        "applicant_relation": "母亲", "documents_received": ["identity", "residence", "diagnosis"],
    }, NOW)  # fmt: skip
    _clone(first, count - 1)
    return actors


def _clone(application: RehabApplication, copies: int) -> None:
    """Copies of one submitted application, each for a child of its own, with its aid item
    and papers, inserted in bulk."""
    child = Child.select().where(Child.id == application.child_id).dicts().get()
    row = RehabApplication.select().where(RehabApplication.id == application.id).dicts().get()
    with db.atomic():
        numbers = [
            compose_resident_id("330127", child["birth_date"] + dt.timedelta(days=n // 900),
                                n % 900 + 100)
            for n in range(copies)
        ]  # fmt: skip
        for chunk in _chunks(numbers):
            Child.insert_many([child | {"id": None, "id_number": n} for n in chunk]).execute()
        kids = Child.select(Child.id).where(Child.id != child["id"]).order_by(Child.id)
        for chunk in _chunks([k for (k,) in kids.tuples()]):
            RehabApplication.insert_many([row | {"id": None, "child": k} for k in chunk]).execute()
        others = RehabApplication.select(RehabApplication.id).where(
            RehabApplication.id != application.id
        )
        for chunk in _chunks([i for (i,) in others.tuples()]):
            ApplicationItem.insert_many(
                [{"application": i, "aid_item": "training_limb"} for i in chunk]
            ).execute()
            ChecklistItem.insert_many(
                [{"application": i, "kind": k, "received": k != "agreement"}
                 for i in chunk for k in ("identity", "residence", "diagnosis", "agreement")]
            ).execute()  # fmt: skip


def _chunks(values: list, size: int = 100):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def engine_batch(actors: dict, batch: list[int], steps) -> tuple[float, int]:
    """Seconds taken by every step of `steps` on each application of `batch`, and actions."""
    start = time.perf_counter()
    for role, action, arguments in steps:
        actor = actors[role]
        for application_id in batch:
            engine.perform(REHAB, application_id, action, actor, now=NOW, **arguments)
    return time.perf_counter() - start, len(batch) * len(steps)


class Floor:
    """Raw sqlite3 on the same file and tables: one UPDATE and one INSERT per IMMEDIATE
    transaction, on applications of its own. The UPDATE moves the state, as every transition
    must (the state is indexed: three indexes change with it); `plain` instead bumps only
    unindexed columns, the cheapest UPDATE there is, shown for comparison."""

    MOVE = ('UPDATE "rehab_application" SET "state" = ?, "version" = "version" + 1, '
            '"updated_at" = ? WHERE "id" = ?')  # fmt: skip
    PLAIN = ('UPDATE "rehab_application" SET "version" = "version" + 1, "updated_at" = ? '
             'WHERE "id" = ?')  # fmt: skip
    INSERT = ('INSERT INTO "audit_log" ("entity", "entity_id", "action", "from_state", '
              '"to_state", "version", "actor_id", "actor_role", "at", "reason", "changes") '
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")  # fmt: skip

    def __init__(self, path: Path, ids: list[int], plain: bool = False):
        self.connection = sqlite3.connect(path, isolation_level=None)
        for name, value in FLOOR_PRAGMAS.items():
            self.connection.execute(f"PRAGMA {name} = {value}")
        self.ids, self.plain = ids, plain

    def batch(self, count: int) -> tuple[float, int]:
        execute, at = self.connection.execute, NOW.isoformat(" ")
        ids = (self.ids * (count // len(self.ids) + 1))[:count]
        start = time.perf_counter()
        for turn, application_id in enumerate(ids):
            execute("BEGIN IMMEDIATE")
            if self.plain:
                execute(self.PLAIN, (at, application_id))
            else:
                state = "under_review" if turn % 2 else "returned"
                execute(self.MOVE, (state, at, application_id))
            execute(self.INSERT, ("bench", application_id, "floor", "a", "b", 1, None,
                                  "system", at, "", "{}"))  # fmt: skip
            execute("COMMIT")
        return time.perf_counter() - start, count


def measure(actors: dict, floors: list[Floor], batches, steps, seconds: float) -> list:
    """[(rate, count)] for the engine and each floor: they take turns, batch by batch, so all
    see the same machine (other processes, disk, caches)."""
    taken, counts = [0.0] * (1 + len(floors)), [0] * (1 + len(floors))
    for batch in batches:
        turns = [engine_batch(actors, batch, steps)]
        turns += [floor.batch(len(batch) * len(steps)) for floor in floors]
        for index, (seconds_taken, count) in enumerate(turns):
            taken[index] += seconds_taken
            counts[index] += count
        if sum(taken) >= seconds:
            break
    return [(count / spent, count) for spent, count in zip(taken, counts, strict=True)]


def _batches(ids: list[int], size: int = 100, loop: bool = False):
    while True:
        yield from (ids[start : start + size] for start in range(0, len(ids), size))
        if not loop:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="engine and floors together")
    parser.add_argument("--applications", type=int, default=4000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casework-bench-") as directory:
        path = Path(directory) / "bench.db"
        bind(f"sqlite:///{path}")
        migrate()
        with db.connection_context():
            actors = populate(options.applications + 300)
            ids = [i for (i,) in RehabApplication.select(RehabApplication.id).tuples()]
            floors = [Floor(path, ids[:100]), Floor(path, ids[:100], plain=True)]
            looped, warm, fresh = ids[100:200], ids[200:300], ids[300:]
            measure(actors, floors, _batches(warm), PATH, 0)  # warm-up: SQL, caches
            (rate, done), (floor, floor_done), (plain, _) = measure(
                actors, floors, _batches(fresh), PATH, options.seconds
            )
            (loop, loop_done), (loop_floor, _), _ = measure(
                actors, floors, _batches(looped, loop=True), LOOP, options.seconds / 3
            )
            for each in floors:
                each.connection.close()
    if done >= 3 * len(fresh):
        print(f"(all {len(fresh)} applications used before time ran out: add more)")
    pragmas = ", ".join(f"{k}={v}" for k, v in FLOOR_PRAGMAS.items())
    print(
        f"floor:  {floor:,.0f} transactions/s ({floor_done:,} raw sqlite3 transactions: an "
        f"UPDATE moving the state + an INSERT into audit_log; {pragmas})"
    )
    print(
        f"        {plain:,.0f} transactions/s with an UPDATE of unindexed columns only "
        f"(engine: {rate / plain:.2f} of that)"
    )
    print(
        f"engine: {rate:,.0f} actions/s ({done:,} full actions through engine.perform: "
        f"{' / '.join(a for _, a, _ in PATH)})"
    )
    print(
        f"        {loop:,.0f} actions/s for comparison, {loop / loop_floor:.2f} of the floor "
        f"({loop_done:,} of {' / '.join(a for _, a, _ in LOOP)})"
    )
    print(f"ratio: {rate / floor:.2f}")


if __name__ == "__main__":
    main()
