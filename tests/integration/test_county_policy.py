"""County policy by effective date: an aid item's age limit set by the county admin from a day
on, versioned and audited; an application is assessed with the limit in force on the day it
was made; a version reaching back past decisions already made is refused, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import Invalid, NotPermitted
from casework.models import ApplicationItem, AuditEntry, PolicyVersion, RehabApplication
from casework.queries import county_policy as queries
from casework.queries import eligibility
from casework.rules.county_policy import Kind
from casework.services import county_policy
from casework.vocabulary import AidItem
from tests.conftest import NOW

TODAY = NOW.date()  # Monday 2 March 2026 in China too
TOMORROW = TODAY + dt.timedelta(days=1)
SEVEN = dt.date(2018, 6, 1)  # born: 7 on the days below, above the cochlear implant's 6


def _ages(reasons: list[dict]) -> list[dict]:
    return [r for r in reasons if r["code"] == "age"]


def test_a_limit_applies_from_its_day_and_earlier_applications_keep_theirs(world):
    admin = world.a.actor("admin")
    before = world.application(items=("cochlear_implant",), born=SEVEN, disabilities=("hearing",))
    assert _ages(before.eligibility["reasons"])[0]["params"]["limit"] == 6
    version = county_policy.set_value(admin, None, "age_limit", "cochlear_implant", 8, TOMORROW,
                                      NOW)  # fmt: skip
    assert (version.value, version.effective_from) == (8, TOMORROW)
    assert queries.age_limits(world.a.county.id, TODAY)[AidItem.COCHLEAR_IMPLANT] == 6
    assert queries.age_limits(world.a.county.id, TOMORROW)[AidItem.COCHLEAR_IMPLANT] == 8
    assert queries.age_limits(world.b.county.id, TOMORROW)[AidItem.COCHLEAR_IMPLANT] == 6
    world.now = NOW + dt.timedelta(days=1)
    after = world.application(items=("cochlear_implant",), born=SEVEN, disabilities=("hearing",))
    assert _ages(after.eligibility["reasons"]) == []
    # each application's item keeps the version it was assessed under (None: the default)
    kept = {a.id: ApplicationItem.get(ApplicationItem.application == a.id).age_limit_policy_id
            for a in (before, after)}  # fmt: skip
    assert kept == {before.id: None, after.id: version.id}
    # the earlier one, assessed again (a resubmission), still counts with its day's limit
    assert _ages(eligibility.reassess(before.id).now["reasons"])[0]["params"]["limit"] == 6
    rows = county_policy.table(world.a.county.id, Kind.AGE_LIMIT, TODAY)
    cochlear = next(r for r in rows if r["key"] == "cochlear_implant")
    assert (cochlear["value"], cochlear["default"], cochlear["since"]) == (6, 6, None)
    assert [(v.value, v.effective_from) for v in cochlear["scheduled"]] == [(8, TOMORROW)]
    [entry] = AuditEntry.select().where(AuditEntry.entity == "policy_version")
    assert entry.action == "set_policy" and entry.changes["value"] == [6, 8]


def test_the_same_days_version_is_replaced_and_audited_again(world):
    admin = world.a.actor("admin")
    for value in (9, 10):
        county_policy.set_value(admin, None, "age_limit", "prosthesis_orthosis", value, TOMORROW,
                                NOW)  # fmt: skip
    [row] = PolicyVersion.select()
    assert row.value == 10
    changes = [e.changes["value"] for e in AuditEntry.select().where(
        AuditEntry.entity == "policy_version").order_by(AuditEntry.id)]  # fmt: skip
    assert changes == [[7, 9], [9, 10]]


@pytest.mark.parametrize("kind, key, value, day, code, field", [
    ("age_limit", "cochlear_implant", 8, TODAY - dt.timedelta(days=1), "invalid_policy",
     "effective_from"),
    ("age_limit", "cochlear_implant", 18, TOMORROW, "invalid_policy", "value"),
    ("age_limit", "cochlear_implant", -1, TOMORROW, "invalid_policy", "value"),
    ("age_limit", "cochlear_implant", True, TOMORROW, "invalid_policy", "value"),
    ("age_limit", "flying_lessons", 8, TOMORROW, "invalid_policy", "key"),
    ("weather", "x", 8, TOMORROW, "unknown_policy", "kind"),
])  # fmt: skip
def test_bad_values_are_refused_and_nothing_written(world, kind, key, value, day, code, field):
    audit = AuditEntry.select().count()
    with pytest.raises(Invalid) as refused:
        county_policy.set_value(world.a.actor("admin"), None, kind, key, value, day, NOW)
    assert refused.value.code == code and field in refused.value.fields
    assert PolicyVersion.select().count() == 0 and AuditEntry.select().count() == audit


def test_a_version_from_a_day_already_decided_is_refused(world):
    world.application(items=("cochlear_implant",), born=SEVEN, disabilities=("hearing",))
    admin, audit = world.a.actor("admin"), AuditEntry.select().count()
    with pytest.raises(Invalid) as refused:
        county_policy.set_value(admin, None, "age_limit", "cochlear_implant", 8, TODAY, NOW)
    assert refused.value.code == "policy_changes_decisions"
    assert refused.value.params == {"day": TODAY.isoformat(), "count": 1}
    assert PolicyVersion.select().count() == 0 and AuditEntry.select().count() == audit
    # another item, or another county, decided nothing today: allowed from today
    county_policy.set_value(admin, None, "age_limit", "limb_surgery", 16, TODAY, NOW)
    county_policy.set_value(world.b.actor("admin"), None, "age_limit", "cochlear_implant", 8,
                            TODAY, NOW)  # fmt: skip
    assert RehabApplication.select().count() == 1


def test_only_an_admin_of_the_county_sets_a_version(world):
    with pytest.raises(NotPermitted):
        county_policy.set_value(world.a.actor("reviewer"), None, "age_limit", "cochlear_implant",
                                8, TOMORROW, NOW)  # fmt: skip
    with pytest.raises(NotPermitted):
        county_policy.set_value(world.a.actor("admin"), world.b.county.id, "age_limit",
                                "cochlear_implant", 8, TOMORROW, NOW)  # fmt: skip
    assert PolicyVersion.select().count() == 0
