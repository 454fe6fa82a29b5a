"""What the application pages show, gathered from the services into plain rows for templates."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l

from casework.models import ApplicationItem, Institution, Place, User
from casework.rules.deadlines import due_day, local_date
from casework.services import rehab
from web.pages import messages
from web.pages.labels import AID_ITEMS, REFERRAL_BASES, STATES, field_label, label

# casework sums up some records in one audit value; these read them back in the page language
SUMMARIES = {
    "plan": (
        re.compile(r"(?P<start>[\d-]+), (?P<months>\d+) months"),
        _l("starts %(start)s, %(months)s months"),
    ),
    "dropout": (
        re.compile(r"(?P<day>[\d-]+), last month (?P<month>[\d-]+)"),
        _l("left on %(day)s, last month attended %(month)s"),
    ),
}
UPLOADED = re.compile(r"document (\d+) uploaded")  # casework.services.documents._tick


def local_today(moment: dt.datetime) -> dt.date:
    return local_date(moment)


def days_overdue(due_at: dt.datetime | None, now: dt.datetime) -> int:
    """Whole days past the deadline, 0 when not overdue (a deadline ends at local midnight)."""
    if due_at is None or due_at >= now:
        return 0
    return (local_date(now) - due_day(due_at)).days


def queue_rows(applications, now: dt.datetime) -> list[dict]:
    ids = [a.id for a in applications]
    items: dict[int, list[str]] = {}
    for row in ApplicationItem.select().where(ApplicationItem.application.in_(ids or [0])):
        items.setdefault(row.application_id, []).append(label(AID_ITEMS, row.aid_item))
    place_ids = {a.place_id for a in applications}
    names = {p.id: p.name for p in Place.select().where(Place.id.in_(place_ids or [0]))}
    return [
        {
            "application": a,
            "child": a.child,
            "village": names.get(a.place_id, ""),
            "items": items.get(a.id, []),
            "state": label(STATES, a.state),
            "overdue_days": days_overdue(a.due_at, now),
            "overdue": a.due_at is not None and a.due_at < now,
        }
        for a in applications
    ]


def application_file(record) -> dict:
    """The child's file and everything recorded on the application, for its page."""
    application = record.application
    child = application.child
    eligibility = application.eligibility or {}
    return {
        "child": child,
        "guardians": list(child.guardians),
        "village": Place.get_by_id(child.place_id),
        "items": [label(AID_ITEMS, i.aid_item) for i in application.items],
        # the agreement is the institution's paper: listed once it is there
        "documents": {
            kind: received
            for kind, received in rehab.documents(application).items()
            if received or kind != "agreement"
        },
        "eligible": eligibility.get("eligible", False),
        "reasons": [messages.eligibility_reason(r) for r in eligibility.get("reasons", [])],
        "referrals": list(application.referrals.select().order_by(application.referrals.model.id)),
        "agreement": application.agreements.first(),
        "plan": application.plans.first(),
        "attendance": list(
            application.attendance.select().order_by(application.attendance.model.month)
        ),
        "dropout": application.dropouts.first(),
        "preferred": application.preferred_institution,
        "institution": Institution.get_or_none(id=application.institution_id),
        "timeline": [_event(e) for e in reversed(record.history)],
    }


def _event(entry) -> dict:
    return {
        "at": entry.at,
        "action": entry.action,
        "actor": entry.actor.name if entry.actor_id else "",
        "role": entry.actor_role,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "reason": _reason(entry.reason),
        "changes": [
            (field_label(name), _value(name, old), _value(name, new))
            for name, (old, new) in sorted((entry.changes or {}).items())
        ],
    }


def _reason(reason: str) -> str:
    """A reason as typed, or the page's words for the few the service writes itself."""
    found = UPLOADED.fullmatch(reason or "")
    return str(_l("Paper #%(id)s uploaded", id=found.group(1))) if found else reason


def _value(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(messages.yes_no(value))
    if name == "items" and isinstance(value, list):
        return "、".join(label(AID_ITEMS, v) for v in value)
    if name == "institution" and isinstance(value, int):
        found = Institution.get_or_none(id=value)
        return found.name if found else str(value)
    if name == "child" and isinstance(value, int):
        return f"#{value}"
    if name == "referral_basis":
        return label(REFERRAL_BASES, value)
    if name in SUMMARIES and isinstance(value, str):
        pattern, message = SUMMARIES[name]
        found = pattern.fullmatch(value)
        if found:
            return str(message) % found.groupdict()
    if isinstance(value, list | dict):
        return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def user_name(user_id: int | None) -> str:
    found = User.get_or_none(id=user_id) if user_id else None
    return found.name if found else ""
