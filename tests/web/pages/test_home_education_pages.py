"""Home education (送教上门) on the pages: enrol a child with a teacher of the township, the
teacher records lessons, everyone concerned sees the class hours, and the enrolment ends."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.models import HomeEducation, Visit
from casework.services import visits

LESSON = {"kind": "home_education", "visited_on": "2026-03-02", "class_hours": "2",
          "subject": "语文", "findings": "认读十个生字"}  # fmt: skip


def enrol(browser, child_id: int, teacher_id: int, **more) -> int:
    form = {"child_id": child_id, "teacher_id": teacher_id, "started_on": "2026-02-01",
            "school": "千岛湖镇中心小学", **more}  # fmt: skip
    response = browser.post("/home-education/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/home-education/(\d+)$", response.headers["Location"]).group(1))


@pytest.fixture
def enrolled(world):
    child = world.child()
    return world.enrol_home_education(child, world.now.date().replace(month=2, day=1))


def test_a_supervisor_enrols_a_child_and_the_teacher_records_lessons(world, as_role):
    child = world.child()
    supervisor = as_role("child_supervisor")
    form = supervisor.text(f"/home-education/new?child_id={child.id}")
    assert "纳入送教上门" in form and f'<option value="{child.id}" selected>' in form
    assert "查找：姓名、村或身份证号后四位" in form  # the picker's search box
    teacher = world.a.users["teacher"]
    assert f'<option value="{teacher.id}"' in form and world.a.townships[0].name in form
    enrolment_id = enrol(supervisor, child.id, teacher.id)
    page = supervisor.text(f"/home-education/{enrolment_id}")
    assert child.name in page and "千岛湖镇中心小学" in page and "尚无送教记录" in page
    assert "结束送教上门" in page and "记录送教" not in page  # the teacher records lessons

    tutor = as_role("teacher")
    listing = tutor.text("/home-education")
    assert child.name in listing and "本月送教：0 / 2 次" in listing and "记录送教" in listing
    due = tutor.text("/visits")  # the teacher's home page: the lessons due
    assert child.name in due and "本月送教：0 / 2 次" in due and "记录送教" in due
    form = tutor.text(f"/visits/new?child_id={child.id}&kind=home_education")
    assert "保存送教记录" in form and 'max="12" value="" required' in form
    assert tutor.post("/visits/new", LESSON | {"child_id": child.id}).status_code == 302
    second = LESSON | {"child_id": child.id, "class_hours": "3", "subject": "康复训练"}
    assert tutor.post("/visits/new", second).status_code == 302
    page = tutor.text(f"/home-education/{enrolment_id}")
    assert "本月送教次数</dt><dd>2 / 2" in page and "本学年课时</dt><dd>5 / 40" in page
    assert "认读十个生字" in page and "3 课时" in page and "累计课时" in page
    director = as_role("child_director")
    assert child.name in director.text("/home-education")  # the village sees who is taught
    assert "本学年课时</dt><dd>5 / 40" in director.text(f"/home-education/{enrolment_id}")
    assert "纳入送教上门" not in director.text("/home-education")  # but does not enrol

    done = supervisor.post(f"/home-education/{enrolment_id}/end", {"ended_on": "2026-03-02"})
    assert done.status_code == 302
    assert HomeEducation.get_by_id(enrolment_id).ended_on.isoformat() == "2026-03-02"
    # its end date is its last day taught: listed as current, with its end, until tomorrow
    listing = supervisor.text("/home-education")
    assert child.name in listing and "2026年3月2日 结束" in listing
    assert child.name not in supervisor.text("/home-education?ended=yes")


def test_enrolling_refuses_bad_input_and_changes_nothing(world, as_role, enrolled):
    supervisor = as_role("child_supervisor")
    supervisor.get("/home-education/new")
    teacher = world.a.users["teacher"]
    empty = supervisor.post("/home-education/new", {"child_id": "", "teacher_id": ""})
    assert empty.status_code == 422 and "此项为必填项" in empty.get_data(as_text=True)
    other_township = world.child(village=3)  # the second township: the teacher is not theirs
    case_worker = as_role("case_worker")
    case_worker.get("/home-education/new")
    refused = case_worker.post("/home-education/new", {"child_id": other_township.id,
                               "teacher_id": teacher.id, "started_on": "2026-02-01"})  # fmt: skip
    assert refused.status_code == 422
    assert "该教师不属于儿童所在乡镇" in refused.get_data(as_text=True)
    future = supervisor.post("/home-education/new", {"child_id": world.child().id,
                             "teacher_id": teacher.id, "started_on": "2026-04-01"})  # fmt: skip
    assert future.status_code == 422 and "不能晚于今天" in future.get_data(as_text=True)
    again = supervisor.post("/home-education/new", {"child_id": enrolled.child_id,
                            "teacher_id": teacher.id, "started_on": "2026-02-01"})  # fmt: skip
    assert again.status_code == 302  # to the enrolment the child already has
    assert again.headers["Location"].endswith(f"/home-education/{enrolled.id}")
    assert "该儿童已在送教上门中" in supervisor.text(f"/home-education/{enrolled.id}")
    assert HomeEducation.select().count() == 1
    assert supervisor.post("/home-education/new", {"child_id": world.child().id,
                           "teacher_id": teacher.id}, csrf=False).status_code == 400  # fmt: skip
    assert HomeEducation.select().count() == 1


def test_ending_refuses_bad_dates_and_other_areas(world, as_role, enrolled):
    supervisor = as_role("child_supervisor")
    url = f"/home-education/{enrolled.id}"
    supervisor.get(url)
    early = supervisor.post(f"{url}/end", {"ended_on": "2026-01-01"}, follow_redirects=True)
    assert "早于开始日期" in early.get_data(as_text=True)
    bad = supervisor.post(f"{url}/end", {"ended_on": "soon"}, follow_redirects=True)
    assert "请填写有效日期" in bad.get_data(as_text=True)
    later = supervisor.post(f"{url}/end", {"ended_on": "2026-05-01"}, follow_redirects=True)
    assert "日期不能晚于今天" in later.get_data(as_text=True)
    assert supervisor.post(f"{url}/end", {"ended_on": "2026-03-01"}, csrf=False).status_code == 400
    stranger = as_role("case_worker", world.b)
    assert stranger.get(url).status_code == 403
    assert stranger.post(f"{url}/end", {"ended_on": "2026-03-01"}).status_code == 403
    assert as_role("child_director").post(f"{url}/end", {"ended_on": "2026-03-01"}
                                          ).status_code == 403  # fmt: skip
    assert HomeEducation.get_by_id(enrolled.id).ended_on is None
    assert as_role("child_supervisor").get("/home-education/99999").status_code == 404


def test_the_childs_file_shows_home_education(world, as_role, enrolled):
    supervisor = as_role("child_supervisor")
    page = supervisor.text(f"/children/{enrolled.child_id}")
    assert "起送教上门" in page and f"/home-education/{enrolled.id}" in page
    other = world.child()
    page = supervisor.text(f"/children/{other.id}")
    assert "未纳入送教上门" in page and f"/home-education/new?child_id={other.id}" in page
    assert "送教上门" not in as_role("intake_clerk").text(f"/children/{other.id}")


def test_a_teacher_sees_only_the_children_they_teach(world, as_role, enrolled):
    from casework.services import accounts

    other_teacher = accounts.create_user(None, username="teacher-2", name="另一位教师",
                                         role="teacher", password="password-1", now=world.now,
                                         place_id=world.a.townships[0].id)  # fmt: skip
    child = world.child()
    world.enrol_home_education(child, teacher=other_teacher)
    page = as_role("teacher").text("/home-education")
    assert enrolled.child.name in page and child.name not in page
    assert Visit.select().count() == 0


def test_the_teacher_records_lessons_until_the_last_day_taught(world, as_role, enrolled):
    """The end date is a day taught (HomeEducation.running): an enrolment ending today still
    takes a lesson, one that ended yesterday does not."""
    supervisor = world.a.actor("child_supervisor")
    visits.end_home_education(supervisor, enrolled.id, dt.date(2026, 3, 2), world.now)  # today
    ended = world.enrol_home_education(world.child(), dt.date(2026, 2, 1))
    visits.end_home_education(supervisor, ended.id, dt.date(2026, 3, 1), world.now)  # yesterday
    tutor = as_role("teacher")
    today_link = f"/visits/new?child_id={enrolled.child_id}&amp;kind=home_education"
    yesterday_link = f"/visits/new?child_id={ended.child_id}&amp;kind=home_education"
    page = tutor.text(f"/home-education/{enrolled.id}")
    assert "记录送教" in page and today_link in page
    listing = tutor.text("/home-education")
    assert today_link in listing and ended.child.name not in listing
    page = tutor.text(f"/home-education/{ended.id}")
    assert "记录送教" not in page and yesterday_link not in page
    listing = tutor.text("/home-education?ended=yes")
    assert ended.child.name in listing and "记录送教" not in listing
    assert tutor.post("/visits/new", LESSON | {"child_id": enrolled.child_id}).status_code == 302
