"""Papers on records: upload, list, download and replace, under the scope rules of the record
they belong to. An upload of a checklist kind on an application ticks that item of the
checklist (docs/domain.md) through the workflow's `record_documents` action, like any change
of a case (a new version, the engine's audit row). In a state where that action is not open
the checklist takes no more papers: a paper of a kind not yet ticked is refused, nothing kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotFound, NotPermitted, not_found, not_one_of
from casework.models import Agreement, ClaimLine, Document, DocumentVersion
from casework.queries import eligibility
from casework.services import access_log
from casework.services import document_storage as storage
from casework.vocabulary import AccessAction, DocumentKind, DocumentTarget, PaperKind, Role
from casework.workflows import engine
from casework.workflows.claim import CLAIM
from casework.workflows.definition import Actor, Case
from casework.workflows.register import REGISTER
from casework.workflows.rehab import REHAB
from casework.workflows.report import REPORT

T, K = DocumentTarget, PaperKind
RECORDING = REHAB.action("record_documents")  # ticks the checklist; open to every uploader
CHECKLIST = frozenset(DocumentKind)
# Who may add papers to each kind of record (seeing the record is needed as well).
UPLOADERS = {
    T.REHAB: frozenset({Role.INTAKE_CLERK, Role.REVIEWER, Role.INSTITUTION_STAFF}),
    T.AGREEMENT: frozenset({Role.REVIEWER, Role.INSTITUTION_STAFF}),
    T.REPORT: frozenset({Role.CASE_WORKER, Role.CHILD_SUPERVISOR, Role.CHILD_DIRECTOR}),
    T.CLAIM_LINE: frozenset({Role.INSTITUTION_STAFF, Role.SETTLEMENT_AUDITOR}),
    # the papers behind a family's situation (services/family.py)
    T.CHILD: frozenset(
        {Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER, Role.INTAKE_CLERK}
    ),  # fmt: skip
}
KINDS = {
    T.REHAB: (K.IDENTITY, K.RESIDENCE, K.DIAGNOSIS, K.AGREEMENT, K.OTHER),
    T.AGREEMENT: (K.AGREEMENT, K.OTHER),
    T.REPORT: (K.OTHER,),
    T.CLAIM_LINE: (K.INVOICE, K.OTHER),
    T.CHILD: (K.FAMILY_SITUATION, K.IDENTITY, K.OTHER),
}


@dataclass(frozen=True)
class Owner:
    """The record a document belongs to, as its workflow loaded it for this actor."""

    target: DocumentTarget
    target_id: int
    case: Case
    application_id: int | None  # the rehab application behind it, if any

    @property
    def county_id(self) -> int:
        return self.case.county_id


def owner_of(actor: Actor, target: str, target_id: int) -> Owner:
    """The record, if it exists and lies in the actor's scope (else 404 / 403)."""
    try:
        target = DocumentTarget(target)
    except ValueError:
        raise Invalid(
            "unknown target", {"target": [not_one_of(T)]}, code="unknown_target"
        ) from None
    if target == T.REHAB:
        return Owner(target, target_id, engine.load_visible(REHAB, target_id, actor), target_id)
    if target == T.REPORT:
        return Owner(target, target_id, engine.load_visible(REPORT, target_id, actor), None)
    if target == T.CHILD:
        return Owner(target, target_id, engine.load_visible(REGISTER, target_id, actor), None)
    if target == T.AGREEMENT:
        agreement = Agreement.get_or_none(id=target_id)
        if agreement is None:
            raise not_found("agreement", target_id)
        case = engine.load_visible(REHAB, agreement.application_id, actor)
        return Owner(target, target_id, case, agreement.application_id)
    line = ClaimLine.get_or_none(id=target_id)
    if line is None:
        raise not_found("claim line", target_id)
    case = engine.load_visible(CLAIM, line.claim_id, actor)
    return Owner(target, target_id, case, line.application_id)


def list_documents(actor: Actor, target: str, target_id: int) -> list[Document]:
    return documents_of(owner_of(actor, target, target_id))


def documents_of(owner: Owner) -> list[Document]:
    """The papers of a record already loaded (and scope-checked) by owner_of."""
    return list(
        Document.select()
        .where(Document.target == owner.target, Document.target_id == owner.target_id)
        .order_by(Document.id)
    )


def get_document(actor: Actor, document_id: int) -> Document:
    document = Document.get_or_none(id=document_id)
    if document is None:
        raise not_found("document", document_id)
    owner_of(actor, document.target, document.target_id)
    return document


def versions(document: Document) -> list[DocumentVersion]:
    return list(
        DocumentVersion.select()
        .where(DocumentVersion.document == document.id)
        .order_by(DocumentVersion.number)
    )


def upload(
    actor: Actor,
    target: str,
    target_id: int,
    kind: str,
    name: str,
    content: bytes,
    now: dt.datetime,
    *,
    directory: Path,
    max_bytes: int,
) -> Document:
    """Keep a new paper on a record; nothing is stored when any check fails."""
    owner = owner_of(actor, target, target_id)
    _may_upload(actor, owner)
    if kind not in KINDS[owner.target]:
        raise Invalid(
            f"a {owner.target} takes papers of kind {', '.join(KINDS[owner.target])}",
            {"kind": [not_one_of(KINDS[owner.target])]},
            code="paper_kind_not_taken",
            params={"target": str(owner.target), "kinds": [str(k) for k in KINDS[owner.target]]},
        )
    checked = storage.check_upload(name, content, max_bytes)
    return _saved(
        directory, checked, lambda stored: _create(actor, owner, kind, checked, stored, now)
    )


def replace(
    actor: Actor,
    document_id: int,
    name: str,
    content: bytes,
    now: dt.datetime,
    *,
    directory: Path,
    max_bytes: int,
    expected_version: int | None = None,
) -> Document:
    """Add a new version of a paper; the earlier versions stay."""
    document = Document.get_or_none(id=document_id)
    if document is None:
        raise not_found("document", document_id)
    owner = owner_of(actor, document.target, document.target_id)
    _may_upload(actor, owner)
    checked = storage.check_upload(name, content, max_bytes)
    return _saved(
        directory,
        checked,
        lambda stored: _add_version(actor, document, checked, stored, now, expected_version),
    )


def download(
    actor: Actor,
    document_id: int,
    now: dt.datetime,
    *,
    directory: Path,
    number: int | None = None,
    client_address: str = "",
) -> tuple[DocumentVersion, bytes]:
    """A version's content (the current one by default); the download is logged."""
    document = get_document(actor, document_id)
    number = number or document.version
    version = DocumentVersion.get_or_none(document=document.id, number=number)
    if version is None:
        raise NotFound(
            f"document {document_id} has no version {number}",
            code="no_such_version",
            params={"id": document_id, "number": number},
        )
    content = storage.read(directory, version.storage_name, version.sha256)
    access_log.record(
        actor,
        AccessAction.DOWNLOAD,
        "document",
        document.id,
        now,
        county_id=document.county_id,
        client_address=client_address,
        detail=f"{document.target} {document.target_id}, version {number}",
    )
    return version, content


def upload_kinds(actor: Actor, owner: Owner) -> tuple[str, ...]:
    """The kinds of paper the actor may add to this record now (none: they only read): not
    a checklist kind the application's state no longer ticks (see `_tick`)."""
    try:
        _may_upload(actor, owner)
    except NotPermitted:
        return ()
    kinds = KINDS[owner.target]
    if owner.case.workflow is not REHAB or owner.case.state in RECORDING.sources:
        return tuple(kinds)
    received = eligibility.received_documents(owner.case)
    return tuple(k for k in kinds if k not in CHECKLIST or k in received)


def _may_upload(actor: Actor, owner: Owner) -> None:
    if actor.role not in UPLOADERS[owner.target]:
        raise NotPermitted(
            f"role {actor.role} may not add papers to a {owner.target}",
            code="role_adds_no_papers",
            params={"role": str(actor.role), "target": str(owner.target)},
        )
    if actor.role == Role.INSTITUTION_STAFF and owner.target in (T.AGREEMENT, T.CLAIM_LINE):
        if owner.case.institution_id != actor.institution_id:
            raise NotPermitted(
                "only the institution of the case adds these papers",
                code="not_your_institutions_case",
            )


def _saved(directory: Path, checked, write):
    """Store the file, then the rows; a failure of the rows removes the file again."""
    stored = storage.store(directory, checked)
    try:
        with write_transaction():
            return write(stored)
    except BaseException:
        storage.discard(directory, stored)
        raise


def _create(actor, owner: Owner, kind, checked, stored: str, now) -> Document:
    document = Document.create(
        target=owner.target,
        target_id=owner.target_id,
        county=owner.county_id,
        kind=kind,
        title=checked.name,
        version=1,
        created_by=actor.id,
        created_at=now,
        updated_at=now,
    )
    _version_row(actor, document, 1, checked, stored, now)
    changes = {"kind": [None, kind], "sha256": [None, checked.sha256]}
    engine.write_audit("document", document.id, "upload", None, None, 1, actor, now, "", changes)
    if owner.application_id and kind in tuple(DocumentKind):
        _tick(actor, owner.application_id, kind, document.id, now)
    return document


def _add_version(actor, document: Document, checked, stored, now, expected) -> Document:
    if expected is not None and expected != document.version:
        current = FieldError(
            f"the current version is {document.version}",
            code="stale_version",
            params={"version": document.version},
        )
        raise Invalid(
            f"version is {document.version}, not {expected}: reload and try again",
            {"expected_version": [current]},
            code="stale_version",
            params={"version": document.version, "expected": expected},
        )
    number = document.version + 1
    count = (
        Document.update(version=number, title=checked.name, updated_at=now)
        .where(Document.id == document.id, Document.version == document.version)
        .execute()
    )
    if count != 1:
        raise Invalid(
            "the document changed meanwhile: reload and try again", code="changed_meanwhile"
        )
    _version_row(actor, document, number, checked, stored, now)
    changes = {"version": [number - 1, number], "sha256": [None, checked.sha256]}
    engine.write_audit(
        "document", document.id, "replace", None, None, number, actor, now, "", changes
    )
    return Document.get_by_id(document.id)


def _version_row(actor, document, number, checked, stored, now) -> None:
    DocumentVersion.create(
        document=document.id,
        number=number,
        storage_name=stored,
        sha256=checked.sha256,
        size=checked.size,
        content_type=checked.content_type,
        original_name=checked.name,
        uploaded_by=actor.id,
        uploaded_at=now,
    )


def _tick(actor: Actor, application_id: int, kind: str, document_id: int, now) -> None:
    """Tick the checklist item `kind` through the workflow's `record_documents`. Its roles
    and parties are those who may add these papers; a state it is not open in (a decided
    application, one in rehabilitation) refuses a kind not yet ticked, and the upload with it."""
    case = engine.load(REHAB, application_id, lock=True)
    received = eligibility.received_documents(case)
    if kind in received:
        return
    if case.state not in RECORDING.sources:
        params = {"workflow": REHAB.name, "state": case.state, "documents": [kind]}
        message = f"an application {case.state} takes no more papers of kind {kind}"
        not_now = FieldError(message, code="paper_kind_not_taken_now", params=params)
        raise Invalid(message, {"kind": [not_now]}, code="paper_kind_not_taken_now", params=params)
    engine.perform(
        REHAB,
        application_id,
        RECORDING.name,
        actor,
        now=now,
        reason=f"document {document_id} uploaded",  # web/pages/casefile.py links it back
        payload={"received": sorted(received | {kind})},
    )
