"""A child's file is a child's: no birth date after the day, no one eighteen or
older on the day, and no application dated before the child's birth."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import AuditEntry, Child, RehabApplication
from casework.rules.deadlines import local_date
from casework.rules.family import age_on
from casework.rules.identity import compose_resident_id
from casework.services import children, rehab


def register(world, born: dt.date):
    number = compose_resident_id("330127", born, 7)
    return children.register_child(world.a.actor("intake_clerk"), {
        "id_number": number, "name": "测试", "place_id": world.a.villages[0].id,
        "residence_basis": "permanent_hukou", "disability_types": ["limb"]}, world.now)  # fmt: skip


def refused(world, born: dt.date) -> str:
    with pytest.raises(Invalid) as caught:
        register(world, born)
    assert Child.select().where(Child.birth_date == born).count() == 0
    return caught.value.fields["id_number"][0].code


def test_no_birth_after_the_day_and_no_adult(world):
    today = local_date(world.now)
    assert refused(world, today + dt.timedelta(days=1)) == "born_in_future"
    eighteen = today.replace(year=today.year - 18)
    assert refused(world, eighteen) == "not_a_child"  # eighteen on the day
    assert refused(world, dt.date(1980, 1, 1)) == "not_a_child"
    assert register(world, eighteen + dt.timedelta(days=1)).birth_date == eighteen + dt.timedelta(
        days=1
    )  # seventeen, a day short of eighteen
    assert register(world, today).birth_date == today  # born on the day


def test_age_on_a_leap_birthday():
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_no_application_before_the_childs_birth(world):
    child = world.child(born=dt.date(2021, 5, 1))
    body = {"child_id": child.id, "items": ["training_limb"], "applicant_name": "母亲",
            "applicant_relation": "母亲", "applied_on": "2021-04-30"}  # fmt: skip
    with pytest.raises(Invalid) as caught:
        rehab.submit_application(world.a.actor("intake_clerk"), body, world.now)
    assert caught.value.code == "applied_before_birth"
    assert RehabApplication.select().count() == 0


def test_an_application_dated_over_a_year_ago_says_why(world):
    child = world.child(born=dt.date(2019, 5, 1))
    today = local_date(world.now)
    long_ago = str(today - dt.timedelta(days=400))
    body = {"child_id": child.id, "items": ["training_limb"], "applicant_name": "母亲",
            "applicant_relation": "母亲", "applied_on": long_ago}  # fmt: skip
    clerk = world.a.actor("intake_clerk")
    with pytest.raises(Invalid) as caught:
        rehab.submit_application(clerk, body, world.now)
    assert caught.value.code == "late_application_needs_reason"
    assert caught.value.fields["late_reason"][0].code == "late_application_needs_reason"
    assert RehabApplication.select().count() == 0
    a_year_ago = {**body, "applied_on": str(today - dt.timedelta(days=366))}
    assert rehab.submit_application(clerk, a_year_ago, world.now).applied_on  # no reason needed
    late = rehab.submit_application(clerk, {**body, "late_reason": "纸质申请补录"}, world.now)
    entry = AuditEntry.get(entity="rehab", entity_id=late.id)
    assert entry.changes["late_reason"] == [None, "纸质申请补录"]
