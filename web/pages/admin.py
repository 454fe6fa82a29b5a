"""The county admin's pages for personal-data protection: the access log, with
filters, and the accounts locked out of signing in, which the admin may unlock. The admin's
other pages: admin_users.py, admin_institutions.py, admin_policy.py."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.rules.masking import mask_text
from casework.services import access_log, accounts, sign_in
from casework.vocabulary import AccessAction, Role
from web.pages import messages, navigation
from web.pages.account import lock_policy
from web.pages.labels import ROLES, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_admin", __name__, template_folder="templates", url_prefix="/admin")
bp.before_request(require_sign_in)
ADMIN = [Role.ADMIN]
PER_PAGE = 50
ACCESS_ACTIONS = {
    AccessAction.VIEW_ID: _l("Whole ID number or phone shown"),
    AccessAction.DOWNLOAD: _l("Paper downloaded"),
    AccessAction.EXPORT: _l("Exported"),
    AccessAction.DENIED: _l("Refused: outside scope or role"),
}
ENTITIES = {
    "child": _l("Child's file"),
    "rehab": _l("Application"),
    "report": _l("Report case"),
    "visit": _l("Visit"),
    "screening": _l("Screening"),
    "agreement": _l("Rehab agreement"),
    "claim": _l("Claim"),
    "claim_line": _l("Claim line"),
    "document": _l("Paper"),
    "user": _l("User"),
    "request": _l("Page or request"),
}

# details as web/access.refusal_detail and casework/services/documents.download write them
REFUSAL = re.compile(r"(?P<method>[A-Z]+) (?P<path>\S+) \((?P<code>\w+)\): .*")
VERSION = re.compile(r"(?P<entity>\w+) (?P<id>\d+), version (?P<v>\d+)")

# one menu entry for all the admin's pages (users, institutions, policy, this log, locks): the
# pages show their own tabs (admin/_tabs.html), so the admin's menu stays on one line
navigation.add("pages_admin_users.index", _l("Administration"), ADMIN, order=80,
               section="pages_admin")  # fmt: skip


@bp.get("/access-log", endpoint="access_log")
@roles_required(ADMIN)
def log_page():
    filters = _filters()
    rows, total = access_log.list_entries(actor(), per_page=PER_PAGE, **filters)
    return render_template(
        "admin/access_log.html",
        rows=[_entry(e) for e in rows],
        total=total,
        filters=filters,
        pages=max(1, -(-total // PER_PAGE)),
        users=accounts.list_users(actor()),
        actions=[(a.value, label(ACCESS_ACTIONS, a)) for a in AccessAction],
    )


def _filters() -> dict:
    args = request.args
    action = args.get("action") or None
    if action not in {a.value for a in AccessAction}:
        action = None
    return {
        "action": action,
        "user_id": args.get("user_id", type=int),
        "since": _day(args.get("since")),
        "until": _day(args.get("until")),
        "page": max(1, args.get("page", 1, type=int)),
    }


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None  # a hand-typed bad date filters nothing


def _entry(entry) -> dict:
    user = entry.user if entry.user_id else None
    return {
        "entry": entry,
        "user": f"{user.name}（{user.username}）" if user else "—",
        "role": label(ROLES, entry.role),
        "action": label(ACCESS_ACTIONS, entry.action),
        "entity": label(ENTITIES, entry.entity),
        # the log keeps free text (a refused path, a file name): no whole ID number or phone
        "detail": mask_text(_detail(entry.detail)),
    }


def _detail(text: str) -> str:
    """The log's detail in the page's words: a refusal's reason (by its code), a version."""
    refused = REFUSAL.fullmatch(text or "")
    if refused:
        reason = messages.say(refused["code"], fallback=_l("Not permitted"))
        return f"{refused['method']} {refused['path']}：{reason}"
    version = VERSION.fullmatch(text or "")
    if version:
        record = label(ENTITIES, version["entity"])
        return str(_l("%(record)s #%(id)s, version %(v)s", record=record, id=version["id"],
                      v=version["v"]))  # fmt: skip
    return text


@bp.get("/locked")
@roles_required(ADMIN)
def locked():
    found = sign_in.locked_users(actor(), now(), lock_policy())
    return render_template(
        "admin/locked.html",
        rows=[{"user": u, "until": until, "role": label(ROLES, u.role)} for u, until in found],
    )


@bp.post("/locked/<int:user_id>/unlock")
@roles_required(ADMIN)
def unlock(user_id: int):
    user = sign_in.unlock(actor(), user_id, now())
    flash(_l("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for(".locked"))
