"""What every response carries and every request passes: security headers, and rate limits on
signing in and on API tokens (a sliding window per web process: a guard against guessing and
runaway clients, not an accounting)."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import defaultdict, deque

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException

from casework.errors import TooManyRequests

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MAX_KEYS = 10_000
# endpoints whose answers carry no personal data and may be cached: the static files
CACHEABLE = frozenset({"static", "swagger_assets"})
# The vendored Swagger UI page starts itself with an inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


# What a browser's URL parser drops before reading a URL: C0 controls and spaces at either end,
# tabs and line breaks anywhere (the WHATWG URL standard); it also reads a backslash as a slash.
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_DROPPED = str.maketrans("", "", "\t\n\r")


def local_path(target: str | None) -> str | None:
    """`target` as a browser would read it, if that is a path on this site (one leading slash,
    no scheme, no host), else None: what a redirect to a user-supplied `next` may use.
    `/%09/evil.example` is `//evil.example` to a browser, another site."""
    if not target:
        return None
    path = target.strip(_URL_EDGES).translate(_URL_DROPPED).replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return None
    return path


class RateLimiter:
    """At most `limit` events per key in any `window` seconds."""

    def __init__(self, window: float = 60.0, clock=time.monotonic):
        self.window, self.clock = window, clock
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int) -> None:
        """Count one event, or raise TooManyRequests when the key is over its limit."""
        now = self.clock()
        with self._lock:
            events = self._events[key]
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= limit:
                wait = math.ceil(events[0] + self.window - now)
                raise TooManyRequests(
                    f"too many requests: try again in {wait} seconds",
                    code="too_many_requests",
                    params={"seconds": wait},
                    retry_after=wait,
                )
            events.append(now)
            if len(self._events) > MAX_KEYS:  # memory stays bounded: forget idle keys
                for idle in [
                    k for k, e in self._events.items() if not e or e[-1] <= now - self.window
                ]:
                    del self._events[idle]

    def count(self, key: str) -> int:
        with self._lock:
            return len(self._events.get(key, ()))


def limiter() -> RateLimiter:
    return current_app.extensions["casework_rate_limiter"]


def client_address() -> str:
    return request.remote_addr or ""


def limit_sign_in() -> None:
    """Sign-in posts per client address and minute."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    limiter().hit(f"sign-in:{client_address()}", settings.sign_in_per_minute)


def limit_token(token: str) -> None:
    """API requests per token and minute."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    limiter().hit(f"token:{digest}", settings.api_per_minute)


def limit_bad_token() -> None:
    """Failed tokens per client address and minute: guessing tokens stops here."""
    settings = current_app.config["CASEWORK_SETTINGS"]
    limiter().hit(f"bad-token:{client_address()}", settings.bad_tokens_per_minute)


def limit_per_address(kind: str, limit: int, window: float) -> None:
    """At most `limit` events of `kind` per client address in `window` seconds, for the pages
    anyone may post without signing in; a limiter per window length, so that the idle-key
    sweep of a short window never forgets a key that a long one still counts."""
    limiters = current_app.extensions["casework_rate_limiters"]
    found = limiters.get(window) or limiters.setdefault(window, RateLimiter(window))
    found.hit(f"{kind}:{client_address()}", limit)


def with_allow(response, exc: HTTPException):
    """A 405 names the methods the address does take (RFC 9110), as werkzeug's own answer."""
    allow = dict(exc.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    return response


def reset_limits(app: Flask) -> None:
    """Every rate limit counted afresh (the app starting, or a test starting on one app)."""
    app.extensions["casework_rate_limiter"] = RateLimiter()
    app.extensions["casework_rate_limiters"] = {}  # by window, for limit_per_address


def init_app(app: Flask) -> None:
    reset_limits(app)

    @app.after_request
    def _headers(response):
        docs = request.path.startswith("/api/v1/docs")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if current_app.config["CASEWORK_SETTINGS"].secure_cookies:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        # Pages and API answers carry children's and users' personal data: no browser, shared
        # or proxy cache may keep them (a back button after sign-out, a shared office PC, a
        # proxy's disk). Only the static files (no data, and worth caching) are left out.
        if request.endpoint not in CACHEABLE:
            response.headers.setdefault("Cache-Control", "no-store")
        if response.status_code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = "60"
        return response
