"""The production server (gunicorn with deploy/gunicorn.conf.py) started by the tests on a
loopback port, on a database, until the block ends."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@contextmanager
def serving(database_url: str, tmp_path: Path, workers: int = 2) -> Iterator[str]:
    """gunicorn on the database; yields its base URL."""
    # no metrics directory yet, as on a fresh checkout: gunicorn's configuration makes it
    port, log, metrics = free_port(), tmp_path / "gunicorn.log", tmp_path / "metrics"
    env = dict(os.environ, DATABASE_URL=database_url, PROMETHEUS_MULTIPROC_DIR=str(metrics))
    command = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]  # fmt: skip
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            wait_live(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def wait_live(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            connection.request("GET", "/healthz/live")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError(f"server on {port} did not start:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
