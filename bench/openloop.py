"""Open-loop load: requests at a constant rate, each request's latency counted from the moment
it was due (wrk2's way), in Python.

wrk runs a closed loop: each connection sends its next request when the last one is answered.
When the server stalls, the connections stop sending, and the stall shows as a handful of slow
requests where a steady stream of users would have waited through it by the hundred (the
"coordinated omission" of the figures). Here the schedule does not wait for the server:
request n is due `n / rate` seconds after the start, whatever happened before it, and its
latency runs from that intended start to the end of its answer. A request that could not be
sent on time, because its connection was still waiting for an earlier answer, counts the
time it waited for its turn as well.

Request n goes on connection `n mod N`: each of the N connections carries `rate / N`
requests a second, one at a time and in order (an action's `expected_version` follows from
the answer before it), and together they make a constant rate. A connection that falls behind
sends its late requests as soon as it can, without pausing between them, until it is back on
schedule. Also kept for each request: when it was really sent and the service time (sent to
answered), the figure a closed loop reports.

bench.http drives the action endpoint with this at 70 % of the closed loop's capacity. Alone:
`python -m bench.openloop URL --rate 200 --seconds 3 [--connections 4] [--json]` sends
`GET URL` on that schedule and prints the figures, or with --json every request's times.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit


class Client(Protocol):
    """What one connection sends: the next request's bytes, and the answer to learn from."""

    def request(self) -> bytes: ...

    def answered(self, status: int, body: bytes) -> None: ...


@dataclass
class Sample:
    """One request, its times in seconds after the start of the schedule."""

    n: int
    connection: int
    intended: float  # when it was due: n / rate
    sent: float  # when its first byte was written (never before `intended`)
    done: float  # when its answer had been read
    status: int  # 0: no answer (timeout or a closed connection)

    @property
    def latency_ms(self) -> float:
        return (self.done - self.intended) * 1000

    @property
    def service_ms(self) -> float:
        return (self.done - self.sent) * 1000


@dataclass
class Result:
    label: str
    rate: float  # asked for, requests a second
    seconds: float  # the schedule's length
    samples: list[Sample]
    notes: list[str] = field(default_factory=list)  # the first refusals, as the server put them
    cpu_seconds: float = 0.0  # this process's own CPU over the run: the generator's cost

    @property
    def answered(self) -> list[Sample]:
        return [s for s in self.samples if s.status]

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if not 200 <= s.status < 300)

    @property
    def achieved(self) -> float:
        """Requests answered a second, from the start until the last answer."""
        end = max((s.done for s in self.samples), default=0.0)
        return len(self.answered) / end if end else 0.0

    def latency(self, q: float) -> float:
        return percentile([s.latency_ms for s in self.answered], q)

    def service(self, q: float) -> float:
        return percentile([s.service_ms for s in self.answered], q)

    def summary(self) -> dict:
        return {
            "rate": self.rate,
            "achieved": self.achieved,
            "requests": len(self.samples),
            "errors": self.errors,
            "p50_ms": self.latency(0.50),
            "p99_ms": self.latency(0.99),
            "max_ms": self.latency(1.0),
            "service_p50_ms": self.service(0.50),
            "service_p99_ms": self.service(0.99),
            "cpu_ms_per_request": self.cpu_ms_per_request,
        }

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_seconds * 1000 / len(self.samples) if self.samples else math.nan

    def line(self) -> str:
        return (
            f"{self.label:>8}: {self.rate:8.0f} req/s asked, {self.achieved:.0f} answered  "
            f"p50 {self.latency(0.5):6.2f} ms  p99 {self.latency(0.99):6.2f} ms  "
            f"max {self.latency(1.0):6.2f} ms  (service time p99 {self.service(0.99):.2f} ms)  "
            f"requests {len(self.samples)}  errors {self.errors}  "
            f"(generator CPU {self.cpu_ms_per_request:.2f} ms a request)"
        )


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of all values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def intended_start(n: int, rate: float) -> float:
    """Seconds after the start at which request n is due."""
    return n / rate


def requests_of(connection: int, connections: int, total: int) -> range:
    """The numbers of the requests one connection carries, in the order it sends them."""
    return range(connection, total, connections)


def run(url: str, rate: float, seconds: float, clients: Sequence[Client], *, label: str = "open",
        timeout: float = 5.0, clock: Callable[[], float] = time.monotonic) -> Result:  # fmt: skip
    """Send `rate * seconds` requests to the server of `url`, one connection per client."""
    cpu = time.process_time()
    result = asyncio.run(_run(url, rate, seconds, clients, label, timeout, clock))
    result.cpu_seconds = time.process_time() - cpu
    return result


async def _run(url, rate, seconds, clients, label, timeout, clock) -> Result:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    total = int(round(rate * seconds))
    result = Result(label, rate, seconds, [])
    connections = [_Connection(host, port, timeout) for _ in clients]
    for connection in connections:  # opened before the clock starts, as wrk does
        await connection.open()
    start = clock()
    await asyncio.gather(*(
        _drive(c, connections[c], client, requests_of(c, len(clients), total), rate, start,
               clock, result)
        for c, client in enumerate(clients)
    ))  # fmt: skip
    for connection in connections:
        connection.close()
    result.samples.sort(key=lambda s: s.n)
    return result


async def _drive(c, connection, client, numbers, rate, start, clock, result) -> None:
    for n in numbers:
        due = start + intended_start(n, rate)
        while (wait := due - clock()) > 0:  # asyncio may wake a hair early
            await asyncio.sleep(wait)
        sent = clock()
        status, body = await connection.exchange(client.request())
        done = clock()
        if status:
            client.answered(status, body)
        if not 200 <= status < 300 and len(result.notes) < 3:
            result.notes.append(f"status {status}: {body[:300].decode(errors='replace')}")
        result.samples.append(Sample(n, c, due - start, sent - start, done - start, status))


class _Connection:
    """One keep-alive HTTP/1.1 connection, opened again when the server closes it."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send one request and read its answer: (status, body), (0, reason) if none came."""
        try:
            async with asyncio.timeout(self.timeout):
                if self.writer is None:
                    await self.open()
                self.writer.write(request)
                return await self._answer()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                ValueError) as error:  # fmt: skip
            self.close()
            return 0, f"{type(error).__name__} {error}".encode()

    async def _answer(self) -> tuple[int, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        length, keep = 0, version != "HTTP/1.0"  # 1.0 closes unless it says otherwise
        for line in lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection":
                keep = value == "keep-alive" if version == "HTTP/1.0" else value != "close"
            elif name == "transfer-encoding":
                raise ValueError(f"transfer-encoding {value} is not read here")
        body = await self.reader.readexactly(length)
        if not keep:
            self.close()
        return int(status), body


def http_request(method: str, url: str, headers: dict[str, str] | None = None,
                 body: bytes = b"") -> bytes:  # fmt: skip
    """The bytes of one HTTP/1.1 request to `url` (its path and query; the host from it too)."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method not in ("GET", "HEAD"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Get:
    """The same GET every time."""

    def __init__(self, url: str):
        self.bytes = http_request("GET", url)

    def request(self) -> bytes:
        return self.bytes

    def answered(self, status: int, body: bytes) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--rate", type=float, required=True, help="requests a second")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5, help="seconds to wait for an answer")
    parser.add_argument("--json", action="store_true", help="every request's times, as JSON")
    args = parser.parse_args()
    clients = [Get(args.url) for _ in range(args.connections)]
    result = run(args.url, args.rate, args.seconds, clients, label="GET", timeout=args.timeout)
    if args.json:
        samples = [vars(s) for s in result.samples]
        print(json.dumps({"summary": result.summary(), "samples": samples}))
    else:
        print(result.line())
    return 0


if __name__ == "__main__":
    if not __package__:
        sys.exit("run it as a module from the project root: python -m bench.openloop")
    sys.exit(main())
