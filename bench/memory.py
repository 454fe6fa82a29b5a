"""Memory benchmark: the resident memory of one gunicorn worker before and after 100,000
actions through the production server (the action endpoint, driven by wrk). Target: growth
of at most 20 MB. The worker is not recycled during the run (--max-requests 0).

Run from the project root: `python -m bench.memory [--actions 100000] [--postgres URL]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import load, world
from bench.server import gunicorn, rss_mb, worker_pids


def main() -> int:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        url = args.postgres or f"sqlite:///{scratch}/bench.db"
        print(f"seeding {args.applications} applications on {url.split(':')[0]}", flush=True)
        seeded = world.build(url, args.applications)
        server = ["--workers", "1", "--max-requests", "0"]  # threads: as the config says
        server += ["--threads", str(args.threads)] if args.threads else []
        log = open(Path(scratch) / "gunicorn.log", "w")  # noqa: SIM115 - closed below
        with gunicorn(url, f"{scratch}/metrics", extra=server, log=log) as (base, process):
            (worker,) = worker_pids(process.pid)

            drive = _driver(base, url, seeded, args)
            warm = drive(args.warm_up_seconds)
            baseline = rss_mb(worker)
            print(
                f"after {warm.requests} warm-up actions: worker rss {baseline:.1f} MB", flush=True
            )
            _refusals(warm)
            done, errors = 0, warm.errors
            while done < args.actions:
                time.sleep(1)  # requests in flight when wrk stopped finish before the snapshot
                run = drive(args.chunk_seconds)
                # only answered actions count: refusals (a 429, a 409) do not exercise the path
                done, errors = done + run.requests - run.errors, errors + run.errors
                print(f"after {done} actions ({run.rps:.0f}/s): worker rss "
                      f"{rss_mb(worker):.1f} MB", flush=True)  # fmt: skip
                _refusals(run)
                if run.requests == run.errors:
                    raise SystemExit("every action was refused: no figure")
            final = rss_mb(worker)
            assert worker_pids(process.pid) == [worker], "the worker was replaced mid-run"
        log.close()
    print(f"errors: {errors}")
    print(f"rss_growth_mb: {final - baseline:.1f}")
    return 0


def _refusals(run: load.Run) -> None:
    if run.errors:
        print(f"  {run.errors} refused; the first: {run.notes.strip()}", flush=True)


def _driver(base: str, url: str, seeded: world.BenchWorld, args):
    """A function running actions through wrk for `seconds`, from the cases' current state
    (wrk runs for a time, not a count: the run goes on until the count is passed)."""

    def drive(seconds: int) -> load.Run:
        cases = world.cases(url, seeded.application_ids)
        tokens = [seeded.reviewer_token, seeded.clerk_token]
        script_args = [*tokens, cases, str(args.connections), "/api/v1/rehab-applications/"]
        return load.wrk(
            "actions", base, connections=args.connections, seconds=seconds,
            script="actions.lua", args=script_args,
        )  # fmt: skip

    return drive


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--warm-up-seconds", type=int, default=10)
    parser.add_argument("--chunk-seconds", type=int, default=30, help="rss is read between")
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, help="default: deploy/gunicorn.conf.py's")
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL instead of SQLite (emptied)")
    return parser.parse_args()


if __name__ == "__main__":
    if not __package__:
        sys.exit("run it as a module from the project root: python -m bench.memory")
    sys.exit(main())
