"""A small per-address rate limit for the forms anyone may post without signing in.

Kept in the web process's memory: a sliding window of recent attempts per client address,
guarded by a lock. Chosen over a package (Flask-Limiter) because it is one small function
with no new dependency and reads the app's clock, so tests are exact. Each web worker counts
on its own: with N gunicorn workers an address gets at most N times the limit, which still
stops a script from flooding the county's queue. Behind a reverse proxy, set
CASEWORK_TRUSTED_PROXIES so that the client's address (not the proxy's) is counted.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque

MAX_ADDRESSES = 10_000  # forget the oldest addresses beyond this: memory stays bounded


class Throttle:
    def __init__(self, limit: int, window: dt.timedelta):
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str, now: dt.datetime) -> bool:
        """Count one attempt from `address`; False when it already made `limit` in the window."""
        with self._lock:
            recent = self._seen.pop(address, deque())
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            allowed = len(recent) < self.limit
            if allowed:
                recent.append(now)
            self._seen[address] = recent  # re-inserted last: the dict keeps recency order
            while len(self._seen) > MAX_ADDRESSES:
                self._seen.pop(next(iter(self._seen)))
            return allowed
