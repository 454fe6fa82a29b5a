"""Which months a rehabilitation's attendance may be recorded for, as a pure function of dates:
the rehab step refuses the others and the institution's attendance grid leaves them closed."""

from __future__ import annotations

import datetime as dt

OUTSIDE = "outside_rehabilitation"  # before the plan's first month, or after this month
AFTER_DROPOUT = "after_dropout"  # after the last month a child who dropped out attended


def refusal(
    month: dt.date, starts_on: dt.date, today: dt.date, last_attended: dt.date | None = None
) -> str | None:
    """Why attendance for `month` (its first day) cannot be recorded, or None when it can:
    only months from the plan's start to this month, and none after the last month attended
    of a child who dropped out (`last_attended`, a first day too)."""
    if not starts_on.replace(day=1) <= month <= today.replace(day=1):
        return OUTSIDE
    if last_attended is not None and month > last_attended:
        return AFTER_DROPOUT
    return None
