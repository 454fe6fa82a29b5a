"""A left-behind child's parent working away out of touch longer than the county allows: one
reminder per parent and lapse, routed to the village's child director; a contact, the parent
coming home, or the child leaving the register resolves it; the county sets the period."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.reminders.family import PARENT_CONTACT_LAPSED
from casework.rules.county_policy import CONTACT_DAYS, Kind
from casework.services import county_policy, family, register
from casework.services.reminders import scan
from tests.jobs.helpers import china, rows

RULE = "family.parent_contact_lapsed"


def left_behind(world, father_since=dt.date(2026, 1, 1), mother_since=dt.date(2026, 2, 1)):
    child = world.child()
    facts = {
        "parents": [
            {"role": "father", "situation": "working_away", "since": father_since,
             "away_place": "浙江省杭州市"},
            {"role": "mother", "situation": "working_away", "since": mother_since,
             "away_place": "广东省东莞市"},
        ],
        "carer_name": "王奶奶", "carer_relation": "祖母",
    }  # fmt: skip
    return family.record_family(world.a.actor("child_director"), child.id, facts, world.now,
                                child.version)  # fmt: skip


def test_a_parent_out_of_touch_for_sixty_days_is_reminded(world):
    child = left_behind(world)
    assert scan(china("2026-03-01 23:00")).created == 0  # father: 59 days
    scan(china("2026-03-02 10:00"))
    (reminder,) = rows(RULE)
    assert (reminder.entity_id, reminder.instance) == (child.id, "father:2026-01-01")
    # due at the end of 2 March (1 January + 60 days) in China, 16:00 UTC
    assert reminder.due_at == dt.datetime(2026, 3, 2, 16, 0)
    assert reminder.assignee_id == world.a.users["child_director"].id
    assert scan(china("2026-03-03 10:00")).created == 0  # not raised twice
    assert scan(china("2026-04-02 10:00")).created == 1  # the mother's turn
    assert {r.instance for r in rows(RULE)} == {"father:2026-01-01", "mother:2026-02-01"}


def test_a_contact_resolves_it_and_a_later_lapse_raises_a_new_one(world):
    child = left_behind(world, mother_since=dt.date(2026, 2, 25))
    scan(china("2026-03-02 10:00"))
    director = world.a.actor("child_director")
    called = {"role": "father", "contacted_on": dt.date(2026, 3, 2), "how": "视频"}
    family.record_contact(director, child.id, called, world.now)
    scan(china("2026-03-02 11:00"))
    assert [r.state for r in rows(RULE)] == ["resolved"]
    scan(china("2026-05-01 10:00"))
    assert sorted((r.instance, r.state) for r in rows(RULE)) == [
        ("father:2026-01-01", "resolved"), ("father:2026-03-02", "open"),
        ("mother:2026-02-25", "open")]  # fmt: skip
    card = family.contact_card(director, child.id, dt.date(2026, 5, 1))
    assert [(p["role"], p["last_contact"], p["contacts_90_days"]) for p in card["parents"]] == [
        ("father", "2026-03-02", 1), ("mother", None, 0)]  # fmt: skip
    assert card["days_without_contact"] == 60 and card["child_directors"] == [
        {"name": "child_director"}]  # fmt: skip


def test_leaving_the_register_resolves_it(world):
    child = left_behind(world)
    scan(china("2026-03-02 10:00"))
    register.act(world.a.actor("child_director"), child.id, "leave_died", now=world.now,
                 payload={"left_on": "2026-03-01"})  # fmt: skip
    scan(china("2026-03-02 11:00"))
    assert [r.state for r in rows(RULE)] == ["resolved"]


def test_the_county_sets_the_period(world):
    left_behind(world)
    county_policy.set_value(world.a.actor("admin"), None, Kind.PARENT_CONTACT, CONTACT_DAYS, 90,
                            dt.date(2026, 3, 2), world.now)  # fmt: skip
    assert scan(china("2026-03-02 10:00")).created == 0
    assert scan(china("2026-03-31 10:00")).created == 0
    assert scan(china("2026-04-01 10:00")).created == 1  # 90 days after 1 January


def test_a_contact_is_checked(world):
    child = left_behind(world)
    director = world.a.actor("child_director")
    bad_ones = (
        ({"role": "guardian", "contacted_on": dt.date(2026, 3, 1)}, "role"),
        ({"role": "father", "contacted_on": dt.date(2026, 3, 3)}, "contacted_on"),
    )
    for bad, field in bad_ones:
        with pytest.raises(Invalid) as caught:
            family.record_contact(director, child.id, bad, world.now)
        assert field in caught.value.fields


def test_the_scan_reads_the_contacts_once(database):
    """Every parent's last contact is one grouped read joined to the parents: a subquery per
    parent was read again for the instance, the due time and the condition."""
    (insert,) = PARENT_CONTACT_LAPSED.creates(china("2026-03-02 10:00"))
    assert insert.sql()[0].count('FROM "parent_contact"') == 1
