"""The installable web app of the village phone (the child director, the township supervisor):
its manifest, its service worker (served from the root, so that its scope is the whole site),
the pages it keeps for use without a signal, and the session check its outbox makes before
sending. What it keeps on the phone is in docs/offline.md."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, jsonify, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from casework.services import visit_schedule
from casework.vocabulary import Role
from web.pages import casefile, navigation
from web.pages.session import actor, now

bp = Blueprint("pages_offline", __name__)
STATIC = Path(__file__).resolve().parent.parent / "static"
OFFLINE_ROLES = {Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR}
PNG_ICON_SIZES = (192, 512)  # drawn from favicon.svg by scripts/make-icons.py
VISIT_FORMS_AT_MOST = 60  # the due visits' forms kept; the rest through the form's picker


def offline_user() -> bool:
    """Does the signed-in user get the offline app (the templates load its script then)?"""
    return current_user.is_authenticated and current_user.role in OFFLINE_ROLES


def wants_json() -> bool:
    """A page's form sent by the phone's outbox, which reads the answer as JSON."""
    return request.accept_mimetypes.best == "application/json"


@bp.get("/sw.js")
def service_worker():
    response = send_from_directory(STATIC / "offline", "sw.js", mimetype="text/javascript",
                                   max_age=0)  # fmt: skip
    response.headers["Cache-Control"] = "no-cache"  # a new version is seen on the next load
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    body = {
        "name": _("Child rehabilitation aid"),
        "short_name": _("Village visits"),
        "lang": "zh-CN",
        "start_url": url_for("pages_account.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f8b",
        "icons": [{"src": url_for("static", filename="favicon.svg"), "sizes": "any",
                   "type": "image/svg+xml"}]
        + [{"src": url_for("static", filename=f"icon-{size}.png"), "sizes": f"{size}x{size}",
            "type": "image/png"} for size in PNG_ICON_SIZES],  # phones that install from PNGs only
    }  # fmt: skip
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/offline/session")
def session():
    """Who is signed in and a fresh CSRF token, for the outbox: 401 when signed out (the
    session ended while the phone was offline: the outbox waits for the next sign-in)."""
    if not current_user.is_authenticated:
        response = jsonify({"signed_in": False})
        response.status_code = 401
    else:
        response = jsonify({"signed_in": True, "user": current_user.user.id,
                            "offline": offline_user(), "csrf_token": generate_csrf()})  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/offline/pages")
def pages():
    """The pages the service worker keeps for this user: their home, their visits due, the
    children of their area, the visit and report forms, and the visit form of each visit due."""
    if not offline_user():
        response = jsonify({"pages": []})
    else:
        today = casefile.local_today(now())
        due = visit_schedule.due_visits(actor(), today)[:VISIT_FORMS_AT_MOST]
        forms = [url_for("pages_visits.new", child_id=r.child_id or None,
                         case_id=r.case_id or None, kind=r.kind) for r in due]  # fmt: skip
        fixed = [url_for(navigation.home_endpoint(current_user.role)), url_for("pages_visits.due"),
                 url_for("pages_visits.new"), url_for("pages_reports.new"),
                 url_for("pages_children.index")]  # fmt: skip
        response = jsonify({"pages": list(dict.fromkeys(fixed + forms))})
    response.headers["Cache-Control"] = "no-store"
    return response
