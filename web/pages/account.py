"""Signing in and out, changing one's password, choosing the language, and each role's home."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from casework.errors import Invalid, TooManyRequests, Unauthenticated
from casework.services import accounts
from casework.services import sign_in as sign_in_service
from web import security
from web.pages import messages, navigation
from web.pages.i18n import LANGUAGES
from web.pages.session import SignedIn, actor, now

bp = Blueprint("pages_account", __name__, template_folder="templates")
YEAR = 365 * 24 * 3600


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for(".sign_in"))
    return redirect(url_for(navigation.home_endpoint(current_user.role)))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error, headers = None, {}
    if request.method == "POST":
        try:
            security.limit_sign_in()
            user = sign_in_service.sign_in(
                request.form.get("username", ""),
                request.form.get("password", ""),
                now(),
                policy=lock_policy(),
                client_address=security.client_address(),
            )
        except (Unauthenticated, TooManyRequests) as exc:
            error = messages.for_error(exc)
            if isinstance(exc, TooManyRequests):  # a lock lasts minutes: say how long
                headers["Retry-After"] = str(exc.retry_after)
        else:
            language = session.get("language") or request.cookies.get("language")
            session.clear()  # a fresh session: no fixation across the sign-in
            if language in LANGUAGES:
                session["language"] = language
            login_user(SignedIn(user))
            return redirect(_safe_next(request.args.get("next")) or url_for(".home"))
    status = 429 if headers else 401 if error else 200
    username = request.form.get("username", "")
    return render_template("auth/sign_in.html", error=error, username=username), status, headers


def lock_policy() -> sign_in_service.LockPolicy:
    settings = current_app.config["CASEWORK_SETTINGS"]
    return sign_in_service.LockPolicy(settings.sign_in_failures, settings.lock_minutes)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, as the browser will read it: never an absolute or
    scheme-relative address."""
    return security.local_path(target)


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        accounts.end_sessions(current_user.user.id)
    logout_user()
    flash(_l("You have signed out."), "info")
    response = redirect(url_for(".sign_in"))
    # what the phone kept for working offline (pages, the outbox) goes with the session
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form
        if form.get("new_password", "") != form.get("confirm_password", ""):
            errors = {"confirm_password": [messages.say("passwords_differ")]}
        else:
            try:
                user = accounts.change_password(
                    actor(), form.get("current_password", ""), form.get("new_password", ""), now()
                )
            except Invalid as exc:
                errors = messages.field_errors(exc)
            else:
                login_user(SignedIn(user))  # the session id follows the new password
                flash(_l("Your password has been changed."), "success")
                return redirect(url_for(".home"))
    status = 422 if errors else 200
    return render_template("auth/password.html", errors=errors), status


@bp.post("/language")
def choose_language():
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session["language"] = language
    response = redirect(_safe_next(request.form.get("next")) or url_for(".home"))
    if language in LANGUAGES:
        response.set_cookie("language", language, max_age=YEAR, httponly=True, samesite="Lax")
    return response
