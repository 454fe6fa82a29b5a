"""A paper's file as a download, the same from the API and the pages: the logged read
(casework.services.documents.download), the stored type, the original name and no caching."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from urllib.parse import quote

from flask import Response, current_app

from casework.services import access_log, documents, ledgers
from casework.vocabulary import AccessAction
from casework.workflows.definition import Actor
from web import security


def document_download(
    actor: Actor, document_id: int, now: dt.datetime, number: int | None = None
) -> Response:
    """The paper's current version (or version `number`) as an attachment."""
    version, content = documents.download(
        actor,
        document_id,
        now,
        directory=current_app.config["CASEWORK_SETTINGS"].documents_path,
        number=number,
        client_address=security.client_address(),
    )
    response = current_app.response_class(content, mimetype=version.content_type)
    response.headers["Content-Disposition"] = attachment(version.original_name)
    response.headers["Cache-Control"] = "no-store"
    return response


def attachment(name: str, plain: str = "document") -> str:
    """The header naming the file: `plain` for old clients, kept to safe characters so that
    nothing a caller typed can end the quoted name; the name itself percent-encoded."""
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", plain)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


SPREADSHEETS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def spreadsheet(data: bytes, kind: str, name: str) -> Response:
    """A statement as an attachment, from the API and the pages alike; personal data, so
    never kept by a cache."""
    response = current_app.response_class(data, content_type=SPREADSHEETS[kind])
    response.headers["Content-Disposition"] = attachment(f"{name}.{kind}", f"{name}.{kind}")
    response.headers["Cache-Control"] = "no-store"
    return response


CHUNK = 64 * 1024


def ledger_download(actor: Actor, name: str, place_id, first, last, whole: bool,
                    now: dt.datetime) -> Response:  # fmt: skip
    """A ledger as a streamed .xlsx, the same from the API and the pages: written row by row
    into a temporary file (openpyxl's write-only mode), then sent from it in chunks, so neither
    the rows nor the file are ever held in memory whole. The export is logged, and whole
    personal data once more as shown whole."""
    ledger, filters = ledgers.filters_for(actor, name, place_id, first, last, whole, now)
    detail = f"{ledger.title} {filters.place.name} {first}~{last}"
    address = security.client_address()
    access_log.record(actor, AccessAction.EXPORT, "ledger", filters.place.id, now,
                      client_address=address, detail=detail)  # fmt: skip
    if filters.whole:
        access_log.record(actor, AccessAction.VIEW_ID, "ledger", filters.place.id, now,
                          client_address=address, detail=f"{detail} 完整信息")  # fmt: skip
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed once the response has sent it
    try:
        ledgers.write(ledger, actor, filters, file)
        file.seek(0)
    except BaseException:
        file.close()
        raise

    def chunks():
        with file:
            while block := file.read(CHUNK):
                yield block

    response = current_app.response_class(chunks(), content_type=SPREADSHEETS["xlsx"])
    filename = f"{ledger.title}-{filters.place.name}-{first}-{last}.xlsx"
    response.headers["Content-Disposition"] = attachment(filename, f"ledger-{ledger.name}.xlsx")
    response.headers["Cache-Control"] = "no-store"
    return response
