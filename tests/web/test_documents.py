"""Documents on records: uploads refused for size, disguised type, a path in the
name and an empty body, with nothing stored; scope per role, with refusals in the access log;
versions kept; the checklist ticked by uploads; downloads logged."""

from __future__ import annotations

import io
import zipfile

import pytest

from casework.models import (
    AccessEntry,
    AuditEntry,
    ChecklistItem,
    Child,
    Document,
    DocumentVersion,
    RehabApplication,
)
from casework.queries import eligibility

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64  # a Windows executable


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def auth(world, role, county="a"):
    return {"Authorization": f"Bearer {getattr(world, county).token(role)}"}


def upload(client, world, target_id, *, role="intake_clerk", county="a", kind="diagnosis",
           content=PDF, name="诊断证明.pdf", target="rehab"):  # fmt: skip
    return client.post(
        "/api/v1/documents",
        query_string={"target": target, "target_id": target_id, "kind": kind},
        data={"file": (io.BytesIO(content), name)},
        headers=auth(world, role, county),
        content_type="multipart/form-data",
    )  # fmt: skip


def stored(app) -> list:
    root = app.config["CASEWORK_SETTINGS"].documents_path
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def application(world):
    return world.application(documents=("identity", "residence"))


def test_upload_ticks_the_checklist_and_download_is_logged(client, app, world, application):
    response = upload(client, world, application.id)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["kind"] == "diagnosis" and body["version"] == 1
    assert body["versions"][0]["content_type"] == "application/pdf"
    assert len(body["versions"][0]["sha256"]) == 64
    assert "diagnosis" in eligibility.received_documents(application)
    tick = AuditEntry.get(AuditEntry.entity == "rehab", AuditEntry.action == "record_documents")
    assert tick.changes["documents.diagnosis"] == [False, True]
    assert tick.changes["eligible"] == [False, True]  # reassessed by the workflow
    assert stored(app) == [DocumentVersion.get().storage_name]  # not the uploader's name

    got = client.get(f"/api/v1/documents/{body['id']}/content", headers=auth(world, "reviewer"))
    assert got.status_code == 200 and got.data == PDF
    assert got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    entry = AccessEntry.get(AccessEntry.action == "download")
    assert (entry.user_id, entry.entity_id) == (world.a.users["reviewer"].id, body["id"])
    assert entry.client_address == "127.0.0.1"


def test_replace_keeps_every_version(client, world, application):
    first = upload(client, world, application.id).json
    response = client.post(
        f"/api/v1/documents/{first['id']}/versions?expected_version=1",
        data={"file": (io.BytesIO(docx()), "诊断证明-更正.docx")},
        headers=auth(world, "reviewer"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert [v["number"] for v in response.json["versions"]] == [1, 2]
    assert response.json["versions"][1]["content_type"].endswith("wordprocessingml.document")
    old = client.get(
        f"/api/v1/documents/{first['id']}/content?version=1", headers=auth(world, "reviewer")
    )
    assert old.data == PDF


@pytest.mark.parametrize(
    ("content", "name", "status", "detail"),
    [
        (EXE, "诊断证明.pdf", 415, "not a PDF"),
        (b"", "诊断证明.pdf", 422, "empty"),
        (PDF, "../../etc/passwd.pdf", 422, "path"),
        (b"PK\x03\x04not really a zip", "表.xlsx", 415, "not a PDF"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    client, app, world, application, content, name, status, detail
):
    response = upload(client, world, application.id, content=content, name=name)
    assert response.status_code == status, response.json
    assert response.content_type == "application/problem+json"
    assert detail in response.json["detail"]
    assert Document.select().count() == 0 and stored(app) == []
    assert "diagnosis" not in eligibility.received_documents(application)


def test_too_large_is_refused_and_nothing_is_stored(app, world, application):
    from casework.settings import Settings
    from web import create_app

    small = Settings(
        database_url=app.config["CASEWORK_SETTINGS"].database_url,
        documents_dir=str(app.config["CASEWORK_SETTINGS"].documents_path),
        document_max_bytes=1024,
    )
    client = create_app(small, bind_database=False, TESTING=True).test_client()
    response = upload(client, world, application.id, content=PDF + b"0" * 2000)
    assert response.status_code == 413
    assert "larger than" in response.json["detail"]
    huge = upload(client, world, application.id, content=PDF + b"0" * 200_000)
    assert huge.status_code == 413  # refused before the body is read
    assert Document.select().count() == 0 and stored(app) == []


@pytest.mark.parametrize(
    "role",
    ["intake_clerk", "reviewer", "settlement_auditor", "finance_officer", "case_worker",
     "child_supervisor", "child_director", "teacher", "leader", "admin", "institution_staff"],
)  # fmt: skip
def test_every_role_of_the_other_county_is_refused_and_logged(client, world, application, role):
    document = upload(client, world, application.id).json
    attempts = [
        client.get(f"/api/v1/documents/{document['id']}/content", headers=auth(world, role, "b")),
        client.get(f"/api/v1/documents/{document['id']}", headers=auth(world, role, "b")),
        client.get(f"/api/v1/documents?target=rehab&target_id={application.id}",
                   headers=auth(world, role, "b")),
        upload(client, world, application.id, role=role, county="b"),
        client.get(f"/api/v1/rehab-applications/{application.id}", headers=auth(world, role, "b")),
    ]  # fmt: skip
    assert [r.status_code for r in attempts] == [403] * 5
    denied = list(AccessEntry.select().where(AccessEntry.action == "denied"))
    assert len(denied) == 5
    assert {d.user_id for d in denied} == {world.b.users[role].id}
    assert {d.county_id for d in denied} == {world.a.county.id}  # the owner's admin sees them
    assert AccessEntry.select().where(AccessEntry.action == "download").count() == 0
    assert Document.select().count() == 1


def test_roles_that_see_but_may_not_add_papers(client, world, application):
    response = upload(client, world, application.id, role="leader")
    assert response.status_code == 403
    assert AccessEntry.get(AccessEntry.action == "denied").user_id == world.a.users["leader"].id


def test_agreement_paper_of_a_signed_agreement(client, world):
    application = world.application()
    world.advance(application.id, "agreed")
    from casework.models import Agreement

    agreement = Agreement.get(Agreement.application == application.id)
    other = upload(client, world, agreement.id, role="institution_staff_2", target="agreement",
                   kind="agreement")  # fmt: skip
    assert other.status_code == 403  # another institution of the county
    version = RehabApplication.get_by_id(application.id).version
    response = upload(client, world, agreement.id, role="institution_staff", target="agreement",
                      kind="agreement", content=PNG, name="协议.png")  # fmt: skip
    assert response.status_code == 201, response.json
    item = ChecklistItem.get(application=application.id, kind="agreement")
    assert item.received  # ticked when the signing was recorded: the paper makes no new tick
    assert RehabApplication.get_by_id(application.id).version == version
    wrong_kind = upload(client, world, agreement.id, role="institution_staff",
                        target="agreement", kind="invoice")  # fmt: skip
    assert wrong_kind.status_code == 422


def history(application_id) -> list[AuditEntry]:
    return list(
        AuditEntry.select()
        .where(AuditEntry.entity == "rehab", AuditEntry.entity_id == application_id)
        .order_by(AuditEntry.id)
    )


def test_signed_agreement_uploaded_on_an_accepted_case_ticks_through_the_workflow(client, world):
    application = world.application()
    world.advance(application.id, "accepted")
    before = RehabApplication.get_by_id(application.id)
    # the child's file changed since the review: the eligibility stored at approval stays
    Child.update(residence_basis=None).where(Child.id == application.child_id).execute()
    trail = history(application.id)
    response = upload(client, world, application.id, role="institution_staff", kind="agreement",
                      content=PNG, name="康复协议.png")  # fmt: skip
    assert response.status_code == 201, response.json
    assert ChecklistItem.get(application=application.id, kind="agreement").received
    after = RehabApplication.get_by_id(application.id)
    assert (after.state, after.version) == ("accepted", before.version + 1)
    assert after.eligibility == before.eligibility and after.due_at == before.due_at
    new = history(application.id)[len(trail) :]
    assert len(new) == 1
    tick = new[0]
    assert (tick.action, tick.from_state, tick.to_state, tick.version) == (
        "record_documents", "accepted", "accepted", before.version + 1)  # fmt: skip
    assert tick.actor_id == world.a.users["institution_staff"].id
    assert tick.reason == f"document {response.json['id']} uploaded"
    assert tick.changes == {"documents.agreement": [False, True]}


def test_a_paper_no_state_ticks_is_refused_and_nothing_changes(client, app, world):
    application = world.application()
    world.advance(application.id, "approved")  # no institution yet: no agreement to sign
    before, trail = RehabApplication.get_by_id(application.id), history(application.id)
    response = upload(client, world, application.id, role="reviewer", kind="agreement")
    assert response.status_code == 422, response.json
    assert response.json["code"] == "paper_kind_not_taken_now"
    assert response.json["params"] == {"workflow": "rehab", "state": "approved",
                                       "documents": ["agreement"]}  # fmt: skip
    assert "kind" in response.json["errors"]
    after = RehabApplication.get_by_id(application.id)
    assert (after.version, after.updated_at) == (before.version, before.updated_at)
    assert history(application.id) == trail
    assert not ChecklistItem.get(application=application.id, kind="agreement").received
    assert Document.select().count() == 0 and stored(app) == []
    assert AuditEntry.select().where(AuditEntry.entity == "document").count() == 0
    # a kind already ticked is kept without a tick, and any paper as "other"
    for kind in ("identity", "other"):
        assert upload(client, world, application.id, role="reviewer", kind=kind).status_code == 201
    assert RehabApplication.get_by_id(application.id).version == before.version


def test_after_the_review_record_documents_only_adds(client, world):
    application = world.application()
    world.advance(application.id, "accepted")
    before, trail = RehabApplication.get_by_id(application.id), history(application.id)
    response = client.post(
        f"/api/v1/rehab-applications/{application.id}/actions/record_documents",
        json={
            "payload": {"received": ["identity", "residence"]},
            "expected_version": before.version,
        },
        headers=auth(world, "intake_clerk"),
    )
    assert response.status_code == 409, response.json
    assert response.json["code"] == "papers_kept_after_review"
    assert response.json["params"] == {"documents": ["diagnosis"]}
    assert RehabApplication.get_by_id(application.id).version == before.version
    assert history(application.id) == trail
    assert ChecklistItem.get(application=application.id, kind="diagnosis").received


def test_everyone_who_adds_checklist_papers_may_record_them():
    from casework.services.documents import RECORDING, UPLOADERS
    from casework.vocabulary import DocumentTarget

    for target in (DocumentTarget.REHAB, DocumentTarget.AGREEMENT):
        assert UPLOADERS[target] <= RECORDING.roles


def test_access_log_is_append_only_and_listed_for_the_admin(client, world, application):
    from peewee import DatabaseError

    document = upload(client, world, application.id).json
    client.get(f"/api/v1/documents/{document['id']}/content", headers=auth(world, "reviewer"))
    client.get(f"/api/v1/documents/{document['id']}/content", headers=auth(world, "reviewer", "b"))
    listed = client.get("/api/v1/access-log", headers=auth(world, "admin"))
    assert listed.status_code == 200
    assert [e["action"] for e in listed.json["items"]] == ["denied", "download"]
    assert client.get("/api/v1/access-log", headers=auth(world, "reviewer")).status_code == 403
    other = client.get("/api/v1/access-log?action=download", headers=auth(world, "admin", "b"))
    assert other.json["items"] == []
    day = "2026-03-02"  # NOW, 10:00 in China
    dated = client.get(f"/api/v1/access-log?since={day}&until={day}", headers=auth(world, "admin"))
    assert dated.json["total"] == 3  # and the reviewer refused the log just now
    later = client.get("/api/v1/access-log?since=2026-03-03", headers=auth(world, "admin"))
    assert later.json["total"] == 0
    with pytest.raises(DatabaseError):
        AccessEntry.update(detail="x").execute()
    with pytest.raises(DatabaseError):
        AccessEntry.delete().execute()


@pytest.mark.parametrize("name", ["a/b.pdf", "scans\\诊断.pdf", "..", "x..\x00.pdf", "a\x07.pdf"])
def test_names_with_a_path_or_control_characters_are_refused(name):
    # werkzeug already cuts Windows paths off uploaded names; the check stands on its own
    from casework.errors import Invalid
    from casework.services.document_storage import check_upload

    with pytest.raises(Invalid):
        check_upload(name, PDF, 1024)
