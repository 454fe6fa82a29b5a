"""A paper's file as a download, the same from the API and the pages: the logged read
(casework.services.documents.download), the stored type, the original name and no caching."""

from __future__ import annotations

import datetime as dt
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


def attachment(name: str) -> str:
    return f"attachment; filename=\"document\"; filename*=UTF-8''{quote(name)}"
