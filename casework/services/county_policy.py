"""The county admin changes the county's policy values by effective date (age limits per aid
item, visit cadences, the aid target by year, rejection codes, the escalation grace by
reminder kind, the benefit list, an urgent report's hours, the county's own categories): each
change is a new version, audited, in force from its day on. A version may not reach back past
decisions already made under the value it would replace: one effective before today is
refused, and so is one from today when a decision it governs was made today (an application
for the aid item, a claim line rejected with the code, a reminder of the kind escalated, a
visit reminder raised under the cadence, the county's own categories included, a benefit
recorded, an urgent report filed), so every decision keeps the value it was made with."""

from __future__ import annotations

import datetime as dt

from casework.db import write_transaction
from casework.errors import FieldError, Invalid, NotPermitted, not_one_of
from casework.models import (
    ApplicationItem,
    ChildBenefit,
    Claim,
    ClaimLine,
    PolicyVersion,
    RehabApplication,
    Reminder,
    ReportCase,
)
from casework.queries import county_policy as queries
from casework.reminders.catalogue import catalogue
from casework.rules.county_policy import CADENCE_KINDS, SPECS, Kind, Version, reads_cadence, since
from casework.rules.deadlines import day_start, local_date
from casework.services import audit
from casework.services.settlement_policy import WRITERS, actor_county, county_in_scope
from casework.workflows import policy as deadline_policy
from casework.workflows.definition import Actor

LONGEST_LABEL = 60


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
    label: str = "",
) -> Version:
    """A new version of one value from `effective_from` on (the same day's version replaced);
    `label`: the wording of a rejection code (required for a county's own code)."""
    if actor.role not in WRITERS:
        raise NotPermitted("only an administrator changes the county's policy", code="admin_only")
    county_id = county_in_scope(actor, county_id)
    policy = kind_of(kind)
    spec = SPECS[policy]
    problems: dict[str, list[FieldError]] = {}
    if not _accepts(policy, key):
        problems["key"] = [_keys_error(policy)]
    elif not isinstance(value, int) or isinstance(value, bool) or value not in spec.allowed(key):
        problems["value"] = [_value_error(spec.allowed(key))]
    label = (label or "").strip()
    unnamed = not label and _needs_label(policy, key) and not (
        policy is Kind.CHILD_CATEGORY and _label_on(county_id, policy, key, effective_from)
    )  # a category named before keeps its name
    if spec.labelled and (len(label) > LONGEST_LABEL or unnamed):
        problems["label"] = [FieldError("the code's wording, up to 60 characters",
                                        code="label_required",
                                        params={"max": LONGEST_LABEL})]  # fmt: skip
    today = local_date(now)
    if effective_from < today:
        message = "a new version takes effect today or later"
        past = FieldError(message, code="policy_in_the_past", params={"today": today.isoformat()})
        problems["effective_from"] = [past]
    if problems:
        raise Invalid("the policy value is not valid", problems, code="invalid_policy")
    assert isinstance(value, int)
    with write_transaction():
        decided = _decisions_since(policy, county_id, key, day_start(effective_from))
        if decided:
            message = "decisions were already made from that day under the value in force"
            params = {"day": effective_from.isoformat(), "count": decided}
            refused = FieldError(message, code="policy_changes_decisions", params=params)
            raise Invalid(message, {"effective_from": [refused]}, code="policy_changes_decisions",
                          params=params)  # fmt: skip
        before = queries.values_on(county_id, policy, effective_from).get(key)
        if spec.labelled and not label:  # a default code keeps its wording
            label = _label_on(county_id, policy, key, effective_from)
        PolicyVersion.insert(
            county=county_id, kind=policy.value, key=key, value=value, label=label,
            effective_from=effective_from, created_at=now, created_by=actor.id,
        ).on_conflict(
            conflict_target=[PolicyVersion.county, PolicyVersion.kind, PolicyVersion.key,
                             PolicyVersion.effective_from],
            update={"value": value, "label": label, "created_at": now, "created_by": actor.id},
        ).execute()  # fmt: skip
        row = PolicyVersion.get(county=county_id, kind=policy.value, key=key,
                                effective_from=effective_from)  # fmt: skip
        changes = {
            "kind": [None, policy.value],
            "key": [None, key],
            "effective_from": [None, effective_from.isoformat()],
            "value": [before, value],
        }
        if label:
            changes["label"] = [None, label]
        audit.record("policy_version", row.id, "set_policy", actor, now, changes)
    return Version(key, value, effective_from, row.id, label)


def table(county_id: int, kind: Kind, day: dt.date, aid_target: int | None = None) -> list[dict]:
    """Each key's value on `day` with its default, the version it comes from and the versions
    scheduled after `day`: what the page and the API show (`aid_target`: the deployment's)."""
    found = queries.versions(county_id, kind)
    defaults = defaults_of(county_id, kind, day, aid_target)
    values = queries.values_on(county_id, kind, day, defaults)
    keys = list(dict.fromkeys([*defaults, *values, *(v.key for v in found)]))
    rows = []
    for key in keys:
        current = since(found, key, day)
        rows.append({
            "key": key,
            "value": values.get(key),
            "default": defaults.get(key),
            "added": key not in SPECS[kind].keys,  # the county's own (a benefit it added)
            "since": current.effective_from if current else None,
            "label": current.label if current else "",
            "scheduled": [v for v in found if v.key == key and v.effective_from > day],
        })  # fmt: skip
    return rows


def defaults_of(
    county_id: int, kind: Kind, day: dt.date, aid_target: int | None = None
) -> dict[str, int]:
    """Each key's value without a version of the kind: the code's default; for the escalation
    grace, the county's general grace (its deadline policy); for the aid target, this year's
    and next year's at the deployment's figure (`aid_target`, CASEWORK_AID_TARGET)."""
    spec = SPECS[kind]
    if kind is Kind.ESCALATION_GRACE:
        grace = deadline_policy.deadline_for(county_id, deadline_policy.ESCALATION_GRACE).amount
        return {rule.name: grace for rule in catalogue()}
    if kind is Kind.AID_TARGET:
        target = aid_target if aid_target is not None else spec.default("")
        return {str(year): target for year in (day.year, day.year + 1)}
    return {key: spec.default(key) for key in spec.keys}


def _accepts(kind: Kind, key: str) -> bool:
    if kind is Kind.ESCALATION_GRACE:
        return key in {rule.name for rule in catalogue()}
    return SPECS[kind].accepts(key)


def _keys_error(kind: Kind) -> FieldError:
    if kind is Kind.ESCALATION_GRACE:
        return not_one_of([rule.name for rule in catalogue()])
    if SPECS[kind].keys and kind not in (Kind.REJECTION_CODE, Kind.CHILD_CATEGORY):
        return not_one_of(SPECS[kind].keys)
    what = "a year" if kind is Kind.AID_TARGET else "a code of small letters, digits and _"
    return FieldError(what, code="invalid_policy_key", params={"kind": kind.value})


def _value_error(allowed: range | tuple[int, ...]) -> FieldError:
    if isinstance(allowed, range):
        bounds = {"min": allowed.start, "max": allowed.stop - 1}
        message = f"a whole number from {bounds['min']} to {bounds['max']}"
        return FieldError(message, code="whole_number_between", params=bounds)
    return not_one_of([str(v) for v in allowed])


def _needs_label(kind: Kind, key: str) -> bool:
    """A county's own rejection code needs its wording (a default code has one), and its own
    category its Chinese name."""
    return kind in (Kind.REJECTION_CODE, Kind.CHILD_CATEGORY) and key not in SPECS[kind].keys


def _label_on(county_id: int, kind: Kind, key: str, day: dt.date) -> str:
    current = since(queries.versions(county_id, kind), key, day)
    return current.label if current else ""


def _decisions_since(kind: Kind, county_id: int, key: str, start: dt.datetime) -> int:
    """How many decisions made from `start` on the value of `key` took part in."""
    if kind is Kind.AGE_LIMIT:  # the applications for the item, assessed on their day
        return (
            RehabApplication.select()
            .join(ApplicationItem)
            .where(
                RehabApplication.county == county_id,
                RehabApplication.applied_on >= local_date(start),
                ApplicationItem.aid_item == key,
            )
            .count()
        )
    if kind is Kind.REJECTION_CODE:  # claim lines rejected with the code
        return (
            ClaimLine.select()
            .join(Claim)
            .where(
                Claim.county == county_id,
                ClaimLine.rejection_code == key,
                ClaimLine.decided_at >= start,
            )
            .count()
        )
    if kind is Kind.ESCALATION_GRACE:  # reminders of the kind escalated
        return (
            Reminder.select()
            .where(
                Reminder.county == county_id,
                Reminder.rule == key,
                Reminder.escalated_at >= start,
            )
            .count()
        )
    if kind is Kind.BENEFIT:  # the benefits recorded for a child from that day on
        return (
            ChildBenefit.select()
            .where(
                ChildBenefit.county == county_id,
                ChildBenefit.benefit == key,
                ChildBenefit.recorded_at >= start,
            )
            .count()
        )
    if kind in CADENCE_KINDS:  # visit reminders raised by the rules that read the key
        rules = [rule.name for rule in catalogue() if reads_cadence(rule.cadence_keys, kind, key)]
        return (
            Reminder.select()
            .where(
                Reminder.county == county_id,
                Reminder.rule.in_(rules),
                Reminder.created_at >= start,
            )
            .count()
        )
    if kind is Kind.URGENT_HOURS:  # urgent reports filed, their first deadline set
        return (
            ReportCase.select()
            .where(
                ReportCase.county == county_id,
                ReportCase.urgent == True,  # noqa: E712
                ReportCase.created_at >= start,
            )
            .count()
        )
    # the aid target and the other kinds' reminders decide nothing kept: a version from today
    # on changes nothing already decided
    return 0


def rejection_choices(county_id: int, day: dt.date) -> tuple[list[str], dict[str, str]]:
    """The rejection codes offered on `day`, and the county's own wording of every code it
    ever worded (a line rejected with a code since withdrawn still reads as it did)."""
    offered = list(queries.rejection_codes(county_id, day))
    words = {v.key: v.label for v in queries.versions(county_id, Kind.REJECTION_CODE) if v.label}
    return offered, words


def aid_target(actor: Actor, year: int, day: dt.date, default: int) -> int:
    """The actor's county's target of children aided in `year`, as set on `day` (`default`:
    the deployment's figure, CASEWORK_AID_TARGET, where the county set none)."""
    return queries.aid_target(actor_county(actor), year, day, default)
