"""What every resource module of the API shares: the clock, paging and documented problems."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_smorest import Blueprint as SmorestBlueprint

from casework.clock import utcnow
from web.text_input import CleanTextParser


class Blueprint(SmorestBlueprint):
    """flask-smorest's Blueprint; JSON bodies cleaned of characters XML cannot hold."""

    ARGUMENTS_PARSER = CleanTextParser()


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
        413: "REQUEST_ENTITY_TOO_LARGE",
        415: "UNSUPPORTED_MEDIA_TYPE",
        429: "TOO_MANY_REQUESTS",
    }

    def decorate(view):
        for code in codes:
            view = blp.alt_response(code, names[code])(view)
        return view

    return decorate
