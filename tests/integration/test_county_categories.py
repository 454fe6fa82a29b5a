"""Categories a county sets itself (county policy "child_category"): a code with its Chinese
name and the regular-visit cadence of a child in it, versioned by effective date; a clerk
sets one on a file with a reason, flagged for the supervisor; a category withdrawn is no
longer offered but stays on the files that have it; the visit lists and scans follow its
cadence, in its county only."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid
from casework.models import Child, PolicyVersion
from casework.queries import county_policy as queries
from casework.rules.deadlines import local_date
from casework.services import county_policy, family
from casework.services.visit_schedule import due_visits

TODAY = dt.date(2026, 3, 2)


def define(world, key="migrant", value=1, label="流动儿童", day=TODAY, county=None):
    admin = (county or world.a).actor("admin")
    return county_policy.set_value(admin, None, "child_category", key, value, day, world.now,
                                   label=label)  # fmt: skip


def claim(world, child, category, reason="随父母从外省迁入", county=None, now=None):
    director = (county or world.a).actor("child_director")
    return family.claim_category(director, child.id, category, reason, now or world.now,
                                 Child.get_by_id(child.id).version)  # fmt: skip


def test_a_county_category_set_on_a_file_with_a_reason_and_flagged(world):
    define(world)
    child = world.child(disabilities=())
    saved = claim(world, child, "migrant")
    assert saved.categories == ["migrant"]
    explained = family.explain(saved, TODAY)
    assert explained.flagged == ["migrant"]  # for the supervisor
    assert explained.effective == ["migrant"]
    supervisor = world.a.actor("child_supervisor")
    confirmed = family.review_claim(supervisor, child.id, "migrant", True, "核实", world.now,
                                    saved.version)  # fmt: skip
    assert family.explain(confirmed, TODAY).flagged == []
    # after every county's categories, in the order set
    both = claim(world, confirmed, "guardianship", reason="祖母年迈")
    assert both.categories == ["guardianship", "migrant"]
    assert family.county_categories(both, TODAY) == {"migrant": "流动儿童"}
    assert queries.category_names(world.a.county.id) == {"migrant": "流动儿童"}


def test_only_the_countys_offered_categories_may_be_set(world):
    define(world, day=TODAY + dt.timedelta(days=10))  # not yet in force
    child = world.child(disabilities=())
    with pytest.raises(Invalid) as refused:
        claim(world, child, "migrant")
    assert refused.value.code == "invalid_category_claim"
    assert refused.value.fields["category"][0].code == "unknown_values"
    later = world.now + dt.timedelta(days=10)
    assert claim(world, child, "migrant", now=later).categories == ["migrant"]
    elsewhere = world.child(world.b, disabilities=())
    with pytest.raises(Invalid):  # county b has no such category
        claim(world, elsewhere, "migrant", county=world.b)


def test_a_withdrawn_category_is_not_offered_but_stays_on_its_files(world):
    define(world)
    kept = claim(world, world.child(disabilities=()), "migrant")
    define(world, value=0, label="", day=TODAY + dt.timedelta(days=5))  # keeps its name
    assert queries.child_categories(world.a.county.id, TODAY + dt.timedelta(days=5)) == {}
    version = PolicyVersion.get(key="migrant", value=0)
    assert version.label == "流动儿童"
    later = world.now + dt.timedelta(days=5)
    with pytest.raises(Invalid):
        claim(world, world.child(disabilities=()), "migrant", now=later)
    assert Child.get_by_id(kept.id).categories == ["migrant"]
    assert queries.category_names(world.a.county.id) == {"migrant": "流动儿童"}


@pytest.mark.parametrize(
    ("key", "value", "label", "field", "code"),
    [
        ("orphan", 1, "孤儿", "key", "invalid_policy_key"),  # every county's already
        ("Migrant Kids", 1, "流动儿童", "key", "invalid_policy_key"),
        ("migrant", 2, "流动儿童", "value", "not_one_of"),
        ("migrant", 1, "", "label", "label_required"),  # a new category needs its name
    ],
)  # fmt: skip
def test_a_bad_category_is_refused_naming_the_field(world, key, value, label, field, code):
    with pytest.raises(Invalid) as refused:
        define(world, key=key, value=value, label=label)
    assert refused.value.fields[field][0].code == code
    assert PolicyVersion.select().count() == 0


def test_the_visit_cadence_follows_the_countys_category(world):
    director = world.a.actor("child_director")
    monthly = world.child(disabilities=())
    quarterly = world.child(disabilities=())
    Child.update(created_at=dt.datetime(2026, 1, 5)).where(
        Child.id.in_([monthly.id, quarterly.id])).execute()  # fmt: skip
    define(world, key="migrant", value=1, label="流动儿童")
    define(world, key="returned", value=3, label="返乡儿童")
    claim(world, monthly, "migrant")
    claim(world, quarterly, "returned")
    due = {d.child_id: d for d in due_visits(director, TODAY)}
    assert due[monthly.id].detail == {"period": "month"}  # no visit in February: overdue
    assert due[monthly.id].status == "overdue"
    assert quarterly.id not in due  # quarterly: the next quarter's visit
    policy = queries.visit_policy_of(world.a.county.id, TODAY)
    assert "migrant" in policy.monthly_categories
    assert "returned" not in policy.monthly_categories
    assert "migrant" not in queries.visit_policy_of(world.b.county.id, TODAY).monthly_categories
    assert local_date(world.now) == TODAY


def test_the_register_ledger_names_the_countys_category(world):
    from casework.services import ledgers

    define(world)
    child = claim(world, world.child(), "migrant")  # disabled too: own difficulty
    leader = world.a.actor("leader")
    ledger, filters = ledgers.filters_for(leader, "register", None, TODAY, TODAY, False,
                                          world.now)  # fmt: skip
    rows = list(ledger.rows(leader, filters))
    assert [(r[1], r[7]) for r in rows] == [(child.name, "自身困境、流动儿童")]


def test_the_reminder_scan_follows_the_countys_category_and_keeps_its_version(world):
    from casework.models import Reminder
    from casework.services.reminders import scan

    monthly = world.child(disabilities=())
    elsewhere = world.child(world.b, disabilities=())
    Child.update(created_at=dt.datetime(2026, 1, 5)).where(
        Child.id.in_([monthly.id, elsewhere.id])).execute()  # fmt: skip
    version = define(world, key="migrant", value=1, label="流动儿童")
    define(world, key="migrant", value=3, label="流动儿童", county=world.b)  # quarterly there
    claim(world, monthly, "migrant")
    claim(world, elsewhere, "migrant", county=world.b)
    director = world.a.actor("child_director")
    assert {d.child_id: d.status for d in due_visits(director, TODAY)} == {monthly.id: "overdue"}
    scan(world.now)  # no visit in February: overdue, by the list and the scan alike
    raised = Reminder.select().where(Reminder.rule == "visit.regular_overdue")
    assert {r.entity_id: r.cadence_policy_id for r in raised} == {monthly.id: version.id}


def test_a_same_day_category_cadence_change_is_refused_once_a_reminder_read_it(world):
    from casework.models import AuditEntry, Reminder
    from casework.services.reminders import scan

    child = world.child(disabilities=())
    Child.update(created_at=dt.datetime(2026, 1, 5)).where(Child.id == child.id).execute()
    define(world, key="migrant", value=1, label="流动儿童")
    claim(world, child, "migrant")
    scan(world.now)
    assert Reminder.select().where(Reminder.rule == "visit.regular_overdue").count() == 1
    before = (PolicyVersion.select().count(), AuditEntry.select().count())
    with pytest.raises(Invalid) as refused:  # the reminder raised today read the category
        define(world, key="returned", value=1, label="返乡儿童")
    assert refused.value.code == "policy_changes_decisions"
    assert refused.value.params == {"day": TODAY.isoformat(), "count": 1}
    assert (PolicyVersion.select().count(), AuditEntry.select().count()) == before
    define(world, key="returned", value=1, label="返乡儿童", day=TODAY + dt.timedelta(days=1))


def test_the_visits_on_time_rate_follows_the_countys_category(world):
    from casework.reminders.calendar_math import end_of_day
    from casework.rules.rates import Rate
    from casework.services import rates_as_of as rates

    world.now = dt.datetime(2025, 12, 10, 2)
    define(world, key="migrant", value=1, label="流动儿童", day=dt.date(2025, 12, 10))
    child = world.child(disabilities=())
    claim(world, child, "migrant")
    # monthly: January, February and March owed, none made (quarterly: one, the quarter)
    q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    village = world.a.villages[0].id
    assert rates.visits_as_of(world.a.county.id, *q1, end_of_day(q1[1])) == {village: Rate(0, 3)}
