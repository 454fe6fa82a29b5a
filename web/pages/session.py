"""Who is signed in: Flask-Login over casework.services.accounts, and the page helpers that need
the signed-in actor (role checks, the clock)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user

from casework.errors import NotPermitted
from casework.models import User
from casework.services import accounts
from casework.vocabulary import Role
from casework.workflows.definition import Actor
from web.clock import now as now  # the request's time, as the API has it

login_manager = LoginManager()


class SignedIn(UserMixin):
    """A signed-in user; the session id carries a fingerprint of the password hash, so changing
    the password signs out every other session of that user, and the user's session
    generation, so signing out ends every session begun before it: a copied cookie too."""

    def __init__(self, user: User):
        self.user = user
        self.actor: Actor = accounts.actor_for(user)

    def get_id(self) -> str:
        return f"{self.user.id}.{fingerprint(self.user)}.{self.user.session_generation}"

    @property
    def role(self) -> Role:
        return self.actor.role


def fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


@login_manager.user_loader
def load_user(session_id: str) -> SignedIn | None:
    user_id, _, marks = session_id.partition(".")
    mark, _, generation = marks.partition(".")
    if not user_id.isdigit():
        return None
    user = accounts.signed_in_user(int(user_id))
    if user is None or fingerprint(user) != mark or str(user.session_generation) != generation:
        return None
    return SignedIn(user)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer (a keyed hash and its
    serializer) for a request that brings no session cookie: every API call, for one."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # what Flask answers then too
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    login_manager.init_app(app)
    login_manager.login_view = "pages_account.sign_in"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def actor() -> Actor:
    return current_user.actor


def roles_required(roles: Iterable[Role]) -> Callable:
    """Refuse (403 page) a signed-in user whose role is not among `roles`."""
    allowed = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.role not in allowed:
                raise NotPermitted("your role may not open this page", code="page_not_for_role")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def require_sign_in() -> object | None:
    """A blueprint's before_request: send anonymous visitors to the sign-in page."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None
