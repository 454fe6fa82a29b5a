"""Settings read once from the environment; nothing else in the project reads os.environ."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'casework.db'}"


DEVELOPMENT_SECRET_KEY = "dev-only-change-me"
MIN_SECRET_KEY_LENGTH = 32


class UnsafeSettings(RuntimeError):
    """Settings the service must not start with (a production server signing sessions with
    the key every copy of the code knows)."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = DEVELOPMENT_SECRET_KEY
    # "production" (make serve, make serve-web) or "development" (the demo, tests, flask run)
    environment: str = "development"
    timezone: str = "Asia/Shanghai"
    # The calendar date every process reads from the clock, for rehearsing the demo on a chosen
    # day (CASEWORK_TODAY=YYYY-MM-DD); None: the real date.
    today: dt.date | None = None
    token_days: int = 90
    # /healthz fails when the scheduler's latest heartbeat is older than this (seconds)
    heartbeat_max_age: int = 900
    # /healthz is degraded once every e-mail the scheduler tried has failed this long (seconds)
    mail_failure_max_age: int = 1800
    # where gunicorn workers and the scheduler keep Prometheus values (multiprocess mode)
    metrics_dir: str = ""
    secure_cookies: bool = False  # True behind HTTPS: session cookies only sent over TLS
    aid_target: int = 270  # children aided a year where the county set none (docs/domain.md)
    # E-mail over SMTP: off while smtp_host is empty. smtp_tls: none, starttls or ssl.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_tls: str = "none"
    smtp_sender: str = "casework@localhost"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout: float = 10.0
    base_url: str = "http://127.0.0.1:8000"  # links in e-mails
    # The scheduler (python -m jobs): its lock file ("" = beside the SQLite file, or var/),
    # how often it scans for reminders, the local hour of the daily digest, and where it
    # serves its Prometheus metrics (HOST:PORT; "" = not served).
    jobs_lock_path: str = ""
    jobs_metrics_bind: str = ""
    scan_minutes: int = 5
    digest_hour: int = 8
    # Documents: kept under documents_dir ("" = var/documents), never served
    # statically; an upload larger than document_max_bytes is refused.
    documents_dir: str = ""
    document_max_bytes: int = 10 * 1024 * 1024
    # Sign-in hardening: lock a username after sign_in_failures failed passwords within
    # lock_minutes (it unlocks lock_minutes after the last failure, or by the admin); rate
    # limits per client address and minute for sign-in posts and for failed tokens, and per
    # token and minute for API requests (per web process).
    sign_in_failures: int = 5
    lock_minutes: int = 15
    sign_in_per_minute: int = 20
    bad_tokens_per_minute: int = 30
    api_per_minute: int = 600
    # How many proxies (nginx, a load balancer) stand in front of the web server and append to
    # X-Forwarded-For: the client's address is read that many hops back. 0 trusts no header.
    trusted_proxies: int = 0

    def check_production(self) -> None:
        """Refuse to serve in production with the development SECRET_KEY (anyone could sign a
        session cookie for any user) or with a key too short to resist guessing."""
        if self.environment != "production":
            return
        if self.secret_key == DEVELOPMENT_SECRET_KEY or (
            len(self.secret_key) < MIN_SECRET_KEY_LENGTH
        ):
            raise UnsafeSettings(
                "CASEWORK_ENV is production but SECRET_KEY is the development key or shorter "
                f"than {MIN_SECRET_KEY_LENGTH} characters: set a long random value, e.g. "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )

    @property
    def documents_path(self) -> Path:
        return Path(self.documents_dir) if self.documents_dir else ROOT / "var" / "documents"

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=env.get("SECRET_KEY", cls.secret_key),
            environment=_choice(
                env, "CASEWORK_ENV", cls.environment, ("development", "production")
            ),
            timezone=env.get("CASEWORK_TIMEZONE", cls.timezone),
            today=_date(env, "CASEWORK_TODAY"),
            token_days=int(env.get("CASEWORK_TOKEN_DAYS", cls.token_days)),
            heartbeat_max_age=int(env.get("CASEWORK_HEARTBEAT_MAX_AGE", cls.heartbeat_max_age)),
            mail_failure_max_age=int(
                env.get("CASEWORK_MAIL_FAILURE_MAX_AGE", cls.mail_failure_max_age)
            ),
            metrics_dir=env.get("PROMETHEUS_MULTIPROC_DIR", ""),
            secure_cookies=env.get("CASEWORK_SECURE_COOKIES", "0").lower() in ("1", "true", "yes"),
            aid_target=int(env.get("CASEWORK_AID_TARGET", cls.aid_target)),
            smtp_host=env.get("CASEWORK_SMTP_HOST", cls.smtp_host),
            smtp_port=int(env.get("CASEWORK_SMTP_PORT", cls.smtp_port)),
            smtp_tls=_choice(env, "CASEWORK_SMTP_TLS", cls.smtp_tls, ("none", "starttls", "ssl")),
            smtp_sender=env.get("CASEWORK_SMTP_SENDER", cls.smtp_sender),
            smtp_user=env.get("CASEWORK_SMTP_USER", cls.smtp_user),
            smtp_password=env.get("CASEWORK_SMTP_PASSWORD", cls.smtp_password),
            smtp_timeout=float(env.get("CASEWORK_SMTP_TIMEOUT", cls.smtp_timeout)),
            base_url=env.get("CASEWORK_BASE_URL", cls.base_url),
            jobs_lock_path=env.get("CASEWORK_JOBS_LOCK", cls.jobs_lock_path),
            jobs_metrics_bind=env.get("CASEWORK_JOBS_METRICS_BIND", cls.jobs_metrics_bind),
            scan_minutes=int(env.get("CASEWORK_SCAN_MINUTES", cls.scan_minutes)),
            digest_hour=int(env.get("CASEWORK_DIGEST_HOUR", cls.digest_hour)),
            documents_dir=env.get("CASEWORK_DOCUMENTS_DIR", cls.documents_dir),
            document_max_bytes=int(env.get("CASEWORK_DOCUMENT_MAX_BYTES", cls.document_max_bytes)),
            sign_in_failures=int(env.get("CASEWORK_SIGN_IN_FAILURES", cls.sign_in_failures)),
            lock_minutes=int(env.get("CASEWORK_LOCK_MINUTES", cls.lock_minutes)),
            sign_in_per_minute=int(env.get("CASEWORK_SIGN_IN_PER_MINUTE", cls.sign_in_per_minute)),
            bad_tokens_per_minute=int(
                env.get("CASEWORK_BAD_TOKENS_PER_MINUTE", cls.bad_tokens_per_minute)
            ),
            api_per_minute=int(env.get("CASEWORK_API_PER_MINUTE", cls.api_per_minute)),
            trusted_proxies=_count(env, "CASEWORK_TRUSTED_PROXIES", cls.trusted_proxies),
        )


def _choice(env, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _date(env, name: str) -> dt.date | None:
    value = env.get(name, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _count(env, name: str, default: int) -> int:
    value = env.get(name, str(default)).strip()
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number of proxies (0 for none), not {value!r}")
    return int(value)
