"""HTTP benchmark of the production server: gunicorn on loopback, wrk in another process.

Measures, under the same load in the same run, the framework floor (GET /healthz/live: the
app, its middleware and gunicorn, no database) and the action endpoint (POST
/api/v1/rehab-applications/{id}/actions/{action}: authentication, the engine's transaction and
the compact answer: new state, version, deadline, open actions and the record's link), on
SQLite and, given --postgres URL, on PostgreSQL, in rounds of floor then action (wrk, a closed
loop: each connection sends when its last answer came). Then the open loop (bench.openloop):
the same actions at a constant rate, 70 % of the action's capacity in the rounds just run,
each request's latency counted from when it was due. Targets: the closed loop's ratio (action
rps / floor rps) ≥ 0.45, the open loop's p99 ≤ 20 ms. The last two lines are
`ratio: <action rps / floor rps>` (median of the rounds) and `p99_ms: <open-loop p99>`.

Run from the project root: `python -m bench.http [--postgres postgresql://...]`.
The PostgreSQL database named is emptied first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, openloop, world
from bench.server import gunicorn, worker_pids

RATIO_TARGET = 0.45  # throughput: the action's rate over the floor's, in the closed loop
P99_TARGET_MS = 20  # latency: the action's p99 in the open loop, at OPEN_SHARE of the capacity
OPEN_SHARE = 0.7


def main() -> int:
    args = _arguments()
    targets = [("sqlite", None)] if not args.only_postgres else []
    if args.postgres:
        targets.append(("postgresql", args.postgres))
    results = {}
    for name, url in targets:
        with tempfile.TemporaryDirectory(prefix="bench-http-") as scratch:
            url = url or f"sqlite:///{scratch}/bench.db"
            results[name] = measure(name, url, scratch, args)
    last = results[targets[-1][0]] if args.only_postgres else results["sqlite"]
    print(f"ratio: {last['ratio']:.2f}")
    print(f"p99_ms: {last['p99_ms']:.2f}")
    return 0


def measure(name: str, url: str, scratch: str, args) -> dict:
    print(f"== {name}: seeding {args.applications} applications", flush=True)
    seeded = world.build(url, args.applications)
    server = args.gunicorn  # none: deploy/gunicorn.conf.py decides, as in production
    log = open(Path(scratch) / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    rounds = []
    with gunicorn(url, f"{scratch}/metrics", extra=server, log=log) as (base, process):
        common = {"connections": args.connections, "seconds": args.seconds}
        load.wrk("warm-up", f"{base}/healthz/live", connections=args.connections, seconds=2)
        workers = len(worker_pids(process.pid))  # all of them started by now
        # Floor and action alternate, so that a slower spell of a shared machine weighs on
        # both sides of a round's ratio alike.
        for _ in range(args.rounds):
            floor = load.wrk("floor", f"{base}/healthz/live", **common)
            time.sleep(1)  # let requests still in flight when wrk stopped finish
            cases = world.cases(url, seeded.application_ids)
            script_args = [seeded.reviewer_token, seeded.clerk_token, cases,
                           str(args.connections), "/api/v1/rehab-applications/"]  # fmt: skip
            action = load.wrk("action", base, script="actions.lua", args=script_args, **common)
            rounds.append((floor, action))
            time.sleep(1)
        # The open loop at a share of the capacity just measured, on the same server
        rate = args.open_share * statistics.median(action.rps for _, action in rounds)
        walks = review_loops(world.cases(url, seeded.application_ids), args.connections, seeded)
        opened = openloop.run(base, rate, args.open_seconds, walks, label="open")
    log.close()
    return report(name, url, rounds, opened, args, workers)


# state -> action, the state it leads to, who acts (r: reviewer, c: intake clerk), body extras;
# actions.lua's table, for the open loop
NEXT = {
    "submitted": ("start_review", "under_review", "r", {}),
    "resubmitted": ("start_review", "under_review", "r", {}),
    "under_review": ("return_for_correction", "returned", "r", {"reason": "请补充诊断证明"}),
    "returned": ("resubmit", "resubmitted", "c", {"payload": {"diagnosis": "已补充"}}),
}
PREFIX = "/api/v1/rehab-applications/"


class ReviewLoop:
    """One open-loop connection's applications, walked round the review loop as actions.lua
    walks them: each request with the expected_version the last answer left."""

    def __init__(self, applications: list[list], tokens: dict[str, str]):
        self.applications, self.next, self.current = applications, 0, applications[0]
        self.headers = {
            who: {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
            for who, token in tokens.items()
        }

    def request(self) -> bytes:
        self.current = self.applications[self.next]
        self.next = (self.next + 1) % len(self.applications)
        number, state, version = self.current
        action, _, who, extras = NEXT[state]
        body = json.dumps({"expected_version": version, **extras}, ensure_ascii=False)
        path = f"{PREFIX}{number}/actions/{action}"
        return openloop.http_request("POST", path, self.headers[who], body.encode())

    def answered(self, status: int, body: bytes) -> None:
        if status == 200:
            self.current[1] = NEXT[self.current[1]][1]
            self.current[2] += 1


def review_loops(cases: str, connections: int, seeded) -> list[ReviewLoop]:
    """`connections` walks sharing the applications (CASES as world.cases gives them)."""
    every = [[int(i), state, int(v)] for i, state, v in (c.split(":") for c in cases.split(","))]
    share = len(every) // connections
    tokens = {"r": seeded.reviewer_token, "c": seeded.clerk_token}
    return [ReviewLoop(every[k * share : (k + 1) * share], tokens) for k in range(connections)]


def report(name: str, url: str, rounds: list[tuple[load.Run, load.Run]],
           opened: openloop.Result, args, workers) -> dict:  # fmt: skip
    consistency = world.audit_consistency(url)
    flags = " ".join(args.gunicorn) or "none"
    print(f"   server: gunicorn -c deploy/gunicorn.conf.py, {workers} workers, more flags: "
          f"{flags}; wrk: {args.connections} connections, {args.seconds} s per endpoint, "
          f"{args.rounds} rounds")  # fmt: skip
    for floor, action in rounds:
        for run in (floor, action):
            print("   " + run.line())
            if run.errors:
                print("      " + run.notes.strip().replace("\n", "\n      "))
        print(f"   round ratio {action.rps / floor.rps:.2f}")
    print(f"   open loop, {args.open_share:.0%} of the closed loop's capacity for "
          f"{args.open_seconds} s, latency from each request's intended start:")  # fmt: skip
    print("   " + opened.line())
    for note in opened.notes:
        print("      " + note.strip())
    print(f"   audit rows {consistency['audit_actions']}, version steps "
          f"{consistency['version_steps']}, consistent: {consistency['consistent']}")  # fmt: skip
    ratio = statistics.median(action.rps / floor.rps for floor, action in rounds)
    p99 = statistics.median(action.p99_ms for _, action in rounds)
    rps = statistics.median(action.rps for _, action in rounds)
    errors = sum(floor.errors + action.errors for floor, action in rounds)
    print(f"   {name} closed loop (medians of the rounds): action {rps:.0f} req/s, ratio "
          f"{ratio:.2f}, action p99 {p99:.2f} ms, errors {errors}")  # fmt: skip
    open_p99 = opened.latency(0.99)
    print(f"   {name} targets: throughput, closed loop's ratio {ratio:.2f} (≥ {RATIO_TARGET}: "
          f"{_met(ratio >= RATIO_TARGET)}); latency, open loop at {opened.rate:.0f} req/s: "
          f"p50 {opened.latency(0.5):.2f} ms, p99 {open_p99:.2f} ms (≤ {P99_TARGET_MS} ms: "
          f"{_met(open_p99 <= P99_TARGET_MS and not opened.errors)}), max "
          f"{opened.latency(1.0):.2f} ms, errors {opened.errors}", flush=True)  # fmt: skip
    return {"ratio": ratio, "closed_p99_ms": p99, "rps": rps, "open": opened.summary(),
            "p99_ms": open_p99, "consistency": consistency}  # fmt: skip


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure this PostgreSQL database")
    parser.add_argument("--only-postgres", action="store_true", help="skip SQLite")
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint and round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="floor then action, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument(
        "--open-share",
        type=float,
        default=OPEN_SHARE,
        help="the open loop's rate, a share of the closed loop's (default 0.7)",
    )
    parser.add_argument("--open-seconds", type=float, default=5, help="default 5")
    parser.epilog = "Other flags go to gunicorn: --workers 4, --threads 2, --keep-alive 10 ..."
    args, gunicorn_flags = parser.parse_known_args()
    args.gunicorn = gunicorn_flags
    return args


if __name__ == "__main__":
    if not __package__:
        sys.exit("run it as a module from the project root: python -m bench.http")
    sys.exit(main())
