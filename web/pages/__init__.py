"""The pages people use in a browser: Chinese first, signed in with a password, CSRF-protected.

One blueprint per area (account, rehab, children, institution, dashboard); each adds its
entries to the shared navigation, which shows a user only the areas of their role. Later areas
(claims, reports, visits, inbox) register the same way in `AREAS`.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web.pages import cases, errors, i18n, session, templating

AREAS = ("account", "rehab", "children", "institution", "dashboard", "claims", "reports", "visits",
         "inbox", "public", "documents", "tokens", "admin", "pickers",
         "home_education", "admin_users", "admin_institutions", "admin_policy",
         "admin_calendar", "admin_county_policy", "admin_policy_kinds", "benefits", "ledgers",
         "returns",
         "family", "screenings", "admin_benefits", "offline", "coverage", "province")  # fmt: skip
csrf = CSRFProtect()


def register_pages(app: Flask) -> None:
    """Add the pages to `app`; call after the API so its blueprints can be exempted from CSRF."""
    settings = app.config["CASEWORK_SETTINGS"]
    app.config.setdefault("CASEWORK_CLOCK", None)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    api_blueprints = list(app.blueprints.values())  # bearer tokens: no cookies, no CSRF
    csrf.init_app(app)
    for blueprint in api_blueprints:
        csrf.exempt(blueprint)
    i18n.init_app(app)
    session.init_app(app)
    templating.init_app(app)
    for area in AREAS:
        app.register_blueprint(import_module(f"web.pages.{area}").bp)  # named pages_<area>
    for blueprint in cases.blueprints():  # the workflows without a page module of their own
        app.register_blueprint(blueprint)
    errors.register(app)
