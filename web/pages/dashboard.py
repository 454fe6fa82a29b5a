"""The county dashboard: children aided against the target, applications per state, overdue
work by who must act, and the rehab workflow diagram with live counts."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from casework.services import county_statistics as figures
from casework.services.accounts import COUNTY_ROLES
from casework.vocabulary import Role
from casework.workflows.rehab import REHAB
from web.pages import casefile, diagram, navigation
from web.pages.labels import AID_ITEMS, DISABILITIES, STATES, label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_dashboard", __name__, template_folder="templates", url_prefix="/dashboard")
bp.before_request(require_sign_in)
READERS = sorted(COUNTY_ROLES)

navigation.add("pages_dashboard.index", _l("County dashboard"), READERS, order=80)
navigation.add("pages_dashboard.workflow", _l("Workflow diagram"), READERS, order=81)
navigation.set_home("pages_dashboard.index", [Role.LEADER, Role.ADMIN])


def bars(values: dict[str, int], names: dict) -> list[dict]:
    """Rows of a horizontal bar chart, each with its share of the longest bar (0-100)."""
    top = max(values.values(), default=0) or 1
    return [
        {"label": label(names, key), "value": value, "share": round(100 * value / top, 1)}
        for key, value in values.items()
    ]


@bp.get("")
@roles_required(READERS)
def index():
    year = request.args.get("year", casefile.local_today(now()).year, type=int)
    target = current_app.config["CASEWORK_SETTINGS"].aid_target
    aided = figures.aided(actor(), year, target)
    states = figures.per_state(actor())
    return render_template(
        "dashboard/index.html",
        year=year,
        aided=aided,
        by_disability=bars(aided.by_disability, DISABILITIES),
        by_item=bars({k: v for k, v in aided.by_item.items() if v}, AID_ITEMS),
        by_state=bars(states, STATES),
        overdue=figures.overdue(actor(), now()),
    )


@bp.get("/workflow")
@roles_required(READERS)
def workflow():
    nodes, edges, width, height = diagram.layout(REHAB)
    return render_template(
        "dashboard/workflow.html",
        nodes=nodes,
        edges=edges,
        width=width,
        height=height,
        box=(diagram.BOX_W, diagram.BOX_H),
        counts=figures.per_state(actor()),
        terminal=REHAB.terminal,
        actions=REHAB.actions,
        deadlines={str(state): deadline for state, deadline in REHAB.deadlines.items()},
    )
