"""Settlement claims on the pages: the institution drafts a period's claim from its attendance,
enters costs and insurance per line (the subsidy is computed, never typed) and submits it;
the settlement auditor decides each line; finance records the payment. Every button is an
action of the claim workflow open to the user now."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import DomainError, Invalid, NotFound
from casework.queries.claim_lines import COST_COLUMNS
from casework.rules.money import format_yuan
from casework.rules.periods import period_containing
from casework.services import claims, settlement_export
from casework.services import settlement_policy as policy
from casework.vocabulary import RejectionCode, Role
from casework.workflows.claim import CLAIM, ClaimState
from web.pages import casefile, messages, navigation
from web.pages.case_labels import CLAIM_ACTIONS, CLAIM_STATES
from web.pages.labels import label
from web.pages.session import actor, now, require_sign_in, roles_required

bp = Blueprint("pages_claims", __name__, template_folder="templates", url_prefix="/claims")
bp.before_request(require_sign_in)
STAFF, AUDITOR, FINANCE = Role.INSTITUTION_STAFF, Role.SETTLEMENT_AUDITOR, Role.FINANCE_OFFICER
READERS = [STAFF, AUDITOR, FINANCE, Role.LEADER, Role.ADMIN]
CLAIM_LABELS = {"action": CLAIM_ACTIONS, "state": CLAIM_STATES, "record": "claim"}
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# what each role's list opens on: the claims waiting for them
WAITING = {AUDITOR: ClaimState.SELF_AUDITED, FINANCE: ClaimState.SENT_TO_FINANCE}
PERIODS_OFFERED = 4  # the current period and the three before it

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
    )


def _periods() -> list[str]:
    """Settlement periods the institution may draft now, newest first."""
    county = policy.actor_county(actor())
    cycle = policy.cycle_of(county)
    day, found = casefile.local_today(now()), []
    for _ in range(PERIODS_OFFERED):
        period = period_containing(day, cycle)
        found.append(period.label)
        day = period.start - dt.timedelta(days=1)
    return found


@bp.post("/new")
@roles_required([STAFF])
def draft():
    try:
        claim = claims.draft_claim(actor(), {"period": request.form.get("period", "")}, now())
    except Invalid as exc:
        flash(messages.for_error(exc, CLAIM_LABELS), "error")
        return redirect(url_for(".index"))
    flash(_l("The claim has been drafted with %(count)s lines.", count=claim.lines.count()),
          "success")  # fmt: skip
    return redirect(url_for(".show", claim_id=claim.id))


@bp.get("/<int:claim_id>")
@roles_required(READERS)
def show(claim_id: int):
    return _page(claims.get_claim(actor(), claim_id))


def _page(record, errors: dict | None = None, status: int = 200):
    open_actions = set(record.open_actions)
    return render_template(
        "claims/show.html",
        record=record,
        claim=record.claim,
        lines=record.lines,
        totals=record.totals,
        open=open_actions,
        editing="edit_lines" in open_actions,
        deciding="decide_lines" in open_actions,
        proposals=claims.proposable(actor(), record.id) if "add_line" in open_actions else [],
        costs=list(COST_COLUMNS.items()),
        codes=[c.value for c in RejectionCode],
        errors=errors or {},
        form=request.form,
        today=casefile.local_today(now()).isoformat(),
        approved_total=format_yuan(record.totals.approved),
        history=[casefile._event(e) for e in reversed(record.history)],
    ), status


@bp.post("/<int:claim_id>/<name>")
@roles_required(READERS)
def act(claim_id: int, name: str):
    builders = {
        "edit_lines": _edit_lines,
        "add_line": _add_line,
        "remove_line": _remove_line,
        "submit": lambda form: _fields(form, "attestation", "attested_by"),
        "decide_lines": _decisions,
        "record_payment": lambda form: _fields(form, "paid_on", "voucher_number", "amount"),
    }
    if CLAIM.action(name) is None:
        raise NotFound(f"claim action {name} does not exist")
    try:
        payload = builders[name](request.form) if name in builders else None
        claims.act(actor(), claim_id, name, now=now(), payload=payload,
                   reason=request.form.get("reason", "").strip(),
                   expected_version=request.form.get("expected_version", type=int))  # fmt: skip
    except Invalid as exc:
        flash(messages.for_error(exc, CLAIM_LABELS), "error")
        return _page(claims.get_claim(actor(), claim_id), messages.field_errors(exc), 422)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash(messages.for_error(exc, CLAIM_LABELS), "error")
        return redirect(url_for(".show", claim_id=claim_id))
    flash(_l("Done: %(action)s.", action=label(CLAIM_ACTIONS, name)), "success")
    return redirect(url_for(".show", claim_id=claim_id))


def _fields(form, *names: str) -> dict:
    return {n: form.get(n, "").strip() for n in names if form.get(n, "").strip()}


def _edit_lines(form) -> dict:
    """One edit per line shown, with the five amounts as typed (blank counts as 0)."""
    edits = []
    for line_id in form.getlist("line_id", type=int):
        edit = {"line_id": line_id}
        for name in COST_COLUMNS:
            edit[name] = form.get(f"{name}-{line_id}", "").strip() or "0"
        edits.append(edit)
    return {"lines": edits}


def _add_line(form) -> dict:
    """The case and aid item chosen ("application:item") and the costs, if typed already;
    the months (or service date) billed are those the institution's records show."""
    application, _, item = form.get("item", "").partition(":")
    if not application.isdigit() or not item:
        raise Invalid("the payload is not valid", {"item": ["required"]})
    payload = {"application_id": int(application), "aid_item": item}
    return payload | _fields(form, *COST_COLUMNS)


def _remove_line(form) -> dict:
    """The remove button of a line sits in the lines' form: it sends its own `remove`."""
    line_id = form.get("remove", type=int)
    if line_id is None:
        raise Invalid("the payload is not valid", {"line_id": ["required"]})
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


@bp.get("/<int:claim_id>/statement.<kind>")
@roles_required(READERS)
def statement(claim_id: int, kind: str):
    if kind not in MEDIA:
        raise Invalid("the payload is not valid", {"format": ["xlsx or csv"]})
    found = settlement_export.claim_statement(actor(), claim_id)
    data = settlement_export.to_xlsx(found) if kind == "xlsx" else settlement_export.to_csv(found)
    response = Response(data, mimetype=MEDIA[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="claim-{claim_id}.{kind}"'
    return response
