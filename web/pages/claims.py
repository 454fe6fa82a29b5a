"""Settlement claims on the pages: the institution drafts a period's claim from its attendance,
enters costs and insurance per line (the subsidy is computed, never typed) and submits it;
the settlement auditor decides each line; finance records the payment. Every button is an
action of the claim workflow open to the user now, done through the one action handler
(web/pages/actions.py); the claim's page draws every action's form itself, the lines' in
their table, and draws itself again with a refused form's errors."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from casework.errors import REQUIRED, Invalid, not_one_of
from casework.queries.claim_lines import COST_COLUMNS
from casework.rules.money import format_yuan
from casework.rules.periods import period_containing
from casework.services import access_log, claims, county_policy, settlement_export
from casework.services import settlement_policy as policy
from casework.vocabulary import AccessAction, Role
from casework.workflows.claim import CLAIM, ClaimState
from web import security
from web.downloads import SPREADSHEETS, spreadsheet
from web.pages import actions, casefile, messages, navigation
from web.pages.actions import ActionForm, CasePages
from web.pages.labels import field_label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_claims", __name__, template_folder="templates", url_prefix="/claims")
bp.before_request(require_sign_in)
STAFF, AUDITOR, FINANCE = Role.INSTITUTION_STAFF, Role.SETTLEMENT_AUDITOR, Role.FINANCE_OFFICER
READERS = [STAFF, AUDITOR, FINANCE, Role.LEADER, Role.ADMIN]
MEDIA = SPREADSHEETS
# what each role's list opens on: the claims waiting for them
WAITING = {AUDITOR: ClaimState.SELF_AUDITED, FINANCE: ClaimState.SENT_TO_FINANCE}
PERIODS_OFFERED = 4  # the last four periods that are over: the current one is billed after

navigation.add("pages_claims.index", _l("Claims"), READERS, order=34)
navigation.set_home("pages_claims.index", [AUDITOR, FINANCE])


@bp.app_template_filter("yuan")
def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals ("1200.00"): never through a float."""
    return format_yuan(int(fen)) if fen is not None else "—"


@bp.get("")
@roles_required(READERS)
def index():
    state = request.args.get("state", WAITING.get(actor().role, ""))
    if state and state not in set(ClaimState):
        state = ""
    rows, total = claims.list_claims(actor(), state=state or None, per_page=200)
    return render_template(
        "claims/index.html",
        rows=[{"claim": c, "totals": claims.totals(c.id)} for c in rows],
        total=total,
        state=state,
        states=list(ClaimState),
        periods=_periods() if actor().role == STAFF else [],
        cases=claims.cases_to_bill(actor()) if actor().role == STAFF else [],
        # the county's statement, for those it is for (the periods that are over)
        statement_periods=_periods() if settlement_export.reads_county_statement(actor()) else [],
    )


def _periods() -> list[str]:
    """Settlement periods the institution may draft now, newest first: only periods that are
    over (claim_steps.draft refuses the others)."""
    county = policy.actor_county(actor())
    cycle = policy.cycle_of(county)
    today = casefile.local_today(now())
    day, found = period_containing(today, cycle).start - dt.timedelta(days=1), []
    for _ in range(PERIODS_OFFERED):
        period = period_containing(day, cycle)
        found.append(period.label)
        day = period.start - dt.timedelta(days=1)
    return found


@bp.post("/new")
@roles_required([STAFF])
def draft():
    data: dict = {"period": request.form.get("period", "")}
    if request.form.get("choosing"):  # the form listed the cases: bill the ones ticked
        data["application_ids"] = [int(i) for i in request.form.getlist("application_ids")
                                   if i.isdigit()]  # fmt: skip
    try:
        claim = claims.draft_claim(actor(), data, now())
    except Invalid as exc:
        flash(messages.for_error(exc), "error")
        return redirect(url_for(".index"))
    flash(_l("The claim has been drafted with %(count)s lines.", count=claim.lines.count()),
          "success")  # fmt: skip
    return redirect(url_for(".show", claim_id=claim.id))


@bp.get("/<int:claim_id>")
@roles_required(READERS)
def show(claim_id: int):
    return _page(claims.get_claim(actor(), claim_id))


def _page(record, failed: ActionForm | None = None):
    """The claim's page; `failed`, a form refused, is drawn again as typed with its errors
    (those of the lines' table named by child, line and column, and marked in their cells)."""
    open_actions = set(record.open_actions)
    errors, cells = _placed_errors(record, failed) if failed else ({}, {})
    buttons, drawn = [], []  # the forms that ask for something are drawn on the page
    for button in actions.buttons(PAGES, record):
        if button.one_click or button.confirm or not button.specs:
            buttons.append(button)
        elif failed is not None and failed.name == button.name:
            drawn.append(failed)
        else:
            drawn.append(actions.action_form(PAGES, record, button.name))
    return render_template(
        "claims/show.html",
        record=record,
        claim=record.claim,
        lines=record.lines,
        totals=record.totals,
        open=open_actions,
        buttons=buttons,
        drawn=drawn,
        editing="edit_lines" in open_actions,
        deciding="decide_lines" in open_actions,
        proposals=claims.proposable(actor(), record.id) if "add_line" in open_actions else [],
        costs=list(COST_COLUMNS.items()),
        **_rejection_codes(record.claim.county_id),
        errors=errors,
        cells=cells,
        form=request.form if failed else {},
        approved_total=format_yuan(record.totals.approved),
        history=[casefile._event(e) for e in reversed(record.history)],
    )


def _rejection_codes(county_id: int) -> dict:
    """The codes the county offers today, and its own wording of them."""
    codes, words = county_policy.rejection_choices(county_id, casefile.local_today(now()))
    return {"codes": codes, "code_names": words}


GRID_ACTIONS = {"edit_lines": "lines", "decide_lines": "decisions"}


def _grid_line_ids(name: str, form) -> list[int]:
    """The lines in the order the payload lists them (its `lines.<n>` or `decisions.<n>`)."""
    ids = form.getlist("line_id", type=int)
    if name == "decide_lines":
        return [i for i in ids if form.get(f"decision-{i}") in ("approve", "reject")]
    return ids


def _placed_errors(record, failed: ActionForm) -> tuple[dict, dict[str, list[str]]]:
    """The refused form's errors; for the lines' table, each named by the line's child, its
    number and the column ("王小明 · 第 12 行 · 总费用"), and by "<line>.<field>" for its cell."""
    key = GRID_ACTIONS.get(failed.name)
    refusal = failed.refusal
    if key is None or refusal is None:
        return failed.errors, {}
    ids = _grid_line_ids(failed.name, request.form)
    names = {line.id: line.child.name for line in record.lines}
    placed: dict[tuple[int, str], list] = {}
    errors = {"_": failed.errors.get("_", [])}
    for name, found in refusal.fields.items():
        head, _, rest = name.partition(".")
        index, _, column = rest.partition(".")
        if head == key and index.isdigit() and column:
            placed.setdefault((int(index), column), []).extend(found)
        elif name == key and isinstance(found, dict):  # marshmallow's: {0: {"total_cost": [..]}}
            for position, columns in found.items():
                for column, said in (columns.items() if isinstance(columns, dict) else ()):
                    placed.setdefault((int(position), column), []).extend(said)
        else:
            errors[name] = [messages.field_message(m) for m in _as_list(found)]
    cells: dict[str, list[str]] = {}
    for (index, column), found in placed.items():
        said = [messages.field_message(m) for m in _as_list(found)]
        line_id = ids[index] if index < len(ids) else None
        where = gettext("%(child)s · line %(line)s · %(column)s", child=names.get(line_id, ""),
                  line=line_id, column=field_label(column))  # fmt: skip
        errors[str(where)] = said
        cells[f"{line_id}.{column}"] = said
    return errors, cells


def _as_list(found) -> list:
    if isinstance(found, dict):
        return [m for value in found.values() for m in _as_list(value)]
    return list(found) if isinstance(found, list | tuple) else [found]


def _edit_lines(form) -> dict:
    """One edit per line shown, with the five amounts as typed (blank counts as 0)."""
    edits = []
    for line_id in form.getlist("line_id", type=int):
        edit = {"line_id": line_id}
        for name in COST_COLUMNS:
            edit[name] = form.get(f"{name}-{line_id}", "").strip() or "0"
        if form.get(f"free-shown-{line_id}"):  # a one-time item's box: unticked means not free
            edit["free_device"] = bool(form.get(f"free-{line_id}"))
        edits.append(edit)
    return {"lines": edits}


def _add_line(form) -> dict:
    """The case and aid item chosen ("application:item") and the costs, if typed already;
    the months (or service date) billed are those the institution's records show."""
    application, _, item = form.get("item", "").partition(":")
    if not application.isdigit() or not item:
        raise Invalid("the payload is not valid", {"item": [REQUIRED]}, code="invalid_payload")
    payload = {"application_id": int(application), "aid_item": item}
    return payload | {n: form.get(n, "").strip() for n in COST_COLUMNS if form.get(n, "").strip()}


def _remove_line(form) -> dict:
    """The remove button of a line sits in the lines' form: it sends its own `remove`."""
    line_id = form.get("remove", type=int)
    if line_id is None:
        raise Invalid("the payload is not valid", {"line_id": [REQUIRED]}, code="invalid_payload")
    return {"line_id": line_id}


def _decisions(form) -> dict:
    decisions = []
    for line_id in form.getlist("line_id", type=int):
        decision = form.get(f"decision-{line_id}", "")
        if decision == "reject":
            decisions.append({"line_id": line_id, "decision": "reject",
                              "code": form.get(f"code-{line_id}") or None,
                              "reason": form.get(f"reason-{line_id}", "").strip()})  # fmt: skip
        elif decision == "approve":
            decisions.append({"line_id": line_id, "decision": "approve"})
    return {"decisions": decisions, "approve_others": form.get("approve_others") == "yes"}


PAGES = CasePages(
    CLAIM,
    load=claims.get_claim,
    act=claims.act,
    case_id="claim_id",
    show="pages_claims.show",
    index="pages_claims.index",
    # the lines' forms sit in the lines' table, as the page draws them
    payloads={
        "edit_lines": _edit_lines,
        "add_line": _add_line,
        "remove_line": _remove_line,
        "decide_lines": _decisions,
    },
    refused_page=_page,
    roles=READERS,
)
actions.register(bp, PAGES)


@bp.get("/statement.<kind>")
@roles_required(READERS)
def county_statement(kind: str):
    """The county's statement for a period (?period=2026-Q1), as the API gives it: the
    service refuses whoever's list of claims is not the whole county's."""
    if kind not in MEDIA:
        raise Invalid(
            "the payload is not valid", {"format": [not_one_of(MEDIA)]}, code="invalid_payload"
        )
    found = settlement_export.county_statement(actor(), None, request.args.get("period", ""))
    period = found.title.split(" ", 1)[0]  # as the service wrote it (2026q1 -> 2026-Q1)
    name = f"settlement-{period}"
    access_log.record(
        actor(),
        AccessAction.EXPORT,
        "county_statement",
        None,
        now(),
        client_address=security.client_address(),
        detail=f"{name}.{kind}",
    )  # personal data of the whole county, logged as the API's download is
    data = settlement_export.to_xlsx(found) if kind == "xlsx" else settlement_export.to_csv(found)
    return spreadsheet(data, kind, name)


@bp.get("/<int:claim_id>/statement.<kind>")
@roles_required(READERS)
def statement(claim_id: int, kind: str):
    if kind not in MEDIA:
        raise Invalid(
            "the payload is not valid", {"format": [not_one_of(MEDIA)]}, code="invalid_payload"
        )
    found = settlement_export.claim_statement(actor(), claim_id)
    data = settlement_export.to_xlsx(found) if kind == "xlsx" else settlement_export.to_csv(found)
    return spreadsheet(data, kind, f"claim-{claim_id}")
