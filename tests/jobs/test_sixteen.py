"""Left-behind (留守) counts under sixteen: the scheduler's job derives the kept categories
again once a left-behind child turns sixteen, on the birthday (29 February's too), logged,
once; a run after the scheduler was down catches up; a clerk's own claim is kept."""

from __future__ import annotations

import datetime as dt
import logging

from casework.models import AuditEntry, Child
from casework.rules.deadlines import local_date
from casework.services import family
from jobs import tasks

AWAY = {"situation": "working_away", "since": dt.date(2020, 1, 1), "away_place": "浙江省宁波市"}


def at_ten_in_china(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(2, 0))  # 10:00 in China, as UTC


def left_behind(world, born: dt.date, disabilities=()) -> Child:
    child = world.child(born=born, disabilities=disabilities)
    director = world.a.actor("child_director")
    data = {"parents": [{"role": "father", **AWAY}, {"role": "mother", **AWAY}],
            "carer_name": "王奶奶", "carer_relation": "祖母"}  # fmt: skip
    saved = family.record_family(director, child.id, data, world.now, child.version)
    assert "left_behind" in saved.categories
    return saved


def derived_rows(child_id: int):
    return AuditEntry.select().where(
        AuditEntry.entity == "child", AuditEntry.entity_id == child_id,
        AuditEntry.action == "derive_categories",
    )  # fmt: skip


def test_left_behind_until_the_sixteenth_birthday_then_derived_again_once(world, caplog):
    child = left_behind(world, dt.date(2010, 6, 15), disabilities=("limb",))
    younger = left_behind(world, dt.date(2010, 6, 16))
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2026, 6, 14))) == []
    assert Child.get_by_id(child.id).categories == ["left_behind", "self"]
    with caplog.at_level(logging.INFO, logger="jobs"):
        assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2026, 6, 15))) == [child.id]
    assert f"child {child.id}: categories derived again at sixteen" in caplog.text
    after = Child.get_by_id(child.id)
    assert after.categories == ["self"]
    assert after.version == child.version + 1
    assert Child.get_by_id(younger.id).categories == ["left_behind"]
    rows = derived_rows(child.id)
    assert [(r.actor_role, r.changes["categories"]) for r in rows] == [
        ("system", [["left_behind", "self"], ["self"]])]  # fmt: skip
    # the same day again: nothing
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2026, 6, 15))) == []
    assert rows.count() == 1
    # what the child page explains agrees with what is kept
    explained = family.explain(after, dt.date(2026, 6, 15))
    assert [str(c) for c in explained.effective] == after.categories


def test_the_day_is_chinas(world):
    child = left_behind(world, dt.date(2010, 6, 15))
    assert tasks.rederive_at_sixteen(dt.datetime(2026, 6, 14, 15, 59)) == []
    assert tasks.rederive_at_sixteen(dt.datetime(2026, 6, 14, 16, 1)) == [child.id]
    assert Child.get_by_id(child.id).categories == []


def test_a_29_february_birthday(world):
    # sixteen years after a 29 February is a 29 February again (2028): left-behind on the
    # 28th, not on the 29th
    leap = left_behind(world, dt.date(2012, 2, 29))
    march = left_behind(world, dt.date(2012, 3, 1))
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2028, 2, 28))) == []
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2028, 2, 29))) == [leap.id]
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2028, 3, 1))) == [march.id]
    assert family.explain(Child.get_by_id(leap.id), dt.date(2028, 2, 28)).effective == [
        "left_behind"]  # fmt: skip


def test_a_run_after_downtime_catches_up_and_a_clerks_claim_stays(world, monkeypatch):
    first = left_behind(world, dt.date(2010, 6, 15))
    second = left_behind(world, dt.date(2010, 6, 20))
    claimed = world.child(born=dt.date(2010, 6, 1), disabilities=())
    director = world.a.actor("child_director")
    claimed = family.claim_category(director, claimed.id, "left_behind", "父母常年在外，未登记",
                                    world.now, claimed.version)  # fmt: skip
    opened = []  # the job's write transactions: one per child it derives again, no other
    real = family.write_transaction
    monkeypatch.setattr(family, "write_transaction", lambda: opened.append(1) or real())
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2026, 7, 1))) == [first.id, second.id]
    assert len(opened) == 2  # the clerk's claim is not even read again
    assert Child.get_by_id(claimed.id).categories == ["left_behind"]
    assert derived_rows(claimed.id).count() == 0
    assert tasks.rederive_at_sixteen(at_ten_in_china(dt.date(2026, 7, 2))) == []
    assert len(opened) == 2  # a second run touches nothing


def test_the_facts_changed_again_after_sixteen_derive_without_left_behind(world):
    child = left_behind(world, dt.date(2010, 6, 15))
    day = at_ten_in_china(dt.date(2026, 6, 20))
    director = world.a.actor("child_director")
    data = {"parents": [{"role": "father", **AWAY}, {"role": "mother", **AWAY}],
            "carer_name": "王爷爷", "carer_relation": "祖父"}  # fmt: skip
    saved = family.record_family(director, child.id, data, day, child.version)
    assert saved.categories == []
    assert local_date(day) == dt.date(2026, 6, 20)
