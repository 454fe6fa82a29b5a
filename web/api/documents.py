"""/api/v1/documents: papers on applications, report cases, agreements and claim lines."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from casework.services import documents
from casework.services.document_storage import ALLOWED_TYPES
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.documents import (
    DocumentSchema,
    FileUpload,
    RecordQuery,
    ReplaceForm,
    UploadForm,
    VersionQuery,
)
from web.downloads import document_download

blp = Blueprint("documents", __name__, description="Papers kept on records (证明材料)")
BINARY = {"schema": {"type": "string", "format": "binary"}}
CONTENT = {"200": {"description": "the file", "content": {t: BINARY for t in ALLOWED_TYPES}}}


def _settings():
    return current_app.config["CASEWORK_SETTINGS"]


def _with_versions(document):
    document.versions = documents.versions(document)
    return document


def _file(files: dict) -> tuple[str, bytes]:
    upload = files["file"]
    return upload.filename or "", upload.read(_settings().document_max_bytes + 1)


@blp.route("")
class Documents(MethodView):
    @blp.arguments(RecordQuery, location="query")
    @blp.response(200, DocumentSchema(many=True))
    @problems(blp, 401, 403, 404, 422)
    def get(self, query):
        """The papers kept on one record"""
        found = documents.list_documents(current_actor(), query["target"], query["target_id"])
        return [_with_versions(d) for d in found]

    @blp.arguments(UploadForm, location="query")
    @blp.arguments(FileUpload, location="files")
    @blp.response(201, DocumentSchema)
    @problems(blp, 401, 403, 404, 409, 413, 415, 422)
    def post(self, form, files):
        """Keep a paper on a record: the record and kind in the query (as for registry imports),
        the file as multipart/form-data. A checklist kind on an application ticks that item
        through its `record_documents` action (a new version of the application). Refused, and
        nothing kept: an empty file (422), a path in its name (422), a checklist kind not yet
        ticked in a state that ticks none (422, `paper_kind_not_taken_now`), a type other than
        PDF, JPEG, PNG, .docx or .xlsx (415), too large (413)."""
        name, content = _file(files)
        document = documents.upload(
            current_actor(),
            form["target"],
            form["target_id"],
            form["kind"],
            name,
            content,
            now(),
            directory=_settings().documents_path,
            max_bytes=_settings().document_max_bytes,
        )
        return _with_versions(document)


@blp.route("/<int:document_id>")
class DocumentById(MethodView):
    @blp.response(200, DocumentSchema)
    @problems(blp, 401, 403, 404)
    def get(self, document_id):
        """One paper with all its versions"""
        return _with_versions(documents.get_document(current_actor(), document_id))


@blp.route("/<int:document_id>/versions")
class DocumentVersions(MethodView):
    @blp.arguments(ReplaceForm, location="query")
    @blp.arguments(FileUpload, location="files")
    @blp.response(201, DocumentSchema)
    @problems(blp, 401, 403, 404, 409, 413, 415, 422)
    def post(self, form, files, document_id):
        """Replace a paper with a new version; the earlier versions are kept"""
        name, content = _file(files)
        document = documents.replace(
            current_actor(),
            document_id,
            name,
            content,
            now(),
            directory=_settings().documents_path,
            max_bytes=_settings().document_max_bytes,
            expected_version=form.get("expected_version"),
        )
        return _with_versions(document)


@blp.route("/<int:document_id>/content")
class DocumentContent(MethodView):
    @blp.arguments(VersionQuery, location="query")
    @blp.doc(responses=CONTENT)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query, document_id):
        """Download a paper (the current version, or `version`); every download is logged"""
        return document_download(current_actor(), document_id, now(), query.get("version"))
