"""The demo's home-delivered education (送教上门): a few disabled children of the teacher's
township taught at home since two months ago, one keeping the pace and one behind it, so the
teacher, the supervisor and the village director have something to see and to do."""

from __future__ import annotations

import datetime as dt

from casework.models import Child, Place
from casework.rules.deadlines import local_date
from casework.services import visits
from casework.workflows.definition import Actor

TAUGHT = 2  # children enrolled
LESSON_DAYS = (5, 19)  # the days of the month the teacher comes (the pace: 2 a month)
SUBJECTS = ("生活语文", "生活数学", "康复训练")


def enrol_some(supervisor: Actor, teacher: Actor, now: dt.datetime) -> int:
    """Enrol the first disabled children of the teacher's township with the teacher and
    record their lessons; returns how many were enrolled."""
    today = local_date(now)
    start = _months_before(today.replace(day=1), 2)
    township = (
        Child.select()
        .join(Place, on=(Child.place == Place.id))
        .where(Place.path.startswith(teacher.place_path))
        .order_by(Child.id)
    )
    taught = [child for child in township if child.disability_types][:TAUGHT]
    for number, child in enumerate(taught):
        visits.enrol_home_education(supervisor, {
            "child_id": child.id, "teacher_id": teacher.id, "started_on": start,
            "school": "千岛湖镇中心小学"}, now)  # fmt: skip
        behind = number % 2 == 1  # every other child missed a lesson last month
        for day in _lesson_days(start, today, skip_last_month=behind):
            visits.record_visit(teacher, {
                "child_id": child.id, "kind": "home_education", "visited_on": day.isoformat(),
                "class_hours": 2, "subject": SUBJECTS[day.month % len(SUBJECTS)],
                "findings": "按个别化教育计划上课，孩子配合，家长在场"}, now)  # fmt: skip
    return len(taught)


def _lesson_days(start: dt.date, today: dt.date, skip_last_month: bool) -> list[dt.date]:
    last_month = _months_before(today.replace(day=1), 1)
    days, month = [], start
    while month <= today:
        for number, day in enumerate(LESSON_DAYS):
            lesson = month.replace(day=day)
            if lesson >= today or (skip_last_month and month == last_month and number == 1):
                continue
            days.append(lesson)
        month = _months_before(month, -1)
    return days


def _months_before(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)
