"""The county dashboard: children aided against the target, applications per state, overdue
work by who must act, and the diagram of every registered workflow with live counts."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.rules.money import format_yuan
from casework.rules.rates import Pace
from casework.services import (
    county_policy,
    county_rates,
    coverage,
    holiday_calendar,
    overdue_people,
)
from casework.services import county_statistics as figures
from casework.services import settlement_statistics as settled
from casework.services.accounts import COUNTY_ROLES
from casework.vocabulary import Role
from casework.workflows.registry import WORKFLOWS, workflow_named
from web.pages import actions, casefile, diagram, forms, navigation
from web.pages.labels import AID_ITEMS, DISABILITIES, STATES, label, of_workflow
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
    today = casefile.local_today(now())
    year = forms.year_arg(request.args, today.year)
    # the county's target for the year, as set today; the deployment's figure where it set none
    default = current_app.config["CASEWORK_SETTINGS"].aid_target
    target = county_policy.aid_target(actor(), year, today, default)
    aided = figures.aided(actor(), year, target)
    # the pace only of the year running: a past year is judged on its total
    pace = Pace(target, aided.children, today) if year == today.year else None
    states = figures.per_state(actor())
    return render_template(
        "dashboard/index.html",
        rates=(rates := _rates(year, today)),
        rate_rows=[(t.name, t.visits, t.handled.rate, t.registered) for t in rates.townships]
        if rates
        else [],
        year=year,
        aided=aided,
        pace=pace,
        by_disability=bars(aided.by_disability, DISABILITIES),
        by_item=bars({k: v for k, v in aided.by_item.items() if v}, AID_ITEMS),
        by_state=bars(states, STATES),
        overdue=figures.overdue(actor(), now()),
        unreachable=figures.unreachable_reminders(actor()),
        coverage=coverage.of_county(actor()) if actor().role in coverage.READERS else None,
        # months in Chinese form: 1月 .. 12月
        paid_by_month=_money_bars(
            {
                f"{int(month[5:])}月": fen
                for month, fen in settled.paid_per_month(actor(), year).items()
            }
        ),
        overdue_people=overdue_people.by_person(actor()),
        paid_by_institution=_money_bars(settled.paid_per_institution(actor(), year)),
        # the admin keeps the calendar: told from 1 October on while next year's is missing
        calendar_missing=holiday_calendar.missing_next_year(casefile.local_today(now()))
        if actor().role == Role.ADMIN
        else None,
    )


def _rates(year: int, today: dt.date) -> county_rates.CountyRates | None:
    """Visits on time, cases handled in time and children registered against screened, from
    1 January of the year to its last day over, for those who answer for them."""
    if actor().role not in county_rates.READERS or year > today.year:
        return None
    day = county_rates.last_whole_day(year, today)
    settings = current_app.config["CASEWORK_SETTINGS"]
    return county_rates.as_of(actor(), day, now(), settings, first=dt.date(year, 1, 1))


def _money_bars(values: dict[str, int]) -> list[dict]:
    """Bars of amounts in fen, labelled in yuan (the share is of the largest amount)."""
    rows = bars(values, {})
    for row in rows:
        row["value"] = format_yuan(row["value"])
    return rows


def _state_link(kind: str, state: str) -> str | None:
    """The list of the workflow's cases in `state`, if its pages have one."""
    pages = actions.CASE_PAGES.get(kind)
    return url_for(pages.index, state=state) if pages and pages.index else None


@bp.get("/workflow")
@roles_required(READERS)
def workflow():
    kind = request.args.get("kind", "rehab")
    definition = workflow_named(kind)
    if definition is None:
        abort(404)
    names = of_workflow(kind)
    nodes, edges, width, height = diagram.layout(definition)
    return render_template(
        "dashboard/workflow.html",
        kind=kind,
        kinds={w.name: of_workflow(w.name).title for w in WORKFLOWS},
        title=names.title,
        state_table=names.state_table,
        action_table=names.action_table,
        links={str(s): _state_link(kind, str(s)) for s in definition.states},
        nodes=nodes,
        edges=edges,
        width=width,
        height=height,
        box=(diagram.BOX_W, diagram.BOX_H),
        counts=figures.cases_per_state(definition, actor()),
        terminal=definition.terminal,
        actions=[a for a in definition.actions if a.sources or a.dest],
        deadlines={str(state): deadline for state, deadline in definition.deadlines.items()},
    )
