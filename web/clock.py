"""The time of the request being served, for the API and the pages alike: the CASEWORK_CLOCK
setting when tests fix it, else the real clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import current_app

from casework.clock import utcnow


def now() -> dt.datetime:
    clock: Callable[[], dt.datetime] | None = current_app.config.get("CASEWORK_CLOCK")
    return clock() if clock else utcnow()
