"""The coverage page: each township without an active child supervisor and each village
without an active child director, for the admin to appoint someone (a reminder stays in the
admin's inbox until then)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from casework.services import coverage
from web.pages import navigation
from web.pages.labels import ROLES, label
from web.pages.session import actor, require_sign_in, roles_required

bp = Blueprint("pages_coverage", __name__, template_folder="templates", url_prefix="/coverage")
bp.before_request(require_sign_in)
READERS = sorted(coverage.READERS)

navigation.add("pages_coverage.index", _l("Network coverage"), [r for r in READERS if r != "admin"],
               order=82)  # fmt: skip


@bp.get("")
@roles_required(READERS)
def index():
    found = coverage.of_county(actor())
    rows = [{"gap": g, "missing": label(ROLES, g.missing)} for g in found.gaps]
    is_admin = actor().role == "admin"
    return render_template("coverage/index.html", coverage=found, rows=rows, is_admin=is_admin)
