"""The scheduler's birthday job: a child leaves the register on the eighteenth birthday,
dated on it, logged; a second run changes nothing; a run after the scheduler was down
catches up the birthdays it missed, each dated on its own day."""

from __future__ import annotations

import datetime as dt
import logging

from casework.models import AuditEntry, Child, JobHeartbeat
from jobs import tasks


def at_ten_in_china(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2, 0))  # 10:00 in China, as UTC


def test_off_on_the_birthday_once(world, caplog):
    child = world.child(born=dt.date(2008, 3, 5))  # seventeen on the world's day
    younger = world.child(born=dt.date(2008, 3, 6))
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 4))) == []
    with caplog.at_level(logging.INFO, logger="jobs"):
        assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 5))) == [child.id]
    assert f"child {child.id} left the register: eighteen" in caplog.text
    taken = Child.get_by_id(child.id)
    assert (taken.state, taken.left_reason, taken.left_on) == (
        "off_register", "came_of_age", dt.date(2026, 3, 5))  # fmt: skip
    assert Child.get_by_id(younger.id).state == "on_register"
    rows = AuditEntry.select().where(AuditEntry.entity == "child", AuditEntry.entity_id == child.id,
                                     AuditEntry.action == "come_of_age")  # fmt: skip
    assert [(r.actor_id, r.actor_role) for r in rows] == [(None, "system")]
    # the same day again (another run, or a second scheduler after a failover): nothing
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 5))) == []
    assert rows.count() == 1
    assert JobHeartbeat.get(job="register.birthdays").finished_at is not None


def test_a_restart_after_the_birthdays_catches_them_up_on_their_days(world):
    first = world.child(born=dt.date(2008, 3, 5))
    second = world.child(born=dt.date(2008, 3, 7))
    # the scheduler was down from the 4th to the 10th
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 4))) == []
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 10))) == [first.id, second.id]
    assert [Child.get_by_id(c.id).left_on for c in (first, second)] == [
        dt.date(2026, 3, 5), dt.date(2026, 3, 7)]  # fmt: skip
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 11))) == []


def test_the_birthday_counts_in_china(world):
    child = world.child(born=dt.date(2008, 3, 5))
    # 23:30 on the 4th in UTC is 07:30 on the 5th in China: the birthday
    assert tasks.take_off_adults(dt.datetime(2026, 3, 4, 15, 59)) == []
    assert tasks.take_off_adults(dt.datetime(2026, 3, 4, 16, 1)) == [child.id]


def test_born_on_29_february_leaves_on_1_march(world):
    # registered younger (the world's day is 2 March 2026), the birth date set back after
    leap = world.child(born=dt.date(2010, 1, 1))
    Child.update(birth_date=dt.date(2008, 2, 29)).where(Child.id == leap.id).execute()
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 2, 28))) == []
    assert tasks.take_off_adults(at_ten_in_china(dt.date(2026, 3, 1))) == [leap.id]
    assert Child.get_by_id(leap.id).left_on == dt.date(2026, 3, 1)
