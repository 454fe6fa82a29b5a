"""What every resource module of the API shares: the clock, paging and documented problems."""

from __future__ import annotations

from flask_smorest import Blueprint as SmorestBlueprint

from web.clock import now as now  # the request's time, as the pages have it
from web.text_input import CleanTextParser


class Blueprint(SmorestBlueprint):
    """flask-smorest's Blueprint; JSON bodies cleaned of characters XML cannot hold."""

    ARGUMENTS_PARSER = CleanTextParser()


def page_body(items: list, total: int, query: dict) -> dict:
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


# how a page's answer documents its header (total_header)
TOTAL = {"X-Total-Count": {"schema": {"type": "integer"}, "description": "rows over all pages"}}


def total_header(total: int) -> dict[str, str]:
    return {"X-Total-Count": str(total)}


PROBLEM_RESPONSES = {  # flask-smorest documents a response for each status by its name
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "UNPROCESSABLE_ENTITY",
    413: "REQUEST_ENTITY_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
}


def problems(blp, *codes: int):
    """Document the problem responses an operation can give (all application/problem+json):
    one `doc`, where an alt_response per code wrapped the view once each."""
    return blp.doc(responses={code: PROBLEM_RESPONSES[code] for code in codes})


# The header a phone sends with a write from its outbox (web/idempotency.py); documented as an
# operation parameter. These operations take their input as a JSON body, so `parameters` here
# is the whole list (a `doc` replaces the list flask-smorest would build from query arguments).
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 100},
    "description": "a key the client makes for this write (1 to 100 printable characters): the "
    "same key again answers the first answer, marked `Idempotent-Replayed: true`, and writes "
    "nothing; the same key with another body is 409 `idempotency_key_reused`; a refused "
    "write keeps no key. Kept 30 days.",
}


def takes_idempotency_key(blp):
    """Document the Idempotency-Key header on an operation wrapped in `idempotent`."""
    return blp.doc(parameters=[IDEMPOTENCY_KEY])
