"""Registering a child and applying; the institution's attendance grid and dropout report."""

from __future__ import annotations

import datetime as dt
import re

from casework.models import Attendance, Child, DropoutReport, Place
from casework.rules.identity import compose_resident_id, mask_id_number
from casework.services import rehab


def registration(world, number, **extra):
    return {
        "id_number": number,
        "name": "李小明",
        "place_id": world.a.villages[1].id,
        "residence_basis": "permanent_hukou",
        "disability_types": ["hearing"],
        "guardian_name": "李强",
        "guardian_relation": "父亲",
        "guardian_phone": "13800000000",
        **extra,
    }


def test_register_a_child_then_apply(world, as_role):
    clerk = as_role("intake_clerk")
    form = clerk.text("/children/new")
    assert '<label for="id_number">身份证号码' in form and world.a.villages[1].name in form
    number = compose_resident_id("330127", dt.date(2022, 6, 1), 555)
    response = clerk.post("/children/new", registration(world, number))
    child = Child.get(Child.id_number == number)
    assert response.headers["Location"] == f"/children/{child.id}"
    page = clerk.text(f"/children/{child.id}")
    assert "李小明" in page and "2022年6月1日" in page and "李强（父亲，13800000000）" in page

    clerk.get(f"/children/{child.id}/apply")
    response = clerk.post(f"/children/{child.id}/apply", {
        "items": ["training_hearing", "hearing_aids"], "applied_on": "2026-03-02",
        "applicant_name": "李强", "applicant_relation": "父亲",
        "documents_received": ["identity", "residence", "diagnosis"]})  # fmt: skip
    assert response.status_code == 302
    application = rehab.scoped(world.a.actor("reviewer")).where(rehab.A.child == child.id).get()
    assert application.state == "submitted" and application.eligibility["eligible"]
    assert "听力残疾儿童康复训练" in clerk.text(response.headers["Location"])


def test_a_bad_id_number_is_explained_and_nothing_is_saved(world, as_role):
    clerk = as_role("intake_clerk")
    number = compose_resident_id("330127", dt.date(2022, 6, 1), 556)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    response = clerk.post("/children/new", registration(world, wrong))
    assert response.status_code == 422
    assert "身份证号码校验位错误" in response.get_data(as_text=True)
    response = clerk.post("/children/new", registration(world, "12345"))
    assert "身份证号码应为 18 位" in response.get_data(as_text=True)
    assert not Child.select().where(Child.name == "李小明").exists()


def test_a_duplicate_id_number_leads_to_the_existing_file(world, as_role):
    existing = world.child()
    clerk = as_role("intake_clerk")
    response = clerk.post("/children/new", registration(world, existing.id_number))
    assert response.headers["Location"] == f"/children/{existing.id}"
    assert "该身份证号码已建档" in clerk.text(f"/children/{existing.id}")
    assert Child.select().where(Child.id_number == existing.id_number).count() == 1


def test_an_application_without_items_is_refused(world, as_role):
    child = world.child()
    clerk = as_role("intake_clerk")
    form = {"applied_on": "2026-03-02", "applicant_name": "王芳", "applicant_relation": "母亲"}
    response = clerk.post(f"/children/{child.id}/apply", form)
    assert response.status_code == 422
    assert "请至少选择一个救助项目" in response.get_data(as_text=True)
    assert not rehab.A.select().where(rehab.A.child == child.id).exists()


def test_a_late_application_asks_why_and_keeps_the_form(world, as_role):
    child = world.child()
    clerk = as_role("intake_clerk")
    form = {"items": ["training_limb"], "applied_on": "2024-12-01", "applicant_name": "王芳",
            "applicant_relation": "母亲"}  # fmt: skip
    response = clerk.post(f"/children/{child.id}/apply", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "已超过一年：请填写补录原因" in page
    assert 'value="2024-12-01"' in page and not rehab.A.select().exists()
    response = clerk.post(f"/children/{child.id}/apply", {**form, "late_reason": "纸质申请补录"})
    assert response.status_code == 302


def test_children_search(world, as_role):
    first, second = world.child(), world.child()
    html = as_role("intake_clerk").text(f"/children?q={first.name}")
    # lists show ID numbers masked
    assert mask_id_number(first.id_number) in html and first.id_number not in html
    assert mask_id_number(second.id_number) not in html
    html = as_role("intake_clerk").text(f"/children?q={second.id_number}")
    assert second.name in html
    # as the child pickers search: the last characters a masked number shows, the village
    html = as_role("intake_clerk").text(f"/children?q={second.id_number[-4:].lower()}")
    assert second.name in html and first.name not in html
    village = Place.get_by_id(first.place_id).name
    assert first.name in as_role("intake_clerk").text(f"/children?q={village}")


def in_rehabilitation_since_january(world):
    application = world.application()
    world.advance(application.id, "agreed")
    rehab.act(world.a.actor("institution_staff"), application.id, "record_plan", now=world.now,
              payload={"assessed_on": "2026-01-05", "assessment": "评估", "goals": "目标",
                       "starts_on": "2026-01-05", "planned_months": 10})  # fmt: skip
    return application


def test_attendance_grid_saves_the_months_entered(world, as_role):
    application = in_rehabilitation_since_january(world)
    staff = as_role("institution_staff")
    grid = staff.text("/institution/attendance?year=2026")
    for month in ("01", "02", "03"):
        assert f'name="days-{application.id}-2026-{month}"' in grid
    assert f'name="days-{application.id}-2026-04"' not in grid  # the future is closed
    response = staff.post("/institution/attendance", {
        "year": "2026", f"days-{application.id}-2026-01": "18",
        f"days-{application.id}-2026-02": "15"})  # fmt: skip
    assert response.status_code == 302
    months = {a.month.month: a.days_attended for a in Attendance.select()}
    assert months == {1: 18, 2: 15}
    response = staff.post("/institution/attendance", {
        "year": "2026", f"days-{application.id}-2026-03": "40"})  # fmt: skip
    assert response.status_code == 422
    assert "须在 0 至 31 之间" in response.get_data(as_text=True)
    assert Attendance.select().count() == 2


def test_the_grid_takes_only_the_days_that_have_passed(world, as_role):
    application = in_rehabilitation_since_january(world)
    staff = as_role("institution_staff")
    grid = staff.text("/institution/attendance?year=2026")
    assert f'max="28" name="days-{application.id}-2026-02"' in grid  # February is over
    assert f'max="2" name="days-{application.id}-2026-03"' in grid  # 2 March: two days so far
    response = staff.post("/institution/attendance", {
        "year": "2026", f"days-{application.id}-2026-02": "29",
        f"days-{application.id}-2026-03": "3"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    name = application.child.name
    assert f"{name} 2026-02: 2026-02 截至今日只有 28 天" in page
    assert f"{name} 2026-03: 2026-03 截至今日只有 2 天" in page
    assert Attendance.select().count() == 0


def test_one_refused_cell_saves_none_and_keeps_what_was_typed(world, as_role):
    first = in_rehabilitation_since_january(world)
    second = in_rehabilitation_since_january(world)
    staff = as_role("institution_staff")
    response = staff.post("/institution/attendance", {
        "year": "2026", f"days-{first.id}-2026-01": "18", f"days-{second.id}-2026-01": "20",
        f"days-{second.id}-2026-02": "29"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{second.child.name} 2026-02: 2026-02 截至今日只有 28 天" in page
    assert Attendance.select().count() == 0  # the good cells neither: one step, all or none
    for app, month, typed in ((first, "01", "18"), (second, "01", "20"), (second, "02", "29")):
        assert re.search(rf'name="days-{app.id}-2026-{month}" value="{typed}"', page), month
    cell = rf'<td class="refused">\s*<input[^>]*name="days-{second.id}-2026-02"[^>]*>'
    refused = re.search(cell, page)
    assert refused and 'aria-invalid="true"' in refused.group(0)
    assert staff.post("/institution/attendance", {
        "year": "2026", f"days-{first.id}-2026-01": "18",
        f"days-{second.id}-2026-01": "20"}).status_code == 302  # fmt: skip
    assert Attendance.select().count() == 2


def test_dropout_report_form(world, as_role):
    application = in_rehabilitation_since_january(world)
    staff = as_role("institution_staff")
    listing = staff.text("/institution/dropouts")
    assert f"/applications/{application.id}/actions/report_dropout" in listing
    form = staff.text(f"/applications/{application.id}/actions/report_dropout")
    assert "退出日期" in form and "最后出勤月份" in form and 'type="month"' in form
    bad = staff.post(f"/applications/{application.id}/actions/report_dropout", {
        "reason": "随父母外出", "dropped_on": "2026-03-01", "last_month": "2025-12"})  # fmt: skip
    assert bad.status_code == 422 and "须在 2026-01 至 2026-03 之间" in bad.get_data(as_text=True)
    staff.post(f"/applications/{application.id}/actions/report_dropout", {
        "reason": "随父母外出", "dropped_on": "2026-03-01", "last_month": "2026-02"})  # fmt: skip
    assert rehab.require(application.id).state == "dropped_out"
    report = DropoutReport.get(DropoutReport.application == application.id)
    assert (report.reason, report.last_month) == ("随父母外出", dt.date(2026, 2, 1))
    listing = staff.text("/institution/dropouts")
    assert "随父母外出" in listing and "2026-02" in listing


def test_a_file_is_edited_keeping_every_guardian(world, as_role):
    clerk = as_role("intake_clerk")
    number = compose_resident_id("330127", dt.date(2022, 6, 1), 557)
    clerk.post("/children/new", registration(world, number))
    child = Child.get(Child.id_number == number)
    assert f"/children/{child.id}/edit" in clerk.text(f"/children/{child.id}")
    form = clerk.text(f"/children/{child.id}/edit")
    assert 'value="李小明"' in form and 'value="李强"' in form and 'id="guardian_name-1"' in form
    assert 'name="id_number"' not in form  # the ID number stays as registered
    edited = registration(world, number, name="李晓明", disability_types=["hearing", "speech"],
                          editing="yes", expected_version=child.version)  # fmt: skip
    edited |= {"guardian_name": ["李强", "王芳"], "guardian_relation": ["父亲", "母亲"],
               "guardian_phone": ["13800000000", ""]}  # fmt: skip
    response = clerk.post(f"/children/{child.id}/edit", edited)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    child = Child.get_by_id(child.id)
    assert (child.name, child.disability_types, child.id_number) == (
        "李晓明", ["hearing", "speech"], number)  # fmt: skip
    assert sorted(g.name for g in child.guardians) == ["李强", "王芳"]
    page = clerk.text(f"/children/{child.id}")
    assert "儿童档案已保存" in page and "王芳（母亲）" in page

    stale = clerk.post(f"/children/{child.id}/edit", edited | {"name": "别名",
                       "expected_version": 1}, follow_redirects=True)  # fmt: skip
    assert "该记录已被他人修改" in stale.get_data(as_text=True)
    bad = clerk.post(f"/children/{child.id}/edit", edited | {"expected_version": child.version,
                     "place_id": world.a.county.id})  # fmt: skip
    assert bad.status_code == 422 and "请选择村（居）" in bad.get_data(as_text=True)
    assert Child.get_by_id(child.id).name == "李晓明"
    assert clerk.post(f"/children/{child.id}/edit", edited, csrf=False).status_code == 400
    assert as_role("intake_clerk", world.b).get(f"/children/{child.id}/edit").status_code == 403
    assert as_role("teacher").get(f"/children/{child.id}/edit").status_code == 403
