"""Settings read once from the environment; nothing else in the project reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'var' / 'casework.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = "dev-only-change-me"
    timezone: str = "Asia/Shanghai"
    token_days: int = 90
    # /healthz fails when the scheduler's latest heartbeat is older than this (seconds)
    heartbeat_max_age: int = 900
    # where gunicorn workers and the scheduler keep Prometheus values (multiprocess mode)
    metrics_dir: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=env.get("SECRET_KEY", cls.secret_key),
            timezone=env.get("CASEWORK_TIMEZONE", cls.timezone),
            token_days=int(env.get("CASEWORK_TOKEN_DAYS", cls.token_days)),
            heartbeat_max_age=int(env.get("CASEWORK_HEARTBEAT_MAX_AGE", cls.heartbeat_max_age)),
            metrics_dir=env.get("PROMETHEUS_MULTIPROC_DIR", ""),
        )
