"""What every resource module of the API shares: the clock, paging and documented problems."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from casework.clock import utcnow


def now() -> dt.datetime:
    """The request's time; tests fix it through the CASEWORK_CLOCK setting."""
    clock = current_app.config.get("CASEWORK_CLOCK") or utcnow
    return clock()


def page_body(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


def total_header(total: int) -> dict[str, str]:
    return {"X-Total-Count": str(total)}


def problems(blp, *codes: int):
    """Document the problem responses an operation can give (all application/problem+json)."""
    names = {
        401: "UNAUTHORIZED",
        403: "FORBIDDEN",
        404: "NOT_FOUND",
        409: "CONFLICT",
        422: "UNPROCESSABLE_ENTITY",
    }

    def decorate(view):
        for code in codes:
            view = blp.alt_response(code, names[code])(view)
        return view

    return decorate
