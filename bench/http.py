"""HTTP benchmark of the production server: gunicorn on loopback, wrk in another process.

Measures, under the same load in the same run, the framework floor (GET /healthz/live: the
app, its middleware and gunicorn, no database) and the action endpoint (POST
/api/v1/rehab-applications/{id}/actions/{action}: authentication, the engine's transaction and
the compact answer: new state, version, deadline, open actions and the record's link), on
SQLite and, given --postgres URL, on PostgreSQL. The last two lines are
`ratio: <action rps / floor rps>` and `p99_ms: <action p99>`.

Run from the project root: `python -m bench.http [--postgres postgresql://...]`.
The PostgreSQL database named is emptied first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import load, world
from bench.server import gunicorn


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
    print(f"p99_ms: {last['action'].p99_ms:.2f}")
    return 0


def measure(name: str, url: str, scratch: str, args) -> dict:
    print(f"== {name}: seeding {args.applications} applications", flush=True)
    seeded = world.build(url, args.applications)
    server = ["--workers", str(args.workers), "--threads", str(args.threads)]
    if args.lean:
        server.append("bench.lean_app:app")
    log = open(Path(scratch) / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    with gunicorn(url, f"{scratch}/metrics", extra=server, log=log) as (base, _process):
        common = {"connections": args.connections, "seconds": args.seconds}
        load.wrk("warm-up", f"{base}/healthz/live", connections=args.connections, seconds=2)
        runs = [load.wrk("floor", f"{base}/healthz/live", **common)]
        paths = [("action", "/api/v1/rehab-applications/")]
        if args.lean:
            paths.append(("lean", "/bench/rehab-applications/"))
        for label, prefix in paths:
            time.sleep(1)  # let requests still in flight when wrk stopped finish
            cases = world.cases(url, seeded.application_ids)
            script_args = [seeded.reviewer_token, seeded.clerk_token, cases,
                           str(args.connections), prefix]  # fmt: skip
            runs.append(load.wrk(label, base, script="actions.lua", args=script_args, **common))
    log.close()
    time.sleep(1)
    return report(name, url, runs, args)


def report(name: str, url: str, runs: list[load.Run], args) -> dict:
    floor, action = runs[0], runs[1]
    consistency = world.audit_consistency(url)
    ratio = action.rps / floor.rps
    app = "bench.lean_app (web.wsgi + one bench route)" if args.lean else "web.wsgi"
    print(f"   server: gunicorn gthread {app}, {args.workers} workers x {args.threads} threads; "
          f"wrk: {args.connections} connections, {args.seconds} s per endpoint")  # fmt: skip
    for run in runs:
        print("   " + run.line())
        if run.errors:
            print("      " + run.notes.strip().replace("\n", "\n      "))
    print(f"   audit rows {consistency['audit_actions']}, version steps "
          f"{consistency['version_steps']}, consistent: {consistency['consistent']}")  # fmt: skip
    if args.lean:
        print(f"   lean ratio {runs[2].rps / floor.rps:.2f}, lean p99 {runs[2].p99_ms:.2f} ms")
    print(f"   {name} ratio {ratio:.2f}, action p99 {action.p99_ms:.2f} ms", flush=True)
    return {"floor": floor, "action": action, "ratio": ratio, "consistency": consistency}


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure this PostgreSQL database")
    parser.add_argument("--only-postgres", action="store_true", help="skip SQLite")
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=8)
    # as deploy/gunicorn.conf.py runs on these 2-core machines
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument(
        "--lean", action="store_true", help="also a bench-only route answering the outcome alone"
    )
    return parser.parse_args()


if __name__ == "__main__":
    if not __package__:
        sys.exit("run it as a module from the project root: python -m bench.http")
    sys.exit(main())
