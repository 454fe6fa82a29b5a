"""Each approved rehab application's entry in the national rehab-aid system
(全国残疾儿童康复救助管理系统): whether, when and by whom it was entered there, and its
reference there; and the period's export with the fields the national system asks for
(docs/national-system.md maps the columns)."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted
from casework.models import NationalEntry
from casework.rules.deadlines import local_date
from casework.services import audit
from casework.services.rates_as_of import AIDED_STATES
from casework.vocabulary import Role
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.rehab import REHAB

RECORDERS = frozenset({Role.REVIEWER, Role.INTAKE_CLERK})


def record(actor: Actor, application_id: int, data: dict, now: dt.datetime) -> NationalEntry:
    """Record that the application was entered in the national system on `entered_on` with
    `reference`: once per application, only once approved, never on a day ahead."""
    if actor.role not in RECORDERS:
        raise NotPermitted(
            "the federation's staff record national entries", code="national_entry_staff_only"
        )
    application = engine.load_visible(REHAB, application_id, actor).record
    problems: dict[str, list[FieldError]] = {}
    reference = str(data.get("reference") or "").strip()
    if not reference or len(reference) > 64:
        problems["reference"] = [FieldError("1 to 64 characters", code="required")]
    entered_on = data.get("entered_on")
    if not isinstance(entered_on, dt.date):
        problems["entered_on"] = [FieldError("a date", code="required")]
    elif entered_on > local_date(now):
        problems["entered_on"] = [FieldError("a date is in the future", code="date_in_future")]
    if problems:
        raise Invalid("the national entry is not valid", problems, code="invalid_national_entry")
    if application.state not in AIDED_STATES:
        raise Conflict(
            "only an approved application is entered", code="national_entry_not_approved"
        )
    with write_transaction():
        if NationalEntry.get_or_none(application=application.id):
            raise Conflict("the application is entered already", code="national_entry_exists")
        entry = NationalEntry.create(
            application=application.id, entered_on=entered_on, reference=reference,
            entered_by=actor.id, recorded_at=now,
        )  # fmt: skip
        audit.record(REHAB.name, application.id, "record_national_entry", actor, now,
                     {"national_reference": [None, reference],
                      "national_entered_on": [None, entered_on.isoformat()]},
                     version=application.version)  # fmt: skip
    return entry


def of_application(actor: Actor, application_id: int) -> NationalEntry | None:
    engine.load_visible(REHAB, application_id, actor)
    return NationalEntry.get_or_none(application=application_id)
