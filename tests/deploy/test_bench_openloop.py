"""The open-loop schedule of bench.openloop (docs/deployment.md, "Benchmarks"), run as its own
command against a fake server that stalls one request on purpose: every request is due at
n / rate whatever the server does, none is sent before it is due, and the requests held up
behind a stall count the wait from when they were due (no coordinated omission).

The bench runs as a command (python -m bench.openloop): the tests do not import bench
(tests/test_architecture.py). Every check on time below is a lower bound that holds however
slow a shared machine is: a stalled server and a slow machine only make answers later."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.slow


@contextmanager
def fake_server(stall_at: int | None = None, stall_seconds: float = 0.0) -> Iterator[str]:
    """An HTTP/1.1 keep-alive server answering 200 at once, except request number `stall_at`
    (counting from 0, in the order they arrive), which it holds `stall_seconds` first."""
    arrived = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            with lock:
                number = len(arrived)
                arrived.append(number)
            if number == stall_at:
                time.sleep(stall_seconds)
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/healthz/live"
    finally:
        server.shutdown()
        server.server_close()


def open_loop(url: str, rate: float, seconds: float, connections: int) -> dict:
    command = [sys.executable, "-m", "bench.openloop", url, "--rate", str(rate),
               "--seconds", str(seconds), "--connections", str(connections), "--json"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_request_is_due_at_n_over_rate_and_never_sent_early():
    rate, seconds, connections = 60, 0.5, 3
    with fake_server() as url:
        result = open_loop(url, rate, seconds, connections)
    samples = result["samples"]
    assert [s["n"] for s in samples] == list(range(30))
    for s in samples:
        assert s["intended"] == pytest.approx(s["n"] / rate)
        assert s["connection"] == s["n"] % connections
        assert s["status"] == 200
        assert s["sent"] >= s["intended"]
        assert s["done"] >= s["sent"]
    # one request at a time on each connection, in order
    for earlier, later in zip(samples, samples[connections:], strict=False):
        assert later["connection"] == earlier["connection"]
        assert later["sent"] >= earlier["done"]
    assert result["summary"]["requests"] == 30
    assert result["summary"]["errors"] == 0


def test_the_requests_behind_a_stall_count_their_wait_from_when_they_were_due():
    rate, seconds, stall_at, stall = 50, 1.0, 10, 0.4
    with fake_server(stall_at, stall) as url:
        result = open_loop(url, rate, seconds, connections=1)
    samples = result["samples"]
    assert len(samples) == 50  # the schedule went on: nothing was dropped while it stalled
    assert [s["intended"] for s in samples] == pytest.approx([n / rate for n in range(50)])
    # the stalled answer ends at least `stall` after request 10 was due; every request due
    # before then, on the one connection, is answered after it
    stalled_until = stall_at / rate + stall
    # the 20 requests due while request 10 is held (0.4 s at 50/s), counted by number: by
    # time, 30/50 and 10/50 + 0.4 compare by a rounding error
    behind = samples[stall_at : stall_at + round(stall * rate)]
    assert [s["n"] for s in behind] == list(range(stall_at, 30))
    for s in behind:
        latency_ms = (s["done"] - s["intended"]) * 1000
        assert latency_ms >= (stalled_until - s["intended"]) * 1000 - 1e-6
    # a closed loop's service time sees one slow request; the intended start sees the queue
    assert samples[stall_at]["done"] - samples[stall_at]["sent"] >= stall
    slow = [s for s in samples if (s["done"] - s["intended"]) * 1000 >= stall * 1000 / 2]
    assert len(slow) >= 10  # the 10 due in the first half of the stall, at least
    summary = result["summary"]
    assert summary["max_ms"] >= stall * 1000
    latencies = sorted((s["done"] - s["intended"]) * 1000 for s in samples)
    assert summary["max_ms"] == pytest.approx(latencies[-1])
    assert summary["p99_ms"] == pytest.approx(latencies[math.ceil(0.99 * 50) - 1])
    assert summary["p50_ms"] == pytest.approx(latencies[math.ceil(0.50 * 50) - 1])
