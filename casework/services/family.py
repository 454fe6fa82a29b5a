"""The child's family: each parent's situation with its paper, the carer, the family's
assistance status; the categories that follow from them (rules/family.py), and the ones a
clerk sets that they do not show, with a reason, flagged until the supervisor has reviewed
them. Every change is one audit row on the child's file, so the file's history holds it."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from peewee import Value, fn

from casework.db import write_transaction
from casework.errors import Conflict, FieldError, Invalid, NotPermitted
from casework.models import Child, Document, ParentContact, ParentFact, User
from casework.queries import county_policy
from casework.rules import family as rules
from casework.rules.deadlines import local_date
from casework.services import audit, children
from casework.vocabulary import (
    ChildCategory,
    DocumentTarget,
    ParentRole,
    ParentSituation,
    Role,
    Subsistence,
)
from casework.workflows.definition import SYSTEM, Actor
from casework.workflows.register import RegisterState

log = logging.getLogger(__name__)

EDITORS = frozenset({Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER,
                     Role.INTAKE_CLERK})  # fmt: skip
REVIEWERS = frozenset({Role.CHILD_SUPERVISOR, Role.CASE_WORKER})
PARENT_FIELDS = ("role", "name", "phone", "situation", "since", "until", "away_place",
                 "evidence_id", "note")  # fmt: skip
CARER_FIELDS = ("carer_name", "carer_relation", "carer_phone", "carer_parent")


@dataclass(frozen=True)
class Explained:
    """What the child counts as and why: the facts' categories, the clerks' claims (flagged
    while the facts do not show them and no supervisor has confirmed them), and the sum."""

    derived: list[rules.Derived]
    claims: list[dict[str, Any]]
    flagged: list[str]
    effective: list[str]


def parents_of(child: Child) -> list[dict[str, Any]]:
    """The parents' rows in the form the audit log records them."""
    rows = ParentFact.select().where(ParentFact.child == child.id).order_by(ParentFact.id)
    return [_parent_dict(row) for row in rows]


def _parent_dict(row: ParentFact) -> dict[str, Any]:
    return {
        "role": row.role,
        "name": row.name,
        "phone": row.phone,
        "situation": row.situation,
        "since": audit.plain(row.since),
        "until": audit.plain(row.until),
        "away_place": row.away_place,
        "evidence_id": row.evidence_id,
        "note": row.note,
    }


def facts_of(child: Child, parents: list[dict[str, Any]], today: dt.date) -> rules.FamilyFacts:
    return rules.FamilyFacts(
        parents=[
            rules.ParentFact(
                ParentRole(p["role"]),
                ParentSituation(p["situation"]),
                _day(p["since"]),
                _day(p["until"]),
                p["away_place"] or "",
            )
            for p in parents
        ],
        has_carer=bool(child.carer_name.strip()),
        carer_parent=ParentRole(child.carer_parent) if child.carer_parent else None,
        subsistence=Subsistence(child.subsistence),
        disabled=bool(child.disability_types),
        seriously_ill=child.seriously_ill,
        age=rules.age_on(child.birth_date, today),
    )


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def explain(child: Child, today: dt.date) -> Explained:
    derived = rules.derive(facts_of(child, parents_of(child), today))
    claims = list(child.category_claims)
    shown = {d.category for d in derived}
    flagged = [
        c["category"] for c in claims if c["category"] not in shown and not c.get("confirmed_by")
    ]
    claimed = [rules.Claimed(c["category"], c["reason"]) for c in claims]
    return Explained(derived, claims, flagged, rules.effective(derived, claimed))


def record_family(
    actor: Actor, child_id: int, data: dict[str, Any], now: dt.datetime, expected_version: int
) -> Child:
    """Replace the family's facts with `data` (parents, carer, subsistence, seriously_ill,
    school); contradictory facts or impossible dates are refused naming the field."""
    _require(actor, EDITORS)
    child = children.get_child(actor, child_id)
    today = local_date(now)
    _check_codes(data)
    parents = [_parent_values(p) for p in data.get("parents", [])]
    values = {name: data[name] for name in (*CARER_FIELDS, "subsistence", "seriously_ill",
                                             "school") if name in data}  # fmt: skip
    trial = Child(**{**child.__data__, **values})
    facts = facts_of(trial, parents, today)
    errors = rules.contradictions(facts, child.birth_date, today)
    if values.get("carer_parent") and not values.get("carer_name", child.carer_name).strip():
        errors.setdefault("carer_name", []).append(FieldError("name the carer", code="required"))
    for n, parent in enumerate(parents):
        if parent["evidence_id"] is not None and not _paper_of(child.id, parent["evidence_id"]):
            errors[f"parents.{n}.evidence_id"] = [
                FieldError("not a paper on this child's file", code="no_such_paper")
            ]
    if errors:
        raise Invalid("the family's facts do not agree", errors, code="contradictory_family")
    with write_transaction():
        _check_version(child, expected_version)
        old_parents = parents_of(child)
        changes = audit.diff(child, values)
        if old_parents != parents:
            ParentFact.delete().where(ParentFact.child == child.id).execute()
            for p in parents:
                ParentFact.create(child=child.id, **{**p, "evidence": p["evidence_id"]})
            changes["parents"] = [old_parents, parents]
        explained = explain(child, today)
        changes.update(audit.diff(child, {"categories": [str(c) for c in explained.effective]}))
        return _save(actor, child, changes, now, "record_family")


CODES = {"role": ParentRole, "situation": ParentSituation}


def _check_codes(data: dict[str, Any]) -> None:
    """Codes from the vocabulary only (the API's schema says so too; the pages send codes)."""
    errors: dict[str, list[FieldError]] = {}
    for n, parent in enumerate(data.get("parents", [])):
        for name, enum in CODES.items():
            if parent.get(name) not in set(enum):
                errors[f"parents.{n}.{name}"] = [_unknown(parent.get(name))]
    if data.get("subsistence", Subsistence.NONE) not in set(Subsistence):
        errors["subsistence"] = [_unknown(data["subsistence"])]
    if data.get("carer_parent") not in (None, *ParentRole):
        errors["carer_parent"] = [_unknown(data["carer_parent"])]
    if errors:
        raise Invalid("the family's facts are not valid", errors, code="contradictory_family")


def _unknown(value: Any) -> FieldError:
    return FieldError("unknown", code="unknown_values", params={"values": [str(value)]})


def _parent_values(p: dict[str, Any]) -> dict[str, Any]:
    values = {name: p.get(name) for name in PARENT_FIELDS}
    for name in ("name", "phone", "away_place", "note"):
        values[name] = values[name] or ""
    for name in ("since", "until"):
        values[name] = audit.plain(values[name])
    return values


def _paper_of(child_id: int, document_id: int) -> bool:
    return (
        Document.select()
        .where(
            Document.id == document_id,
            Document.target == DocumentTarget.CHILD,
            Document.target_id == child_id,
        )
        .exists()
    )


def claim_category(
    actor: Actor, child_id: int, category: str, reason: str, now: dt.datetime,
    expected_version: int,
) -> Child:  # fmt: skip
    """A category the clerk sets, with why; flagged for the supervisor unless the facts show
    it too."""
    _require(actor, EDITORS)
    child = children.get_child(actor, child_id)
    offered = set(ChildCategory) | set(county_categories(child, local_date(now)))
    if category not in offered:
        wrong = FieldError("unknown category", code="unknown_values",
                           params={"values": [category]})  # fmt: skip
        raise Invalid("unknown category", {"category": [wrong]}, code="invalid_category_claim")
    if not reason.strip():
        raise Invalid("a reason is required", {"reason": [FieldError("required", code="required")]},
                      code="reason_required")  # fmt: skip
    if any(c["category"] == category for c in child.category_claims):
        wrong = FieldError("set already", code="category_claimed_already")
        raise Invalid("set already", {"category": [wrong]}, code="invalid_category_claim")
    claim = {"category": category, "reason": reason.strip(), "by": actor.id,
             "by_name": actor.name, "on": local_date(now).isoformat()}  # fmt: skip
    return _change_claims(actor, child, [*child.category_claims, claim], now, expected_version,
                          "claim_category", reason.strip())  # fmt: skip


def claim_on_opening(
    actor: Actor, child: Child, categories: list[str], reason: str, now: dt.datetime
) -> Child:
    """The categories a registry sheet gives a file it opens (its 困境类别 column): set as the
    importer's claims with `reason`, flagged like any clerk's (inside the import's
    transaction; the importer was checked as a keeper of files); one the file counts already
    (a disability's own difficulty) needs no claim."""
    on = local_date(now).isoformat()
    claims = [*child.category_claims]
    for category in categories:
        if category not in child.categories and all(c["category"] != category for c in claims):
            claims.append({"category": category, "reason": reason, "by": actor.id,
                           "by_name": actor.name, "on": on})  # fmt: skip
    return _change_claims(actor, child, claims, now, child.version, "claim_category", reason)


def county_categories(child: Child, today: dt.date) -> dict[str, str]:
    """The categories the child's county set itself, offered today: code → Chinese name."""
    offered = county_policy.child_categories(child.place.county_id, today)
    return {code: version.label for code, version in offered.items()}


def review_claim(
    actor: Actor, child_id: int, category: str, confirm: bool, reason: str, now: dt.datetime,
    expected_version: int,
) -> Child:  # fmt: skip
    """The supervisor confirms a clerk's category (the flag goes) or withdraws it."""
    _require(actor, REVIEWERS)
    child = children.get_child(actor, child_id)
    claims = list(child.category_claims)
    found = next((c for c in claims if c["category"] == category), None)
    if found is None:
        wrong = FieldError("no such claim", code="no_such_claim")
        raise Invalid("no such claim", {"category": [wrong]}, code="invalid_category_claim")
    if confirm:
        claims = [{**c, "confirmed_by": actor.id, "confirmed_on": local_date(now).isoformat()}
                  if c is found else c for c in claims]  # fmt: skip
    else:
        claims = [c for c in claims if c is not found]
    action = "confirm_category" if confirm else "withdraw_category"
    return _change_claims(actor, child, claims, now, expected_version, action, reason.strip())


def flagged_children(actor: Actor, today: dt.date) -> list[tuple[Child, list[str]]]:
    """Children in scope with a category the facts do not show and nobody confirmed: the
    supervisor's list (only files with a claim are read)."""
    query = children.scoped(actor).where(Child.category_claims != "[]").order_by(Child.id)
    found = []
    for child in query:
        flagged = explain(child, today).flagged
        if flagged:
            found.append((child, flagged))
    return found


def _change_claims(actor: Actor, child: Child, claims: list[dict[str, Any]], now: dt.datetime,
                   expected_version: int, action: str, reason: str) -> Child:  # fmt: skip
    with write_transaction():
        _check_version(child, expected_version)
        changes = audit.diff(child, {"category_claims": claims})
        effective = [str(c) for c in explain(child, local_date(now)).effective]
        changes.update(audit.diff(child, {"categories": effective}))
        return _save(actor, child, changes, now, action, reason)


def rederive_at_sixteen(now: dt.datetime) -> list[int]:
    """The scheduler's job: a child counted left-behind (留守, under 16) by the facts alone is
    no longer one from the sixteenth birthday: the kept categories are derived again, as of
    today, each child in its own transaction with an audit row. Level-triggered: a run after
    the scheduler was down catches up every birthday it missed; a second run changes nothing
    (a child whose left-behind is a clerk's claim keeps it: not even read)."""
    today = local_date(now)
    code = ChildCategory.LEFT_BEHIND.value
    left_behind = Value(f'%"{code}"%', converter=False)
    # a clerk's claim, as the file stores it (JSONField: sorted keys, json's own separators;
    # a quote inside a reason is escaped, so no reason matches)
    claimed = Value(f'%"category": "{code}"%', converter=False)
    due = (
        Child.select(Child.id)
        .where(
            Child.state == RegisterState.ON_REGISTER.value,
            Child.birth_date <= rules.born_by(today, rules.LEFT_BEHIND_UNDER),
            Child.categories ** left_behind,
            ~(Child.category_claims ** claimed),  # kept whatever the age: nothing to write
        )
        .order_by(Child.id)
    )
    done = []
    for (child_id,) in due.tuples():
        try:
            if _rederive(child_id, now, "满16周岁"):
                done.append(child_id)
        except Conflict:  # changed meanwhile: derived again by that change, or the next run
            log.info("child %s: changed meanwhile, skipped", child_id)
    return done


def _rederive(child_id: int, now: dt.datetime, reason: str) -> bool:
    """Derive the kept categories again as of `now`'s day; False: they had not changed."""
    with write_transaction():
        child = Child.get_by_id(child_id)
        effective = [str(c) for c in explain(child, local_date(now)).effective]
        changes = audit.diff(child, {"categories": effective})
        if not changes:
            return False
        _save(SYSTEM, child, changes, now, "derive_categories", reason)
        return True


def _check_version(child: Child, expected: int) -> None:
    if expected != child.version:
        raise Conflict(
            f"version is {child.version}, not {expected}",
            code="stale_version",
            params={"version": child.version, "expected": expected},
        )


def _save(actor: Actor, child: Child, changes: dict, now: dt.datetime, action: str,
          reason: str = "") -> Child:  # fmt: skip
    if not changes:
        return child
    columns = {name: getattr(child, name) for name in changes if name != "parents"}
    count = (
        Child.update(**columns, version=Child.version + 1, updated_at=now)
        .where(Child.id == child.id, Child.version == child.version)
        .execute()
    )
    if count != 1:
        raise Conflict("the file changed while you were editing it: reload",
                       code="changed_meanwhile")  # fmt: skip
    audit.record("child", child.id, action, actor, now, changes, child.version + 1, reason)
    return Child.get_by_id(child.id)


def _require(actor: Actor, roles: frozenset[Role]) -> None:
    if actor.role not in roles:
        raise NotPermitted(
            f"role {actor.role} may not change a child's family",
            code="role_keeps_no_files",
            params={"role": str(actor.role)},
        )


CONTACT_WINDOW = 90  # the card counts the contacts of the last ninety days


def record_contact(actor: Actor, child_id: int, data: dict[str, Any], now: dt.datetime) -> Any:
    """A parent got in touch with the child (a call, a video call, a visit home), on a day
    not after today, by a parent the family's facts name."""
    _require(actor, EDITORS)
    child = children.get_child(actor, child_id)
    role, day = data.get("role"), data.get("contacted_on")
    errors: dict[str, list[FieldError]] = {}
    if role not in {p["role"] for p in parents_of(child)}:
        errors["role"] = [FieldError("not a parent on the file", code="not_a_parent_on_file")]
    if not isinstance(day, dt.date):
        errors["contacted_on"] = [FieldError("required", code="required")]
    elif day > local_date(now):
        errors["contacted_on"] = [FieldError("a date after today", code="date_in_future")]
    if errors:
        raise Invalid("the contact is not valid", errors, code="invalid_contact")
    with write_transaction():
        contact = ParentContact.create(child=child.id, role=role, contacted_on=day,
                                       how=(data.get("how") or "").strip()[:100],
                                       recorded_by=actor.id, recorded_at=now)  # fmt: skip
        changes = {"contact": [None, {"role": role, "contacted_on": day.isoformat(),
                                      "how": contact.how}]}  # fmt: skip
        audit.record("child", child.id, "record_contact", actor, now, changes, child.version)
    return contact


def contact_card(actor: Actor, child_id: int, today: dt.date) -> dict[str, Any]:
    """The left-behind child's contact card (联系卡): each parent's phone, where they work and
    when they last got in touch (and how often lately), the carer, the village's child
    directors, the school, and how long the county lets a parent go without contact."""
    child = children.get_child(actor, child_id)
    window = today - dt.timedelta(days=CONTACT_WINDOW)
    parents = []
    for parent in parents_of(child):
        contacts = ParentContact.select().where(
            ParentContact.child == child.id, ParentContact.role == parent["role"]
        )
        last = contacts.select(fn.MAX(ParentContact.contacted_on)).scalar()
        recent = contacts.where(ParentContact.contacted_on >= window).count()
        parents.append({**parent, "last_contact": audit.plain(last), "contacts_90_days": recent})
    directors = (
        User.select()
        .where(User.role == Role.CHILD_DIRECTOR, User.place == child.place_id, User.active == True)  # noqa: E712
        .order_by(User.id)
    )
    return {
        "child_id": child.id,
        "parents": parents,
        "carer": {name: getattr(child, f"carer_{name}") for name in ("name", "relation", "phone")},
        "child_directors": [{"name": u.name} for u in directors],
        "school": child.school,
        "days_without_contact": county_policy.contact_days(child.place.county_id, today),
    }
