"""/api/v1/registry: search the children's files, a file's history, the file as it was on
a day, and the import of a registry spreadsheet. Opening and changing one file is
/api/v1/children."""

from __future__ import annotations

from flask.views import MethodView

from casework.errors import FieldError, Invalid
from casework.services import registry, registry_import
from web.api.auth import current_actor
from web.api.common import Blueprint, now, problems
from web.api.schemas.registry import (
    AsOfQuery,
    FileAsOf,
    HistoryResult,
    ImportFile,
    ImportForm,
    ImportResult,
    SearchQuery,
    SearchResult,
)

blp = Blueprint("registry", __name__, description="The children's registry (一人一档)")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@blp.route("/children")
class Search(MethodView):
    @blp.arguments(SearchQuery, location="query")
    @blp.response(200, SearchResult)
    @problems(blp, 401, 422)
    def get(self, query):
        """Search files in your area by name (or its start), ID number (or its start) and
        place; by name. `has_more` tells whether another page follows"""
        return registry.search(current_actor(), **query)


@blp.route("/children/<int:child_id>/history")
class History(MethodView):
    @blp.response(200, HistoryResult)
    @problems(blp, 401, 403, 404)
    def get(self, child_id):
        """Every change to the file, oldest first: who changed which field when, old and new"""
        return {"child_id": child_id, "changes": registry.history(current_actor(), child_id)}


@blp.route("/children/<int:child_id>/as-of")
class AsOf(MethodView):
    @blp.arguments(AsOfQuery, location="query")
    @blp.response(200, FileAsOf)
    @problems(blp, 401, 403, 404, 422)
    def get(self, query, child_id):
        """The file as it stood at the end of a day (China time), rebuilt from its history"""
        return registry.file_as_of(current_actor(), child_id, query["date"])


@blp.route("/imports")
class Imports(MethodView):
    @blp.arguments(ImportForm, location="query")
    @blp.arguments(ImportFile, location="files")
    @blp.response(200, ImportResult)
    @problems(blp, 401, 403, 413, 422)
    @blp.doc(description=registry_import.__doc__)
    def post(self, form, files):
        """Import a registry spreadsheet (.xlsx, or .csv in UTF-8 or GB18030). Every row is
        checked first; with any bad row nothing is written (422, with every bad row and why)
        unless good_rows_only is set"""
        upload = files["file"]
        content = upload.read(MAX_IMPORT_BYTES + 1)
        if len(content) > MAX_IMPORT_BYTES:
            megabytes = MAX_IMPORT_BYTES // (1024 * 1024)
            limit = FieldError(
                f"at most {megabytes} MB", code="file_too_large", params={"megabytes": megabytes}
            )
            raise Invalid(
                "the file is too large", {"file": [limit]}, code=limit.code, params=limit.params
            )
        report = registry_import.import_registry(
            current_actor(), upload.filename or "", content, now(), **form
        )
        if report.bad_rows and not report.written and not form["dry_run"]:
            body = ImportResult().dump(report)
            raise Invalid(
                f"{len(report.bad_rows)} of {report.rows} rows are bad: nothing was written",
                {"file": [_bad_row(b) for b in report.bad_rows]},
                code="bad_rows",
                params={"bad": len(report.bad_rows), "rows": report.rows},
                report=body,
            )
        return report


def _bad_row(bad) -> FieldError:
    """One bad row of an import and why, on the file field."""
    message = f"row {bad.row}: {'; '.join(bad.reasons)}"
    return FieldError(message, code="bad_row", params={"row": bad.row, "reasons": bad.reasons})
