"""The county admin changes the county's policy values by effective date (age limits per aid
item, ...): each change is a new version, audited, in force from its day on. A version may
not reach back past decisions already made under the value it would replace: an age limit
effective before today, or from today when an application for the item was made today, is
refused, so an application keeps the limit it was assessed with."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_one_of
from casework.models import ApplicationItem, ChildBenefit, PolicyVersion, RehabApplication
from casework.queries import county_policy as queries
from casework.rules.county_policy import SPECS, Kind, Version, since
from casework.rules.deadlines import day_start, local_date
from casework.services import audit
from casework.services.settlement_policy import WRITERS, county_in_scope
from casework.workflows.definition import Actor


def kind_of(text: str) -> Kind:
    if text not in set(Kind):
        raise Invalid("unknown policy", {"kind": [not_one_of(Kind)]}, code="unknown_policy")
    return Kind(text)


def set_value(
    actor: Actor,
    county_id: int | None,
    kind: str,
    key: str,
    value: object,
    effective_from: dt.date,
    now: dt.datetime,
) -> Version:
    """A new version of one value from `effective_from` on (the same day's version replaced)."""
    if actor.role not in WRITERS:
        raise NotPermitted("only an administrator changes the county's policy", code="admin_only")
    county_id = county_in_scope(actor, county_id)
    policy = kind_of(kind)
    spec = SPECS[policy]
    problems: dict[str, list[FieldError]] = {}
    if not spec.accepts(key):
        problems["key"] = [not_one_of(spec.keys)]
    if not isinstance(value, int) or isinstance(value, bool) or not spec.low <= value <= spec.high:
        bounds = {"min": spec.low, "max": spec.high}
        message = f"a whole number from {spec.low} to {spec.high}"
        problems["value"] = [FieldError(message, code="whole_number_between", params=bounds)]
    today = local_date(now)
    if effective_from < today:
        message = "a new version takes effect today or later"
        past = FieldError(message, code="policy_in_the_past", params={"today": today.isoformat()})
        problems["effective_from"] = [past]
    if problems:
        raise Invalid("the policy value is not valid", problems, code="invalid_policy")
    assert isinstance(value, int)
    with write_transaction():
        decided = _decisions_since(policy, county_id, key, effective_from)
        if decided:
            message = "decisions were already made from that day under the value in force"
            params = {"day": effective_from.isoformat(), "count": decided}
            refused = FieldError(message, code="policy_changes_decisions", params=params)
            raise Invalid(message, {"effective_from": [refused]}, code="policy_changes_decisions",
                          params=params)  # fmt: skip
        before = queries.values_on(county_id, policy, effective_from).get(key)  # None: new
        PolicyVersion.insert(
            county=county_id, kind=policy.value, key=key, value=value,
            effective_from=effective_from, created_at=now, created_by=actor.id,
        ).on_conflict(
            conflict_target=[PolicyVersion.county, PolicyVersion.kind, PolicyVersion.key,
                             PolicyVersion.effective_from],
            update={"value": value, "created_at": now, "created_by": actor.id},
        ).execute()  # fmt: skip
        row = PolicyVersion.get(county=county_id, kind=policy.value, key=key,
                                effective_from=effective_from)  # fmt: skip
        changes = {
            "kind": [None, policy.value],
            "key": [None, key],
            "effective_from": [None, effective_from.isoformat()],
            "value": [before, value],
        }
        audit.record("policy_version", row.id, "set_policy", actor, now, changes)
    return Version(key, value, effective_from, row.id)


def table(county_id: int, kind: Kind, day: dt.date) -> list[dict]:
    """Each key's value on `day` with its default, the version it comes from and the versions
    scheduled after `day`: what the page and the API show."""
    spec, found = SPECS[kind], queries.versions(county_id, kind)
    values = queries.values_on(county_id, kind, day)
    rows = []
    added = sorted({v.key for v in found} - set(spec.keys))  # the county's own, by name
    for key in (*spec.keys, *added):
        current = since(found, key, day)
        rows.append({
            "key": key,
            "value": values[key],
            "default": spec.default(kind, key),
            "added": key not in spec.keys,
            "since": current.effective_from if current else None,
            "scheduled": [v for v in found if v.key == key and v.effective_from > day],
        })  # fmt: skip
    return rows


def _decisions_since(kind: Kind, county_id: int, key: str, day: dt.date) -> int:
    """How many decisions made on or after `day` the value of `key` took part in."""
    if kind is Kind.AGE_LIMIT:  # the applications for the item, assessed on their day
        return (
            RehabApplication.select()
            .join(ApplicationItem)
            .where(
                RehabApplication.county == county_id,
                RehabApplication.applied_on >= day,
                ApplicationItem.aid_item == key,
            )
            .count()
        )
    if kind is Kind.BENEFIT:  # the benefits recorded for a child from that day on
        return (
            ChildBenefit.select()
            .where(
                ChildBenefit.county == county_id,
                ChildBenefit.benefit == key,
                ChildBenefit.recorded_at >= day_start(day),
            )
            .count()
        )
    return 0  # pragma: no cover - every kind says what its decisions are
