"""The returns page (信息报送): the county's returns submitted, who submitted each and when;
a month's or a quarter's return counted, shown, downloaded in its fixed layout, and recorded
as submitted upward (the admin and the leader). A refused form comes back with its Chinese
messages and what was typed."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import DomainError, Invalid
from casework.rules.deadlines import local_date
from casework.rules.money import format_yuan
from casework.services import returns
from web import downloads
from web.pages import casefile, messages, navigation
from web.pages.labels import label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_returns", __name__, template_folder="templates", url_prefix="/returns")
bp.before_request(require_sign_in)
READERS = sorted(returns.READERS)
KINDS = {"monthly": _l("Monthly return"), "quarterly": _l("Quarterly return")}

navigation.add("pages_returns.index", _l("Returns"), READERS, order=84)


def _settings():
    return current_app.config["CASEWORK_SETTINGS"]


def _page(values, errors: dict[str, list[str]], counted=None, status: int = 200):
    submitted = [
        {
            "row": row,
            "kind": label(KINDS, row.kind),
            "as_of": local_date(row.as_of).isoformat(),
            "by": row.submitted_by.name,
        }
        for row in returns.submissions(actor())
    ]
    figures = None
    if counted is not None:
        figures = [
            dict(r, shown=format_yuan(r["value"]) if r["code"] in returns.MONEY else r["value"])
            for r in counted.rows()
        ]
    return render_template(
        "returns/index.html",
        values=values,
        errors=errors,
        kinds=list(KINDS.items()),
        submitted=submitted,
        counted=counted,
        figures=figures,
        may_submit=actor().role in returns.SUBMITTERS,
    ), status


def _defaults() -> dict[str, str]:
    return {"kind": "monthly", "period": casefile.local_today(now()).strftime("%Y-%m")}


def _errors(exc: DomainError) -> dict[str, list[str]]:
    if isinstance(exc, Invalid):
        return messages.form_errors(exc)
    return {"_": [messages.for_error(exc)]}


@bp.get("", endpoint="index")
@roles_required(READERS)
def index():
    values = _defaults() | request.args.to_dict()
    if "period" not in request.args:  # nothing asked yet: the list and the form
        return _page(values, {})
    try:
        counted = returns.current(actor(), values["kind"], values["period"].strip(), now(),
                                  _settings())  # fmt: skip
    except DomainError as exc:
        return _page(values, _errors(exc), status=422)
    return _page(values, {}, counted)


@bp.get("/download")
@roles_required(READERS)
def download():
    values = _defaults() | request.args.to_dict()
    kind, period = values["kind"], values["period"].strip()
    try:
        counted = returns.current(actor(), kind, period, now(), _settings())
    except DomainError as exc:
        return _page(values, _errors(exc), status=422)
    return downloads.spreadsheet(returns.to_xlsx(counted), "xlsx", f"return-{kind}-{period}")


@bp.post("/submit")
@roles_required(sorted(returns.SUBMITTERS))
def submit():
    values = {"kind": request.form.get("kind", ""), "period": request.form.get("period", "")}
    try:
        row = returns.submit(actor(), values["kind"], values["period"].strip(), now(),
                             _settings())  # fmt: skip
    except DomainError as exc:
        return _page(values, _errors(exc), status=422)
    flash(_l("The return %(period)s has been recorded as submitted.", period=row.period), "success")
    return redirect(url_for(".index"))


@bp.get("/submissions/<int:submission_id>")
@roles_required(READERS)
def submitted(submission_id: int):
    """A submitted return counted again as of its moment: the figures as sent."""
    counted = returns.reproduce(actor(), submission_id)  # 404 outside the county
    values = {"kind": str(counted.kind), "period": counted.period.label}
    return _page(values, {}, counted)
