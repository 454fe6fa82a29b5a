"""The inbox of reminders: the user's missed deadlines (assigned or escalated to them), with
filters, mark read, close as done or not applicable, and snooze with a reason (each person's
own, limited by the county's policy)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Conflict, Invalid
from casework.reminders.catalogue import catalogue
from casework.rules.deadlines import CHINA, local_date
from casework.services import inbox, screening
from casework.vocabulary import PERSON_ROLES, Role
from web.pages import messages, navigation
from web.pages.session import actor, now, require_sign_in, roles_required
from web.security import local_path

bp = Blueprint("pages_inbox", __name__, template_folder="templates", url_prefix="/inbox")
bp.before_request(require_sign_in)
SNOOZE_DAYS = (1, 3, 7)  # the default policy's longest; a county's shorter one refuses
PER_PAGE = 50
# where each reminder's subject is shown
SUBJECT_PAGES = {
    "rehab": ("pages_rehab.show", "application_id"),
    "claim": ("pages_claims.show", "claim_id"),
    "report": ("pages_reports.show", "case_id"),
    "child": ("pages_children.show", "child_id"),
}

navigation.add("pages_inbox.index", _l("Inbox"), PERSON_ROLES, order=5)


def link(reminder) -> str | None:
    if reminder.entity == "child" and actor().role == Role.TEACHER:  # no files: the lesson form
        return url_for("pages_visits.new", child_id=reminder.entity_id, kind="home_education")
    if reminder.entity == "screening_village":  # the village's list in its round
        part = screening.village_part(reminder.entity_id)
        if part is None:
            return None
        return url_for("pages_screenings.village", screening_id=part.screening_id,
                       village_id=part.place_id)  # fmt: skip
    if reminder.entity == "place":  # a village or township without its child director/supervisor
        return url_for("pages_coverage.index")
    page = SUBJECT_PAGES.get(reminder.entity)
    return url_for(page[0], **{page[1]: reminder.entity_id}) if page else None


@bp.get("")
@roles_required(PERSON_ROLES)
def index():
    args = request.args
    filters = {
        "unread": True if args.get("unread") == "yes" else None,
        "rule": args.get("rule") or None,
        "severity": args.get("severity") or None,
        "state": args.get("state") if args.get("state") in ("open", "resolved") else "open",
        "include_snoozed": args.get("snoozed") == "yes",
    }
    page = max(1, args.get("page", 1, type=int))
    try:
        rows, total = inbox.list_reminders(actor(), now=now(), page=page, per_page=PER_PAGE,
                                           **filters)  # fmt: skip
    except Invalid:
        return redirect(url_for(".index"))
    unread = inbox.list_reminders(actor(), now=now(), unread=True, per_page=1)[1]
    return render_template(
        "inbox/index.html",
        rows=[{"reminder": r, "link": link(r), "due_on": inbox.due_on(r)} for r in rows],
        total=total,
        unread=unread,
        filters=filters,
        rules=[r.name for r in catalogue()],
        severities=inbox.SEVERITIES,
        snooze_days=SNOOZE_DAYS,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
    )


@bp.post("/<int:reminder_id>/read")
@roles_required(PERSON_ROLES)
def read(reminder_id: int):
    inbox.mark_read(actor(), reminder_id, now())
    flash(_l("Marked read."), "success")
    return redirect(_back())


@bp.post("/<int:reminder_id>/snooze")
@roles_required(PERSON_ROLES)
def snooze(reminder_id: int):
    days = request.form.get("days", type=int)
    if days not in SNOOZE_DAYS:
        flash(_l("At most %(days)s days ahead.", days=max(SNOOZE_DAYS)), "error")
        return redirect(_back())
    # until 8 in the morning of that local day, so it comes back with the day's work
    wake = local_date(now()) + dt.timedelta(days=days)
    local = dt.datetime.combine(wake, dt.time(8), tzinfo=CHINA)
    until = local.astimezone(dt.UTC).replace(tzinfo=None)
    try:
        inbox.snooze(actor(), reminder_id, until, request.form.get("reason", ""), now())
    except (Invalid, Conflict) as exc:
        _refused(exc)
        return redirect(_back())
    flash(_l("Snoozed until %(day)s.", day=wake.isoformat()), "success")
    return redirect(_back())


@bp.post("/<int:reminder_id>/close")
@roles_required(PERSON_ROLES)
def close(reminder_id: int):
    form = request.form
    try:
        inbox.close(actor(), reminder_id, form.get("outcome", ""), form.get("reason", ""), now())
    except (Invalid, Conflict) as exc:
        _refused(exc)
        return redirect(_back())
    flash(_l("Closed."), "success")
    return redirect(_back())


def _refused(exc) -> None:
    fields = messages.field_errors(exc) if isinstance(exc, Invalid) else {}
    flash("；".join(m for ms in fields.values() for m in ms) or messages.for_error(exc), "error")


def _back() -> str:
    # as the browser reads it (web/security.py): "/inbox/../..//evil.example" is no inbox
    target = local_path(request.form.get("next", ""))
    inbox = url_for(".index")
    return target if target and (target == inbox or target.startswith(inbox + "?")) else inbox
