"""Papers on the record pages: listed with their versions, uploaded, replaced and
downloaded through the pages under the record's scope; bad files refused with a Chinese
message and nothing kept; downloads and out-of-scope attempts in the access log."""

from __future__ import annotations

import dataclasses
import io

import pytest

from casework.models import AccessEntry, Document, DocumentVersion
from casework.queries import eligibility
from casework.services import reports
from tests.web.test_documents import EXE, PDF, PNG, stored


def upload(browser, target, target_id, *, kind="diagnosis", content=PDF, name="诊断证明.pdf",
           next_url="", csrf=True):  # fmt: skip
    data = {"kind": kind, "file": (io.BytesIO(content), name)}
    if next_url:
        data["next"] = next_url
    return browser.post(f"/papers/{target}/{target_id}", data, csrf=csrf,
                        content_type="multipart/form-data")  # fmt: skip


@pytest.fixture
def application(world):
    return world.application(documents=("identity", "residence"))


def test_reviewer_uploads_the_diagnosis_and_sees_it_on_the_application(
    world, as_role, pages, application
):
    reviewer = as_role("reviewer")
    page = reviewer.text(f"/applications/{application.id}")
    assert "上传材料" in page and 'enctype="multipart/form-data"' in page
    assert "诊断（评估）证明: 未收到" in page
    response = upload(reviewer, "rehab", application.id,
                      next_url=f"/applications/{application.id}")  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == f"/applications/{application.id}"
    assert "diagnosis" in eligibility.received_documents(application)
    document = Document.get()
    page = reviewer.text(f"/applications/{application.id}")
    assert "已保存" in page and "诊断证明.pdf" in page and "诊断（评估）证明: 已收到" in page
    assert f"/papers/document/{document.id}/download" in page
    assert stored(pages) == [DocumentVersion.get().storage_name]

    got = reviewer.client.get(f"/papers/document/{document.id}/download")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Disposition"].startswith("attachment;")
    entry = AccessEntry.get(AccessEntry.action == "download")
    assert (entry.user_id, entry.entity, entry.entity_id) == (
        world.a.users["reviewer"].id, "document", document.id)  # fmt: skip


def test_replace_keeps_the_earlier_version(world, as_role, application):
    clerk = as_role("intake_clerk")
    upload(clerk, "rehab", application.id)
    document = Document.get()
    clerk.get(f"/papers/rehab/{application.id}")
    response = clerk.post(
        f"/papers/document/{document.id}/replace",
        {"file": (io.BytesIO(PNG), "诊断证明-更正.png"), "expected_version": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = clerk.text(f"/papers/rehab/{application.id}")
    assert "版本 2" in page and "版本 1" in page and "诊断证明-更正.png" in page
    old = clerk.client.get(f"/papers/document/{document.id}/download?version=1")
    assert old.data == PDF
    assert clerk.client.get(f"/papers/document/{document.id}/download").data == PNG


@pytest.mark.parametrize(
    "content, name, status, message",
    [
        (EXE, "诊断证明.pdf", 415, "不接受此类文件"),
        (b"", "诊断证明.pdf", 422, "文件是空的"),
        (PDF, "../../etc/passwd.pdf", 422, "文件名不能包含路径"),
        (PDF + b"0" * 2000, "大文件.pdf", 413, "文件过大：最多 1 KB"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_kept(
    world, as_role, pages, application, content, name, status, message
):
    settings = pages.config["CASEWORK_SETTINGS"]
    pages.config["CASEWORK_SETTINGS"] = dataclasses.replace(settings, document_max_bytes=1024)
    reviewer = as_role("reviewer")
    reviewer.get(f"/applications/{application.id}")
    response = upload(reviewer, "rehab", application.id, content=content, name=name)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert "未保存任何内容" in text and message in text
    assert Document.select().count() == 0 and DocumentVersion.select().count() == 0
    assert stored(pages) == []
    assert "diagnosis" not in eligibility.received_documents(application)


def test_a_body_beyond_the_request_limit_is_refused_before_it_is_read(as_role, pages,
                                                                      application):  # fmt: skip
    pages.config["MAX_CONTENT_LENGTH"] = 100_000
    reviewer = as_role("reviewer")
    reviewer.get(f"/applications/{application.id}")
    response = upload(reviewer, "rehab", application.id, content=PDF + b"0" * 200_000)
    assert response.status_code == 413
    assert "文件超过系统允许的大小" in response.get_data(as_text=True)
    assert Document.select().count() == 0 and stored(pages) == []


def test_a_kind_the_record_does_not_take_is_refused(as_role, application):
    clerk = as_role("intake_clerk")
    clerk.get(f"/applications/{application.id}")
    response = upload(clerk, "rehab", application.id, kind="invoice")
    assert response.status_code == 422
    assert "请选择该记录可接收的材料类型" in response.get_data(as_text=True)
    assert Document.select().count() == 0


def test_forms_carry_csrf_and_a_post_without_it_keeps_nothing(as_role, pages, application):
    clerk = as_role("intake_clerk")
    page = clerk.text(f"/papers/rehab/{application.id}")
    assert page.count('name="csrf_token"') >= 2  # the upload form and the language switch
    response = upload(clerk, "rehab", application.id, csrf=False)
    assert response.status_code == 400
    assert Document.select().count() == 0 and stored(pages) == []


def test_another_countys_reviewer_is_refused_and_the_attempt_logged(world, as_role, application):
    upload(as_role("intake_clerk"), "rehab", application.id)
    document = Document.get()
    theirs = as_role("reviewer", world.b)
    for url in (f"/papers/rehab/{application.id}", f"/papers/document/{document.id}/download"):
        response = theirs.get(url)
        assert response.status_code == 403, url
        assert "诊断证明" not in response.get_data(as_text=True)
    theirs.get("/applications")
    assert upload(theirs, "rehab", application.id).status_code == 403
    assert Document.select().count() == 1
    refused = list(AccessEntry.select().where(AccessEntry.action == "denied"))
    assert len(refused) == 3
    assert {e.user_id for e in refused} == {world.b.users["reviewer"].id}
    assert {e.county_id for e in refused} == {world.a.county.id}
    assert not AccessEntry.select().where(AccessEntry.action == "download").exists()


def test_roles_that_only_read_see_the_papers_without_the_form(world, as_role, application):
    upload(as_role("intake_clerk"), "rehab", application.id)
    auditor = as_role("settlement_auditor")
    page = auditor.text(f"/applications/{application.id}")
    assert "诊断证明.pdf" in page and 'enctype="multipart/form-data"' not in page
    auditor.get(f"/papers/rehab/{application.id}")
    assert upload(auditor, "rehab", application.id).status_code == 403
    assert Document.select().count() == 1


def test_report_cases_keep_papers(world, as_role):
    case = reports.file_report(
        world.a.actor("case_worker"),
        {"reporter_name": "王老师", "reporter_phone": "13800000000", "harm_type": "abuse",
         "place_id": world.a.villages[0].id, "child_description": "约8岁男孩",
         "facts": "身上多处伤痕"},
        world.now,
    )  # fmt: skip
    worker = as_role("case_worker")
    page = worker.text(f"/reports/{case.id}")
    assert "上传材料" in page and 'value="other"' in page
    response = upload(worker, "report", case.id, kind="other", name="照片.png", content=PNG,
                      next_url=f"/reports/{case.id}")  # fmt: skip
    assert response.status_code == 302
    assert "照片.png" in worker.text(f"/reports/{case.id}")
    assert as_role("case_worker", world.b).get(f"/papers/report/{case.id}").status_code == 403


def test_unknown_records_and_targets(as_role):
    reviewer = as_role("reviewer")
    assert reviewer.get("/papers/rehab/9999").status_code == 404
    assert reviewer.get("/papers/document/9999/download").status_code == 404
    assert reviewer.get("/papers/nothing/1").status_code == 422


def test_the_institution_keeps_the_signed_agreement_and_invoices(world, as_role):
    from casework.models import Agreement, ClaimLine
    from casework.services import rehab
    from tests.web.pages.test_claim_pages import draft

    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_attendance",
              now=world.now, payload={"month": "2026-03", "days_attended": 2})  # fmt: skip
    agreement = Agreement.get(Agreement.application == application.id)
    staff = as_role("institution_staff")
    page = staff.text(f"/applications/{application.id}")
    assert "康复协议材料" in page and f"/papers/agreement/{agreement.id}" in page
    response = upload(staff, "agreement", agreement.id, kind="agreement", name="协议.pdf",
                      next_url=f"/applications/{application.id}")  # fmt: skip
    assert response.status_code == 302
    assert "协议.pdf" in staff.text(f"/applications/{application.id}")
    other = as_role("institution_staff_2")
    assert other.get(f"/papers/agreement/{agreement.id}").status_code == 403

    world.wait_until_over("2026-Q1")  # the quarter is billed once it is over
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    assert f"/papers/claim_line/{line.id}" in staff.text(f"/claims/{claim_id}")
    page = staff.text(f"/papers/claim_line/{line.id}")
    assert f"/claims/{claim_id}" in page and 'value="invoice"' in page
    assert upload(staff, "claim_line", line.id, kind="invoice", name="发票.png",
                  content=PNG).status_code == 302  # fmt: skip
    assert "发票.png" in staff.text(f"/papers/claim_line/{line.id}")
    assert other.get(f"/papers/claim_line/{line.id}").status_code == 403
    assert AccessEntry.select().where(AccessEntry.action == "denied").count() == 2


def test_after_the_review_the_agreement_is_taken_once_the_institution_accepts(world, as_role):
    approved, accepted = world.application(), world.application()
    world.advance(approved.id, "approved")
    world.advance(accepted.id, "accepted")
    page = as_role("reviewer").text(f"/applications/{approved.id}")
    assert '<option value="agreement">' not in page and '<option value="other">' in page
    assert "/actions/record_documents" not in page
    staff = as_role("institution_staff")
    page = staff.text(f"/applications/{accepted.id}")
    assert '<option value="agreement">' in page
    assert f"/applications/{accepted.id}/actions/record_documents" in page
    form = staff.text(f"/applications/{accepted.id}/actions/record_documents")
    assert 'value="diagnosis" checked' in form and 'value="agreement" checked' not in form
    unticked = staff.post(f"/applications/{accepted.id}/actions/record_documents",
                          {"received": ["identity", "residence"]})  # fmt: skip
    assert unticked.status_code == 302
    assert "审核后已收到的材料不能取消勾选" in staff.text(f"/applications/{accepted.id}")
    assert "diagnosis" in eligibility.received_documents(accepted)
    staff.post(f"/applications/{accepted.id}/actions/record_documents",
               {"received": ["identity", "residence", "diagnosis", "agreement"]})  # fmt: skip
    assert "agreement" in eligibility.received_documents(accepted)


def test_a_paper_the_checklist_no_longer_takes_is_refused_on_the_page(world, as_role, pages):
    application = world.application()
    world.advance(application.id, "approved")
    response = upload(as_role("reviewer"), "rehab", application.id, kind="agreement")
    assert response.status_code == 422
    assert "不再登记“已签订的康复协议”" in response.get_data(as_text=True)
    assert Document.select().count() == 0 and stored(pages) == []
