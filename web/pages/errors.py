"""Refusals on the pages: an HTML page in the user's language. Requests under /api keep the
API's problem+json handlers, which were registered first."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from casework.errors import DomainError
from web import statuses
from web.access import log_refusal
from web.pages import messages
from web.security import with_allow

API_PREFIX = "/api/"
TITLES = {
    400: _l("The request was refused"),
    401: _l("Please sign in"),
    403: _l("Not permitted"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Not possible now"),
    413: _l("The file is too large"),
    415: _l("This kind of file is not accepted"),
    422: _l("The input is not valid"),
    500: _l("Something went wrong"),
}
HTTP_MESSAGES = {
    400: _l("The request was not understood."),
    403: _l("You may not open this page."),
    404: _l("There is no page at this address."),
    405: _l("This page does not accept that kind of request."),
    413: _l("The file is larger than the service accepts: nothing was kept."),
    500: _l("The server met an error. Try again later; if it persists, tell the administrator."),
}


def error_page(status: int, message: str):
    title = TITLES.get(status, TITLES[500])
    return render_template("layout/error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    def pages_or_api(exc_class, page_handler):
        previous = app.error_handler_spec[None][None].get(exc_class)

        def handle(exc):
            if previous is not None and request.path.startswith(API_PREFIX):
                return previous(exc)
            return page_handler(exc)

        app.register_error_handler(exc_class, handle)

    pages_or_api(DomainError, _domain_refused)
    pages_or_api(CSRFError, _csrf_refused)
    pages_or_api(HTTPException, _http_error)


def _domain_refused(exc: DomainError):
    status = statuses.status(exc)
    if status == 403 and current_user.is_authenticated:
        log_refusal(exc, current_user.actor)  # as the API does: the attempt is kept
    return error_page(status, messages.for_error(exc))


def _csrf_refused(exc: CSRFError):
    return error_page(
        400, str(_l("The form had expired or was not sent from this site: open it again."))
    )


def _http_error(exc: HTTPException):
    status = exc.code or 500
    if status < 400:
        return exc
    body, status = error_page(status, str(HTTP_MESSAGES.get(status, HTTP_MESSAGES[400])))
    return with_allow(current_app.make_response((body, status)), exc)
