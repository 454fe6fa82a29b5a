"""A paper's file as a download, the same from the API and the pages: the logged read
(casework.services.documents.download), the stored type, the original name and no caching."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from flask import Response, current_app

from casework.services import documents
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
