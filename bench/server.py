"""Start and stop the production server (gunicorn with deploy/gunicorn.conf.py) on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Two tokens carry the load a whole county's staff would make: the per-token limit (600 a
# minute and worker, a guard against runaway clients) is raised, and still checked on every
# request.
BENCH_ENV = {"CASEWORK_API_PER_MINUTE": "100000000"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_live(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz/live", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not come up in {seconds} s")


@contextmanager
def gunicorn(database_url: str, metrics_dir: str, *, port: int | None = None,
             extra: list[str] = (), log=None):  # fmt: skip
    """Run gunicorn until the block ends; yields (base URL, process)."""
    port = port or free_port()
    env = dict(os.environ, DATABASE_URL=database_url, PROMETHEUS_MULTIPROC_DIR=metrics_dir,
               **BENCH_ENV)  # fmt: skip
    command = [str(GUNICORN), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", *extra]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_live(base, process)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers of a master process (its children)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")
