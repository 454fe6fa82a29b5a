"""The requests a record started (a report case, a visit, a rehab-aid application), on its
page: those the user may read, and for a window the link that opens a new request filled in
from the record (casework/workflows/transfer_sources.py)."""

from __future__ import annotations

from flask import url_for

from casework.models import Transfer
from casework.services.cases import service
from casework.workflows.transfer import TRANSFER
from web.pages.session import actor

SOURCE_COLUMNS = {
    "report_case_id": Transfer.report_case,
    "visit_id": Transfer.visit,
    "rehab_application_id": Transfer.rehab_application,
}


def panel(source: str, record_id: int) -> dict:
    column = SOURCE_COLUMNS[source]
    rows = service(TRANSFER).scoped(actor()).where(column == record_id).order_by(Transfer.id)
    return {
        "rows": list(rows),
        "new_url": new_url(source, record_id),
    }


def new_url(source: str, record_id: int) -> str | None:
    """The new request's form, filled from the record; None: not a window."""
    if actor().role not in TRANSFER.creating.roles:
        return None
    return url_for("pages_transfer.new", **{source: record_id})
