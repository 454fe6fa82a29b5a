"""HTTP benchmark of the production server: gunicorn on loopback, wrk in another process.

Measures, under the same load in the same run, the framework floor (GET /healthz/live: the
app, its middleware and gunicorn, no database) and the action endpoint (POST
/api/v1/rehab-applications/{id}/actions/{action}: authentication, the engine's transaction and
the compact answer: new state, version, deadline, open actions and the record's link), on
SQLite and, given --postgres URL, on PostgreSQL, in rounds of floor then action. The last two
lines are `ratio: <action rps / floor rps>` and `p99_ms: <action p99>`, medians of the rounds.

Run from the project root: `python -m bench.http [--postgres postgresql://...]`.
The PostgreSQL database named is emptied first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, world
from bench.server import gunicorn, worker_pids


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
    log.close()
    return report(name, url, rounds, args, workers)


def report(name: str, url: str, rounds: list[tuple[load.Run, load.Run]], args, workers) -> dict:
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
    print(f"   audit rows {consistency['audit_actions']}, version steps "
          f"{consistency['version_steps']}, consistent: {consistency['consistent']}")  # fmt: skip
    ratio = statistics.median(action.rps / floor.rps for floor, action in rounds)
    p99 = statistics.median(action.p99_ms for _, action in rounds)
    rps = statistics.median(action.rps for _, action in rounds)
    errors = sum(floor.errors + action.errors for floor, action in rounds)
    print(f"   {name} (medians of the rounds): action {rps:.0f} req/s, ratio {ratio:.2f}, "
          f"action p99 {p99:.2f} ms, errors {errors}", flush=True)  # fmt: skip
    return {"ratio": ratio, "p99_ms": p99, "rps": rps, "consistency": consistency}


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure this PostgreSQL database")
    parser.add_argument("--only-postgres", action="store_true", help="skip SQLite")
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint and round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="floor then action, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--applications", type=int, default=400)
    parser.epilog = "Other flags go to gunicorn: --workers 4, --threads 2, --keep-alive 10 ..."
    args, gunicorn_flags = parser.parse_known_args()
    args.gunicorn = gunicorn_flags
    return args


if __name__ == "__main__":
    if not __package__:
        sys.exit("run it as a module from the project root: python -m bench.http")
    sys.exit(main())
