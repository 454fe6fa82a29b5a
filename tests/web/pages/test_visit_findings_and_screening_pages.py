"""The visit form's structured findings and the report a visit opens, and the screening
pages: a round launched, a village screened child by child on its list, progress by township
and village, each page scoped."""

from __future__ import annotations

import datetime as dt

from casework.models import ReportCase, Screening, ScreeningEntry, ScreeningVillage, Visit
from casework.services import screening

FOUND = {"carer": "祖母（72岁）", "care_adequate": "no", "schooling": "dropped_out",
         "health": "咳嗽两周未就医", "safety": "夜间独自在家", "needs": "联系学校复学",
         "parents_contact": "rarely", "risk_flags": ["no_carer", "dropped_out"]}  # fmt: skip


def visit_form(child, **more) -> dict:
    return {"child_id": child.id, "kind": "regular", "visited_on": "2026-03-02",
            "findings": "奶奶住院后孩子常独自在家", **more}  # fmt: skip


def test_the_form_records_the_findings_and_offers_the_report(world, as_role):
    child = world.child()
    director = as_role("child_director")
    form = director.text(f"/visits/new?child_id={child.id}&kind=regular")
    for said in (
        "走访发现",
        "实际照料人",
        "就学情况",
        "发现的风险",
        "无人照料",
        "根据这次走访立即提交强制报告",
    ):
        assert said in form, said
    saved = director.post("/visits/new", visit_form(child, **FOUND))
    assert saved.status_code == 302
    visit = Visit.get()
    assert (visit.carer, visit.care_adequate, visit.schooling, visit.risk_flags) == (
        "祖母（72岁）", False, "dropped_out", ["no_carer", "dropped_out"])  # fmt: skip
    assert saved.headers["Location"].endswith(f"/visits/{visit.id}")
    page = director.text(f"/visits/{visit.id}")
    assert "提交强制报告" in page and "无人照料、辍学" in page  # the facts, filled in
    assert 'value="guardianship_absent" selected' in page
    filed = director.post(
        f"/visits/{visit.id}",
        {"harm_type": "guardianship_absent", "urgent": "yes", "facts": "孩子独自在家"},
    )
    assert filed.status_code == 302, filed.get_data(as_text=True)
    case = ReportCase.get()
    assert filed.headers["Location"].endswith(f"/reports/{case.id}")
    assert (case.child_id, case.urgent, case.facts) == (child.id, True, "孩子独自在家")
    assert Visit.get_by_id(visit.id).opened_report_id == case.id
    assert "提交报告" not in director.text(f"/visits/{visit.id}")  # filed: offered no more


def test_ticking_file_report_saves_the_visit_and_its_report_at_once(world, as_role):
    child = world.child()
    director = as_role("child_director")
    saved = director.post("/visits/new", visit_form(child, file_report="yes", **FOUND))
    assert saved.status_code == 302
    case = ReportCase.get()
    assert saved.headers["Location"].endswith(f"/reports/{case.id}")
    assert (case.harm_type, case.urgent, Visit.get().opened_report_id) == (
        "guardianship_absent", True, case.id)  # fmt: skip


def test_a_refused_visit_keeps_what_was_typed_and_writes_nothing(world, as_role):
    child = world.child()
    director = as_role("child_director")
    # no flag names a harm: the report cannot be filed, so neither is the visit
    refused = director.post(
        "/visits/new",
        visit_form(child, file_report="yes", risk_flags=["untreated_illness"], health="高烧三天"),
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "高烧三天" in text and 'value="untreated_illness" checked' in text
    assert (Visit.select().count(), ReportCase.select().count()) == (0, 0)
    contradictory = director.post(
        "/visits/new", visit_form(child, schooling="attending", risk_flags=["dropped_out"])
    )
    assert contradictory.status_code == 422
    assert "在校就读（或未到学龄）的儿童不属于辍学" in contradictory.get_data(as_text=True)
    assert Visit.select().count() == 0


def test_a_visit_page_is_seen_only_in_its_area(world, as_role):
    child = world.child()
    as_role("child_director").post("/visits/new", visit_form(child, **FOUND))
    visit = Visit.get()
    assert as_role("child_director", world.b).get(f"/visits/{visit.id}").status_code == 404
    assert as_role("reviewer").get(f"/visits/{visit.id}").status_code == 403
    assert as_role("child_supervisor").get(f"/visits/{visit.id}").status_code == 200
    assert as_role("child_director", world.b).post(
        f"/visits/{visit.id}", {"harm_type": "abuse"}).status_code == 404  # fmt: skip
    assert ReportCase.select().count() == 0


def test_a_round_launched_screened_and_followed_on_the_pages(world, as_role):
    child = world.child()
    worker = as_role("case_worker")
    assert "发起排查" in worker.text("/screenings")
    bad = worker.post("/screenings", {"title": "春季排查", "starts_on": "2026-03-10",
                                      "ends_on": "2026-03-01"})  # fmt: skip
    assert bad.status_code == 422 and "春季排查" in bad.get_data(as_text=True)
    assert Screening.select().count() == 0
    launched = worker.post("/screenings", {"title": "春季排查", "starts_on": "2026-03-01",
                                           "ends_on": "2026-03-31"})  # fmt: skip
    assert launched.status_code == 302
    round_ = Screening.get()
    director = as_role("child_director")
    village = world.a.villages[0].id
    listed = director.get("/screenings")  # straight to the village's list
    assert listed.headers["Location"].endswith(f"/screenings/{round_.id}/villages/{village}")
    page = director.text(f"/screenings/{round_.id}/villages/{village}")
    assert child.name in page and "共 1 名儿童，还有 1 名未排查" in page
    url = f"/screenings/{round_.id}/villages/{village}"
    refused = director.post(url, {"child_id": child.id, "result": "report_filed", "note": "待核"})
    assert refused.status_code == 422 and "请填写已提交的强制报告案件编号" in refused.get_data(
        as_text=True)  # fmt: skip
    assert ScreeningEntry.select().count() == 0
    assert director.post(url, {"child_id": child.id, "result": "follow_up"}).status_code == 302
    assert director.post(url, {"household": "王家，3组，新迁入", "result": "new_file"}
                         ).status_code == 302  # fmt: skip
    assert director.post(url, {"done": "yes"}).status_code == 302
    part = ScreeningVillage.get(screening=round_.id, place=village)
    assert part.completed_at is not None
    progress = worker.text(f"/screenings/{round_.id}")
    assert "按乡镇" in progress and world.a.villages[0].name in progress and "1 / 1" in progress
    # scope: the other county's users and other roles
    assert as_role("case_worker", world.b).get(f"/screenings/{round_.id}").status_code == 404
    assert as_role("child_director", world.b).get(url).status_code == 404
    other_village = f"/screenings/{round_.id}/villages/{world.a.villages[1].id}"
    assert director.get(other_village).status_code == 404
    assert as_role("reviewer").get("/screenings").status_code == 403
    assert (
        as_role("child_director")
        .post("/screenings", {"title": "x", "starts_on": "2026-03-01", "ends_on": "2026-03-31"})
        .status_code
        == 403
    )
    assert Screening.select().count() == 1  # a director launches nothing
    assert screening.list_screenings(world.b.actor("case_worker")) == []


def test_a_report_case_shows_the_risks_its_follow_ups_saw(world, as_role):
    from casework.services import reports, visits

    child = world.child()
    director = world.a.actor("child_director")
    case = reports.file_report(director, {"reporter_name": "李主任", "child_id": child.id,
                                          "place_id": child.place_id, "harm_type": "abuse",
                                          "facts": "手臂有淤青"}, world.now)  # fmt: skip
    reports.act(world.a.actor("case_worker"), case.id, "accept", now=world.now,
                expected_version=1)  # fmt: skip
    visits.record_visit(director, {"visited_on": "2026-03-02", "kind": "monitoring",
                                   "case_id": case.id, "findings": "又见新伤",
                                   "risk_flags": ["injury"]}, world.now)  # fmt: skip
    page = as_role("case_worker").text(f"/reports/{case.id}")
    assert "又见新伤" in page and "发现的风险：有伤情" in page


def test_the_file_opened_for_a_family_linked_on_the_village_page(world, as_role):
    spring = {"title": "春季排查", "starts_on": "2026-03-01", "ends_on": "2026-03-31"}
    round_ = screening.launch(world.a.actor("case_worker"), spring, world.now)
    director = as_role("child_director")
    village = world.a.villages[0].id
    url = f"/screenings/{round_.id}/villages/{village}"
    assert director.post(url, {"household": "王家，3组，新迁入", "result": "new_file"}
                         ).status_code == 302  # fmt: skip
    entry = ScreeningEntry.get()
    assert "关联新建档案" in director.text(url)
    refused = director.post(url, {"link": entry.id, "child_id": ""})
    assert refused.status_code == 422 and "王家" in refused.get_data(as_text=True)
    assert ScreeningEntry.get_by_id(entry.id).filed_child_id is None
    opened = world.child()  # the file opened for the family's child
    assert director.post(url, {"link": entry.id, "child_id": opened.id}).status_code == 302
    assert ScreeningEntry.get_by_id(entry.id).filed_child_id == opened.id
    page = director.text(url)
    assert "已建档" in page and opened.name in page and "关联新建档案" not in page
    again = director.post(url, {"link": entry.id, "child_id": opened.id})
    assert again.status_code == 422 and "该排查记录已关联档案" in again.get_data(as_text=True)


def test_a_missing_child_or_report_or_entry_is_the_forms_error_not_the_404_page(world, as_role):
    spring = {"title": "春季排查", "starts_on": "2026-03-01", "ends_on": "2026-03-31"}
    round_ = screening.launch(world.a.actor("case_worker"), spring, world.now)
    child = world.child()
    director = as_role("child_director")
    url = f"/screenings/{round_.id}/villages/{world.a.villages[0].id}"
    typed = {"household": "王家，3组，新迁入", "result": "report_filed", "report_case_id": "99999",
             "note": "父母外出务工"}  # fmt: skip
    missing_report = director.post(url, typed)
    page = missing_report.get_data(as_text=True)
    assert missing_report.status_code == 422 and "该记录不存在" in page
    assert "王家，3组，新迁入" in page and "父母外出务工" in page and 'value="99999"' in page
    missing_child = director.post(url, {"child_id": 99999, "result": "follow_up"})
    assert missing_child.status_code == 422
    assert "该记录不存在" in missing_child.get_data(as_text=True)
    assert director.post(url, {"household": "李家", "result": "new_file"}).status_code == 302
    entry = ScreeningEntry.get(household="李家")
    no_file = director.post(url, {"link": entry.id, "child_id": "99999"})
    assert no_file.status_code == 422 and "该记录不存在" in no_file.get_data(as_text=True)
    no_entry = director.post(url, {"link": 99999, "child_id": str(child.id)})
    assert no_entry.status_code == 422 and "该记录不存在" in no_entry.get_data(as_text=True)
    assert ScreeningEntry.select().count() == 1
    assert ScreeningEntry.get_by_id(entry.id).filed_child_id is None


def test_a_file_of_another_village_is_refused_in_chinese_with_the_choice_kept(world, as_role):
    spring = {"title": "春季排查", "starts_on": "2026-03-01", "ends_on": "2026-03-31"}
    round_ = screening.launch(world.a.actor("case_worker"), spring, world.now)
    worker = as_role("case_worker")
    url = f"/screenings/{round_.id}/villages/{world.a.villages[0].id}"
    assert worker.post(url, {"household": "王家", "result": "new_file"}).status_code == 302
    entry = ScreeningEntry.get()
    elsewhere = world.child(village=1)
    refused = worker.post(url, {"link": entry.id, "child_id": str(elsewhere.id)})
    assert refused.status_code == 422
    assert "该档案不属于发现这户家庭的村（社区）。" in refused.get_data(as_text=True)
    assert ScreeningEntry.get_by_id(entry.id).filed_child_id is None
    world.now -= dt.timedelta(days=3)
    older = world.child()  # on file before the family was found: among the village's files
    world.now += dt.timedelta(days=3)
    early = worker.post(url, {"link": entry.id, "child_id": str(older.id)})
    page = early.get_data(as_text=True)
    assert early.status_code == 422 and "该档案建立于排查发现这户家庭之前" in page
    assert f'<option value="{older.id}" selected>' in page  # the choice kept
    assert ScreeningEntry.get_by_id(entry.id).filed_child_id is None
