"""Papers on records: the papers of an application, a report case, an agreement or
a claim line, with their versions; upload, replace and download, under the record's own scope
rules (casework.services.documents). A refused upload stores nothing and says why."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from casework.errors import Invalid, TooLarge, UnsupportedType
from casework.models import User
from casework.services import documents
from casework.vocabulary import DocumentTarget
from web import security, statuses
from web.downloads import document_download
from web.pages import messages
from web.pages.labels import DOCUMENTS, label
from web.pages.session import actor, now, require_sign_in

bp = Blueprint("pages_documents", __name__, template_folder="templates", url_prefix="/papers")
bp.before_request(require_sign_in)
REFUSED = (Invalid, TooLarge, UnsupportedType)  # a bad file: said on the page, nothing kept
TYPES = "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx)"  # names of formats: not translated
TARGET_NAMES = {
    DocumentTarget.REHAB: _l("Application #%(id)s"),
    DocumentTarget.REPORT: _l("Report case #%(id)s"),
    DocumentTarget.AGREEMENT: _l("Rehab agreement of application #%(id)s"),
    DocumentTarget.CLAIM_LINE: _l("Claim line #%(id)s"),
    DocumentTarget.CHILD: _l("Child's file #%(id)s"),
}


def _settings():
    return current_app.config["CASEWORK_SETTINGS"]


def panel(target: str, target_id: int) -> dict:
    """What a record's papers panel shows: each paper with its versions, and the kinds the
    signed-in user may add (none: they only read)."""
    owner = documents.owner_of(actor(), target, target_id)
    found = [(d, documents.versions(d)) for d in documents.documents_of(owner)]
    names = _names({v.uploaded_by_id for _, kept in found for v in kept})
    return {
        "target": str(owner.target),
        "target_id": target_id,
        "application_id": owner.application_id,
        # a claim line's papers link back to its claim, the case owner_of loaded
        "claim_id": owner.case.id if owner.target == DocumentTarget.CLAIM_LINE else None,
        "papers": [
            {
                "document": d,
                "kind": label(DOCUMENTS, d.kind),
                "versions": [
                    {"version": v, "by": names.get(v.uploaded_by_id, ""), "size": file_size(v.size)}
                    for v in reversed(kept)
                ],
            }
            for d, kept in found
        ],
        "kinds": [(k, label(DOCUMENTS, k)) for k in documents.upload_kinds(actor(), owner)],
        "limit": file_size(_settings().document_max_bytes),
        "types": TYPES,
    }


def file_size(size: int) -> str:
    """Bytes as B, KB or MB (units read the same in Chinese)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _names(user_ids: set[int]) -> dict[int, str]:
    return {u.id: u.name for u in User.select().where(User.id.in_(list(user_ids) or [0]))}


@bp.get("/<target>/<int:target_id>")
def show(target: str, target_id: int, error: str = "", status: int = 200):
    found = panel(target, target_id)
    return render_template(
        "documents/show.html",
        papers=found,
        title=_title(found),
        record_url=_record_url(found),
        error=error,
    ), status


@bp.post("/<target>/<int:target_id>")
def upload(target: str, target_id: int):
    name, content = _file()
    try:
        document = documents.upload(
            actor(),
            target,
            target_id,
            request.form.get("kind", ""),
            name,
            content,
            now(),
            directory=_settings().documents_path,
            max_bytes=_settings().document_max_bytes,
        )
    except REFUSED as exc:
        return show(target, target_id, _refusal(exc), statuses.status(exc))
    flash(_l("Kept: %(kind)s, %(name)s.", kind=label(DOCUMENTS, document.kind),
             name=document.title), "success")  # fmt: skip
    return redirect(_back(target, target_id))


@bp.post("/document/<int:document_id>/replace")
def replace(document_id: int):
    document = documents.get_document(actor(), document_id)
    name, content = _file()
    try:
        documents.replace(
            actor(),
            document_id,
            name,
            content,
            now(),
            directory=_settings().documents_path,
            max_bytes=_settings().document_max_bytes,
            expected_version=request.form.get("expected_version", type=int),
        )
    except REFUSED as exc:
        return show(document.target, document.target_id, _refusal(exc), statuses.status(exc))
    flash(_l("Replaced: %(kind)s, %(name)s; the earlier versions are kept.",
             kind=label(DOCUMENTS, document.kind), name=name), "success")  # fmt: skip
    return redirect(_back(document.target, document.target_id))


@bp.get("/document/<int:document_id>/download")
def download(document_id: int):
    """The file (the current version, or `version`); logged like the API's downloads."""
    return document_download(actor(), document_id, now(), request.args.get("version", type=int))


def _file() -> tuple[str, bytes]:
    upload = request.files.get("file")
    if upload is None:
        return "", b""
    return upload.filename or "", upload.read(_settings().document_max_bytes + 1)


def _refusal(exc) -> str:
    if isinstance(exc, TooLarge):
        limit = file_size(_settings().document_max_bytes)
        return str(_l("The file is too large: at most %(size)s.", size=limit))
    if isinstance(exc, UnsupportedType):
        return str(_l("This kind of file is not accepted: only %(types)s, judged by the "
                      "content, not the name.", types=TYPES))  # fmt: skip
    return messages.for_error(exc)


def _back(target: str, target_id: int) -> str:
    """Where to go after a change: the page the form was on, else the papers page."""
    wanted = security.local_path(request.form.get("next"))
    return wanted or url_for(".show", target=target, target_id=target_id)


def _title(found: dict) -> str:
    target = DocumentTarget(found["target"])
    shown = found["application_id"] if target == DocumentTarget.AGREEMENT else found["target_id"]
    return str(TARGET_NAMES[target]) % {"id": shown}


def _record_url(found: dict) -> str:
    target, target_id = found["target"], found["target_id"]
    if target == DocumentTarget.REPORT:
        return url_for("pages_reports.show", case_id=target_id)
    if target == DocumentTarget.CLAIM_LINE:
        return url_for("pages_claims.show", claim_id=found["claim_id"])
    if target == DocumentTarget.CHILD:
        return url_for("pages_children.show", child_id=target_id)
    return url_for("pages_rehab.show", application_id=found["application_id"])
