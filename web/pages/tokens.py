"""My API tokens: the signed-in user's own tokens, a new one (shown once) and revocation."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid, NotPermitted
from casework.services import tokens
from casework.vocabulary import PERSON_ROLES
from web.pages import messages, navigation
from web.pages.session import actor, now, require_sign_in

bp = Blueprint("pages_tokens", __name__, template_folder="templates", url_prefix="/account")
bp.before_request(require_sign_in)

navigation.add("pages_tokens.index", _l("My API tokens"), PERSON_ROLES, order=95)


@bp.get("/tokens")
def index(errors: dict | None = None, new_token: str = "", status: int = 200):
    return render_template(
        "account/tokens.html",
        rows=[_row(t) for t in tokens.list_tokens(actor())],
        errors=errors or {},
        new_token=new_token,
        values=request.form,
        max_days=tokens.MAX_DAYS,
        max_label=tokens.MAX_LABEL,
        default_days=tokens.default_days(current_app.config["CASEWORK_SETTINGS"].token_days),
    ), status


STATUS = {"revoked": _l("Revoked"), "expired": _l("Expired"), "active": _l("In use")}


def _row(token) -> dict:
    if token.revoked_at is not None:
        status = "revoked"
    elif token.expires_at <= now():
        status = "expired"
    else:
        status = "active"
    return {"token": token, "status": STATUS[status], "active": status == "active"}


@bp.post("/tokens")
def create():
    days = request.form.get("days", type=int)  # not a number: None, which issue refuses
    try:
        _, token = tokens.issue(actor(), now(), label=request.form.get("label", ""), days=days)
    except Invalid as exc:
        return index(messages.field_errors(exc), status=422)
    # shown once, on this answer only: never stored whole, never put in a redirect or flash
    page, status = index(new_token=token)
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    if token_id not in {t.id for t in tokens.list_tokens(actor())}:
        # this page is one's own tokens
        raise NotPermitted(
            f"token {token_id} is not yours", code="not_your_token", params={"id": token_id}
        )
    tokens.revoke(actor(), token_id, now())
    flash(_l("The token has been revoked: it no longer opens the API."), "success")
    return redirect(url_for(".index"))
