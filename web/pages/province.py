"""The province's page (/province): one row per county of the officer's province with the
figures its leader's dashboard gave when the scheduler last took them, the province's total,
and a county whose figures are not today's (or missing) marked as such. The officer's home."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from casework.rules.money import format_yuan
from casework.services import province
from casework.vocabulary import Role
from web.pages import navigation
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_province", __name__, template_folder="templates", url_prefix="/province")
bp.before_request(require_sign_in)
READERS = [Role.PROVINCE_OFFICER]

navigation.add("pages_province.index", _l("Province dashboard"), READERS, order=79)
navigation.set_home("pages_province.index", READERS)


@bp.get("")
@roles_required(READERS)
def index():
    found = province.province_figures(actor(), now())
    return render_template("province/index.html", province=found, yuan=format_yuan)
