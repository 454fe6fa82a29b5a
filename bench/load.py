"""Drive load with wrk (a C load generator, in its own process) and read its figures."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Run:
    label: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers, socket errors and timeouts
    notes: str = ""  # what the script wrote to stderr (its first refusals)

    def line(self) -> str:
        return (
            f"{self.label:>8}: {self.rps:8.0f} req/s  p50 {self.p50_ms:6.2f} ms  "
            f"p99 {self.p99_ms:6.2f} ms  requests {self.requests}  errors {self.errors}"
        )


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is missing: install it with `apt-get install wrk` (Debian)")
    return path


def wrk(label: str, url: str, *, connections: int, seconds: int, script: str | None = None,
        args: list[str] = ()) -> Run:  # fmt: skip
    """One wrk run with one connection per wrk thread (the action script needs that)."""
    command = [wrk_path(), "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "5s", "--latency"]  # fmt: skip
    if script:
        command += ["-s", str(HERE / script)]
    command.append(url)
    if args:
        command += ["--", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    run = parse(label, done.stdout)
    run.notes = done.stderr
    return run


def parse(label: str, output: str) -> Run:
    requests, seconds, unit = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m),", output).groups()
    seconds = float(seconds) * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)  # fmt: skip
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Run(
        label,
        int(requests),
        seconds,
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        _latency(output, "50%"),
        _latency(output, "99%"),
        errors,
    )


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(\w+)", output, re.M).groups()
    return float(value) * UNITS[unit]
