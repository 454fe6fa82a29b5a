"""Claim pages: an institution drafts, costs and submits; the auditor decides; finance pays."""

from __future__ import annotations

import re

import pytest

from casework.models import Claim, ClaimLine
from casework.services import claims, rehab
from tests.integration.claim_cases import in_rehab

PERIOD = "2026-Q1"  # NOW is 2 March 2026; counties bill quarterly by default


@pytest.fixture
def attended(world):
    """An application in rehabilitation at county a's first institution, March attended."""
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_attendance",
              now=world.now, payload={"month": "2026-03", "days_attended": 2})  # fmt: skip
    world.wait_until_over(PERIOD)  # the pages' clock follows: 1 April, when Q1 may be billed
    return application


def draft(staff) -> int:
    page = staff.text("/claims")
    assert PERIOD in page and "起草结算申报" in page
    response = staff.post("/claims/new", {"period": PERIOD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/claims/(\d+)$", response.headers["Location"]).group(1))


def submitted(as_role) -> tuple[int, ClaimLine]:
    """A claim drafted, costed and submitted by the institution, and its one line."""
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    post(staff, claim_id, "edit_lines", {"line_id": line.id, f"total_cost-{line.id}": "800"})
    post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"})
    return claim_id, line


def post(browser, claim_id, action, data=None, status=302):
    response = browser.post(f"/claims/{claim_id}/actions/{action}", data or {})
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return response


def test_a_claim_from_draft_to_payment_on_the_pages(world, as_role, attended):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    page = staff.text(f"/claims/{claim_id}")
    assert "草稿" in page and "保存费用" in page and line.child.name in page

    post(staff, claim_id, "edit_lines", {"line_id": line.id, f"total_cost-{line.id}": "3000.00",
                                         f"basic_medical-{line.id}": "500"})  # fmt: skip
    line = ClaimLine.get_by_id(line.id)
    assert (line.total_fen, line.basic_medical_fen) == (300000, 50000)
    assert line.subsidy_fen > 0
    page = staff.text(f"/claims/{claim_id}")
    assert f"{line.subsidy_fen // 100}." in page  # the computed subsidy is shown
    assert "本年累计：扣除保险后 2500.00 元，1 个月，上限 1700.00 元" in page  # why 1,700

    post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"})
    assert Claim.get_by_id(claim_id).state == "self_audited"

    auditor = as_role("settlement_auditor")
    assert f"/claims/{claim_id}" in auditor.text("/claims")  # waiting for the auditor
    page = auditor.text(f"/claims/{claim_id}")
    assert "记录审核决定" in page and "退回原因" not in page
    post(auditor, claim_id, "decide_lines", {"line_id": line.id, "approve_others": "yes"})
    post(auditor, claim_id, "complete_audit")
    post(auditor, claim_id, "send_to_finance")

    finance = as_role("finance_officer")
    assert f"/claims/{claim_id}" in finance.text("/claims")
    approved = claims.totals(claim_id).approved
    wrong = post(finance, claim_id, "record_payment", {"paid_on": "2026-03-02",
                 "voucher_number": "记-9", "amount": "1.00"}, status=422)  # fmt: skip
    assert "必须等于核定总额" in wrong.get_data(as_text=True)
    assert Claim.get_by_id(claim_id).state == "sent_to_finance"
    amount = f"{approved // 100}.{approved % 100:02d}"
    post(finance, claim_id, "record_payment",
         {"paid_on": "2026-03-02", "voucher_number": "记-9", "amount": amount})  # fmt: skip
    claim = Claim.get_by_id(claim_id)
    assert (claim.state, claim.paid_fen, claim.voucher_number) == ("paid", approved, "记-9")
    assert "已付" in staff.text("/claims")  # the institution sees the payment status


def test_rejecting_a_line_needs_a_code_and_a_reason_then_returns_to_draft(world, as_role,
                                                                          attended):  # fmt: skip
    claim_id, line = submitted(as_role)
    auditor = as_role("settlement_auditor")
    refused = post(auditor, claim_id, "decide_lines",
                   {"line_id": line.id, f"decision-{line.id}": "reject"}, status=422)  # fmt: skip
    assert "驳回明细时必填" in refused.get_data(as_text=True)
    assert ClaimLine.get_by_id(line.id).status == "pending"
    post(auditor, claim_id, "decide_lines", {"line_id": line.id, f"decision-{line.id}": "reject",
         f"code-{line.id}": "receipts_missing", f"reason-{line.id}": "缺发票"})  # fmt: skip
    post(auditor, claim_id, "complete_audit")
    post(auditor, claim_id, "return_for_correction", {"reason": "请补发票"})
    assert Claim.get_by_id(claim_id).state == "draft"
    assert "缺少票据" in as_role("institution_staff").text(f"/claims/{claim_id}")


def test_submitting_without_costs_is_refused_in_chinese(world, as_role, attended):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    response = post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"},
                    status=422)  # fmt: skip
    assert "请填写每条明细的总费用" in response.get_data(as_text=True)
    assert Claim.get_by_id(claim_id).state == "draft"


def test_the_settlement_spreadsheet_downloads(world, as_role, attended):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    xlsx = staff.client.get(f"/claims/{claim_id}/statement.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert "attachment" in xlsx.headers["Content-Disposition"]
    csv = staff.client.get(f"/claims/{claim_id}/statement.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert staff.get(f"/claims/{claim_id}/statement.pdf").status_code == 422


@pytest.mark.parametrize("role", ["reviewer", "intake_clerk", "child_director", "teacher"])
def test_roles_without_claims_get_403(role, as_role):
    assert as_role(role).get("/claims").status_code == 403


def test_claims_out_of_scope_are_refused_and_unchanged(world, as_role, attended):
    claim_id = draft(as_role("institution_staff"))
    other_institution = as_role("institution_staff_2")
    assert other_institution.get(f"/claims/{claim_id}").status_code == 403
    assert f'/claims/{claim_id}"' not in other_institution.text("/claims")
    other_county = as_role("settlement_auditor", world.b)
    assert other_county.get(f"/claims/{claim_id}").status_code == 403
    assert other_county.client.get(f"/claims/{claim_id}/statement.xlsx").status_code == 403
    response = other_county.post(f"/claims/{claim_id}/actions/discard", {"reason": "x"})
    assert response.status_code == 403
    finance = as_role("finance_officer")
    response = finance.post(f"/claims/{claim_id}/actions/submit",
                            {"attestation": "a", "attested_by": "b"})  # fmt: skip
    assert response.status_code == 403  # not finance's action
    assert Claim.get_by_id(claim_id).state == "draft"
    assert as_role("institution_staff").get(f"/claims/{claim_id}/actions/fly").status_code == 404
    assert as_role("institution_staff").post(f"/claims/{claim_id}/actions/fly").status_code == 404


def test_claim_forms_need_the_csrf_token(world, as_role, attended):
    staff = as_role("institution_staff")
    assert staff.post("/claims/new", {"period": PERIOD}, csrf=False).status_code == 400
    assert Claim.select().count() == 0
    claim_id = draft(staff)
    response = staff.post(f"/claims/{claim_id}/actions/submit",
                          {"attestation": "属实", "attested_by": "院长"}, csrf=False)  # fmt: skip
    assert response.status_code == 400
    assert Claim.get_by_id(claim_id).state == "draft"


def test_a_future_period_is_refused(world, as_role, attended):
    staff = as_role("institution_staff")
    response = staff.post("/claims/new", {"period": "2027-Q1"})
    assert response.status_code == 302
    assert "尚未开始" in staff.text("/claims")
    assert Claim.select().count() == 0


def test_the_current_period_is_not_offered_and_is_refused_until_it_is_over(world, as_role):
    application = world.application()
    world.advance(application.id, "in_rehabilitation")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_attendance",
              now=world.now, payload={"month": "2026-03", "days_attended": 2})  # fmt: skip
    staff = as_role("institution_staff")
    page = staff.text("/claims")
    assert "2026-Q1" not in page and "2025-Q4" in page and "当前结算期" in page
    response = staff.post("/claims/new", {"period": "2026-Q1"})
    assert response.status_code == 302
    assert "2026-Q1 尚未结束" in staff.text("/claims")
    assert Claim.select().count() == 0


def test_the_institution_removes_a_line_and_adds_it_back(world, as_role, attended):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    page = staff.text(f"/claims/{claim_id}")
    assert 'form="remove-' in page and "删除明细" in page
    assert "本结算期内本机构已没有其他可申报的个案" in page  # everything billable is on it
    post(staff, claim_id, "remove_line", {"remove": line.id, "expected_version": 1})
    assert ClaimLine.select().where(ClaimLine.claim == claim_id).count() == 0
    page = staff.text(f"/claims/{claim_id}")
    item = f"{attended.id}:training_limb"
    assert f'<option value="{item}"' in page and line.child.name in page and "2026-03" in page

    post(staff, claim_id, "add_line", {"item": item, "total_cost": "2500.00"})
    added = ClaimLine.get(claim=claim_id)
    assert (added.application_id, added.aid_item, added.months) == (
        attended.id, "training_limb", ["2026-03"])  # fmt: skip
    assert added.total_fen == 250000 and added.subsidy_fen > 0
    assert f'<option value="{item}"' not in staff.text(f"/claims/{claim_id}")


def test_adding_and_removing_lines_refuses_bad_input_in_chinese(world, as_role, attended):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    nothing = post(staff, claim_id, "add_line", {"item": ""}, status=422)
    assert "此项为必填项" in nothing.get_data(as_text=True)
    twice = post(staff, claim_id, "add_line", {"item": f"{attended.id}:training_limb"})
    assert twice.status_code == 302
    assert "该儿童的此救助项目已在本申报中" in staff.text(f"/claims/{claim_id}")
    wrong = post(staff, claim_id, "add_line", {"item": f"{attended.id}:cochlear_implant"},
                 status=422)  # fmt: skip
    assert "该救助项目不在申请中" in wrong.get_data(as_text=True)
    stranger = post(staff, claim_id, "remove_line", {"remove": "999999"}, status=422)
    assert "该明细不在本结算申报中" in stranger.get_data(as_text=True)
    assert post(staff, claim_id, "remove_line", {}, status=422)
    assert [x.id for x in ClaimLine.select().where(ClaimLine.claim == claim_id)] == [line.id]
    assert staff.post(f"/claims/{claim_id}/actions/remove_line", {"remove": line.id},
                      csrf=False).status_code == 400  # fmt: skip
    other = as_role("institution_staff_2")
    refused = other.post(f"/claims/{claim_id}/actions/remove_line", {"remove": line.id})
    assert refused.status_code == 403
    assert ClaimLine.get_or_none(id=line.id) is not None


def test_lines_cannot_be_changed_once_submitted_and_the_message_names_the_claim(
    world, as_role, attended
):
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    post(staff, claim_id, "edit_lines", {"line_id": line.id, f"total_cost-{line.id}": "800"})
    post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"})
    page = staff.text(f"/claims/{claim_id}")
    assert 'form="remove-' not in page and 'id="add-line"' not in page
    post(staff, claim_id, "remove_line", {"remove": line.id})
    page = staff.text(f"/claims/{claim_id}")
    assert "结算申报处于“已提交（机构自审）”状态，不能办理“删除明细”" in page
    assert "申请处于" not in page.replace("结算申报处于", "")
    assert ClaimLine.get_or_none(id=line.id) is not None


def test_a_device_handed_out_free_is_ticked_on_the_lines_and_shown(world, as_role):
    from tests.integration.claim_cases import in_rehab

    fitted = in_rehab(world, items=("hearing_aids",), months=(), disabilities=("hearing",))
    rehab.act(world.a.actor("institution_staff"), fitted.id, "complete", now=world.now,
              payload={"completed_on": "2026-02-10"})  # fmt: skip
    world.wait_until_over(PERIOD)
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    assert f'name="free-{line.id}"' in staff.text(f"/claims/{claim_id}")
    post(staff, claim_id, "edit_lines", {"line_id": line.id, f"total_cost-{line.id}": "9000",
         f"free-shown-{line.id}": "yes", f"free-{line.id}": "yes"})  # fmt: skip
    line = ClaimLine.get_by_id(line.id)
    assert (line.free_device, line.total_fen, line.subsidy_fen) == (True, 900000, 0)
    post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"})
    assert "免费发放" in staff.text(f"/claims/{claim_id}")


def test_the_institution_ticks_the_cases_a_draft_bills(world, as_role, attended):
    other = in_rehab(world)  # January to March attended
    staff = as_role("institution_staff")
    page = staff.text("/claims")
    assert "本次申报的救助对象" in page
    for application in (attended, other):
        assert f'name="application_ids" value="{application.id}" checked' in page
    response = staff.post("/claims/new", {"period": PERIOD, "choosing": "1",
                                          "application_ids": [str(other.id)]})  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    claim_id = int(re.search(r"/claims/(\d+)$", response.headers["Location"]).group(1))
    assert [x.application_id for x in ClaimLine.select().where(ClaimLine.claim == claim_id)] == [
        other.id
    ]
    response = staff.post("/claims/new", {"period": PERIOD, "choosing": "1"})  # none ticked
    assert response.status_code == 302 and response.headers["Location"].endswith("/claims")
    assert "请至少选择一名要申报的救助对象" in staff.text("/claims")
    assert Claim.select().count() == 1


def test_a_refused_cost_names_the_child_line_and_column_and_marks_the_cell(world, as_role,
                                                                           attended):  # fmt: skip
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    line = ClaimLine.get(claim=claim_id)
    name = line.child.name
    typed = {"line_id": line.id, f"total_cost-{line.id}": "12x", f"basic_medical-{line.id}": "5"}
    page = post(staff, claim_id, "edit_lines", typed, status=422).get_data(as_text=True)
    assert f"{name} · 第 {line.id} 行 · 总费用" in page
    cell = re.search(rf'<input class="money invalid" name="total_cost-{line.id}"[^>]*>', page)
    assert cell and 'value="12x"' in cell.group(0) and 'aria-invalid="true"' in cell.group(0)
    assert re.search(rf'name="basic_medical-{line.id}" value="5"', page)  # kept as typed
    over = {"line_id": line.id, f"total_cost-{line.id}": "100", f"medical_aid-{line.id}": "200"}
    page = post(staff, claim_id, "edit_lines", over, status=422).get_data(as_text=True)
    assert f"{name} · 第 {line.id} 行 · 保险与医疗救助合计" in page
    assert ClaimLine.get_by_id(line.id).total_fen == 0  # nothing written


def test_the_auditors_decisions_are_kept_when_one_is_refused(world, as_role, attended):
    in_rehab(world, months=("2026-03",))  # a second child on the claim
    staff = as_role("institution_staff")
    claim_id = draft(staff)
    first, other = ClaimLine.select().where(ClaimLine.claim == claim_id).order_by(ClaimLine.id)
    costs = {"line_id": [first.id, other.id], f"total_cost-{first.id}": "800",
             f"total_cost-{other.id}": "900"}  # fmt: skip
    post(staff, claim_id, "edit_lines", costs)
    post(staff, claim_id, "submit", {"attestation": "属实", "attested_by": "院长"})
    auditor = as_role("settlement_auditor")
    decisions = {"line_id": [first.id, other.id], f"decision-{first.id}": "approve",
                 f"decision-{other.id}": "reject", f"reason-{other.id}": "票据不全"}  # fmt: skip
    page = post(auditor, claim_id, "decide_lines", decisions, status=422).get_data(as_text=True)
    assert f"{other.child.name} · 第 {other.id} 行 · 驳回代码" in page  # the code is missing
    assert re.search(rf'name="decision-{first.id}"[^>]*>\s*<option value="">[^<]*</option>\s*'
                     r'<option value="approve" selected>', page)  # fmt: skip
    assert re.search(r'<option value="reject" selected>', page)
    assert re.search(rf'name="reason-{other.id}"[^>]*value="票据不全"', page)
    code = re.search(rf'<select name="code-{other.id}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in code
    assert {x.status for x in ClaimLine.select().where(ClaimLine.claim == claim_id)} == {"pending"}
