"""The child's file: registration with a checked ID number, changes kept in the audit log."""

from __future__ import annotations

import datetime as dt
import secrets

from peewee import IntegrityError, Value, fn

from casework.db import write_transaction
from casework.errors import (
    REQUIRED,
    Conflict,
    FieldError,
    Invalid,
    NotPermitted,
    not_found,
    outside_scope,
)
from casework.models import Child, Guardian, Institution, Place
from casework.queries import child_scope
from casework.rules import family as family_rules
from casework.rules import masking
from casework.rules.deadlines import local_date
from casework.rules.identity import parse_resident_id, placeholder
from casework.services import audit
from casework.services.screening_arrivals import child_arrived
from casework.vocabulary import (
    DisabilityType,
    PlaceLevel,
    ResidenceBasis,
    Role,
)
from casework.workflows.definition import Actor
from casework.workflows.register import RegisterState

KEEPERS = {
    Role.INTAKE_CLERK,
    Role.REVIEWER,
    Role.INSTITUTION_STAFF,
    Role.CASE_WORKER,
    Role.CHILD_SUPERVISOR,
    Role.CHILD_DIRECTOR,
    Role.ADMIN,
    Role.SYSTEM,
}
CHOICES: dict[str, set[str]] = {
    "residence_basis": set(ResidenceBasis),
    "disability_types": set(DisabilityType),
}
# the file's own difficulty tags, set without a reason, are retired: what a child counts as is
# derived from the facts plus the categories a clerk sets with a reason (services/family.py)
RETIRED = "difficulty_categories"


def scoped(actor: Actor, query=None):
    """Children the actor may see, as a query."""
    return child_scope.scoped(actor, query)


def get_child(actor: Actor, child_id: int) -> Child:
    child = Child.get_or_none(id=child_id)
    if child is None:
        raise not_found("child", child_id)
    if not scoped(actor).where(Child.id == child_id).exists():
        raise outside_scope("child", child_id)
    return child


def matching(query, term: str, role: Role):
    """`query` (of children) narrowed to those whose name or village contains `term`, or whose
    ID number is it, or, for a role shown whole numbers, ends with it (up to four letters or
    digits); the searches of the children's list and of the child pickers. A role that sees
    numbers masked matches the whole number only (masking.id_search_term)."""
    term = term.strip()
    if not term:
        return query
    village = Place.select(Place.id).where(fn.LOWER(Place.name).contains(term.lower()))
    matches = fn.LOWER(Child.name).contains(term.lower()) | Child.place.in_(village)
    if len(term) == masking.ID_LENGTH:
        matches |= Child.id_number == term.upper()
    elif term.isalnum() and len(term) <= 4 and masking.id_search_term(role, term):
        matches |= Child.id_number.endswith(term.upper())
    return query.where(matches)


def list_children(
    actor: Actor,
    *,
    name: str | None = None,
    id_number: str | None = None,
    place_id: int | None = None,
    state: str | None = None,
    left_reason: str | None = None,
    category: str | None = None,
    id_pending: bool | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Child], int]:
    """Children in scope, searched by part of the name, the ID number's start, or place
    subtree; on or off the register (and why off), by category, or still without an ID
    number."""
    query = scoped(actor)
    if state:
        query = query.where(Child.state == state)
    if left_reason:
        query = query.where(Child.left_reason == left_reason)
    if category:
        # JSON kept as text: match the quoted code, past the field's JSON converter
        query = query.where(Child.categories ** Value(f'%"{category}"%', converter=False))
    if id_pending is not None:
        query = query.where(Child.id_pending == id_pending)
    if name:
        query = query.where(Child.name.contains(name.strip()))
    if id_number:
        query = query.where(_id_number_condition(actor, id_number))
    if place_id:
        place = Place.get_or_none(id=place_id)
        if place is None:
            no_such = FieldError("no such place", code="no_such_place")
            raise Invalid("unknown place", {"place_id": [no_such]}, code="unknown_place")
        subtree = Place.select(Place.id).where(Place.path.startswith(place.path))
        query = query.where(Child.place.in_(subtree))
    total = query.count()
    # by id, as `id + 0`: ordered by the bare id, PostgreSQL walked the primary key of a
    # province's million children filtering each by scope and name, hoping to find a page
    # early (a search finding nothing read them all: 0.7 s); sorted, it reads the scope's
    # own children through the place index and sorts them (bench/province.py)
    return list(query.order_by(Child.id + 0).paginate(page, per_page)), total


def _id_number_condition(actor: Actor, id_number: str):
    """The number or, for a role shown whole numbers, its start."""
    term = masking.id_search_term(actor.role, id_number)
    if term is None:
        raise whole_number_only()
    return (
        Child.id_number == term
        if len(term) == masking.ID_LENGTH
        else (Child.id_number.startswith(term))
    )


def whole_number_only() -> Invalid:
    """The refusal of a partial ID number from a role that sees numbers masked."""
    whole = FieldError(
        "give the whole ID number", code="id_number_search_whole", params={"length": 18}
    )
    return Invalid(
        "a role that sees ID numbers masked searches by the whole number only",
        {"id_number": [whole]},
        code="id_number_search_whole",
    )


def register_child(actor: Actor, data: dict, now: dt.datetime) -> Child:
    """Open a child's file; a second file for the same ID number is refused with the first's id."""
    _require_keeper(actor)
    resident = parse_resident_id(data.get("id_number", ""))
    _check_a_child(resident.birth_date, local_date(now))
    existing = Child.get_or_none(id_number=resident.number)
    if existing:
        raise Conflict(
            "a file for this ID number exists", code="child_file_exists", existing_id=existing.id
        )
    values = _checked(actor, data, creating=True)
    values["categories"] = opening_categories(values, resident.birth_date, local_date(now))
    guardians = values.pop("guardians", [])
    with write_transaction():
        try:
            child = Child.create(
                id_number=resident.number,
                birth_date=resident.birth_date,
                sex=resident.sex,
                created_at=now,
                updated_at=now,
                **values,
            )
        except IntegrityError:  # registered concurrently
            raise Conflict("a file for this ID number exists", code="child_file_exists") from None
        for g in guardians:
            Guardian.create(child=child, **g)
        changes = {k: [None, audit.plain(v)] for k, v in values.items()}
        changes["id_number"] = [None, resident.number]
        if guardians:
            changes["guardians"] = [None, guardians]
        audit.record("child", child.id, "register", actor, now, changes)
        child_arrived(actor, child.id, child.place_id, now)
    return child


def register_without_id(actor: Actor, data: dict, now: dt.datetime) -> Child:
    """Open a file for a child without an ID number (abandoned, unregistered, street
    children): a placeholder number, the sex and estimated birth date as given, and a
    description that tells the child apart. The file is flagged (`id_pending`) until the
    number is known (assign_id_number)."""
    _require_keeper(actor)
    errors: dict[str, list[FieldError]] = {}
    if data.get("sex") not in ("M", "F"):
        errors["sex"] = [FieldError("M or F", code="not_one_of", params={"choices": ["M", "F"]})]
    description = (data.get("description") or "").strip()
    if not description:
        errors["description"] = [REQUIRED]
    birth = data.get("birth_date")
    if not isinstance(birth, dt.date):
        errors["birth_date"] = [REQUIRED]
    if errors:
        raise Invalid("the child's file is not valid", errors, code="invalid_child_file")
    _check_a_child(birth, local_date(now), field="birth_date")
    values = _checked(actor, data, creating=True)
    values["categories"] = opening_categories(values, birth, local_date(now))
    guardians = values.pop("guardians", [])
    number = placeholder(secrets.token_hex(7))
    with write_transaction():
        child = Child.create(
            id_number=number, birth_date=birth, sex=data["sex"], id_pending=True,
            description=description, created_at=now, updated_at=now, **values,
        )  # fmt: skip
        for g in guardians:
            Guardian.create(child=child, **g)
        changes = {k: [None, audit.plain(v)] for k, v in values.items()}
        changes |= {"id_number": [None, number], "id_pending": [None, True],
                    "birth_date": [None, birth.isoformat()], "sex": [None, data["sex"]],
                    "description": [None, description]}  # fmt: skip
        audit.record("child", child.id, "register_without_id", actor, now, changes)
        child_arrived(actor, child.id, child.place_id, now)
    return child


def assign_id_number(
    actor: Actor, child_id: int, id_number: str, now: dt.datetime, expected_version: int
) -> Child:
    """The ID number of a child whose file was opened without one: its birth date and sex
    replace the estimates, and the flag goes."""
    _require_keeper(actor)
    child = get_child(actor, child_id)
    if not child.id_pending:
        has = FieldError("the file has its ID number", code="id_number_known")
        raise Invalid("the file has its ID number", {"id_number": [has]}, code="id_number_known")
    resident = parse_resident_id(id_number)
    _check_a_child(resident.birth_date, local_date(now))
    existing = Child.get_or_none(id_number=resident.number)
    if existing:
        raise Conflict(
            "a file for this ID number exists", code="child_file_exists", existing_id=existing.id
        )
    values = {"id_number": resident.number, "birth_date": resident.birth_date,
              "sex": resident.sex, "id_pending": False}  # fmt: skip
    with write_transaction():
        if expected_version != child.version:
            raise Conflict(
                f"version is {child.version}, not {expected_version}",
                code="stale_version",
                params={"version": child.version, "expected": expected_version},
            )
        changes = audit.diff(child, values)
        count = (
            Child.update(**values, version=Child.version + 1, updated_at=now)
            .where(Child.id == child.id, Child.version == child.version)
            .execute()
        )
        if count != 1:
            raise Conflict(
                "the file changed while you were editing it: reload", code="changed_meanwhile"
            )
        audit.record("child", child.id, "assign_id_number", actor, now, changes,
                     version=child.version + 1)  # fmt: skip
    return Child.get_by_id(child.id)


ADULT_AT = 18  # the law's child (未成年人) is under eighteen


def _check_a_child(birth: dt.date, today: dt.date, field: str = "id_number") -> None:
    """A file is for a child born by `today` and not yet eighteen on it: the birth date comes
    from the ID number, so a wrong digit is caught here."""
    if birth > today:
        wrong = FieldError("the birth date in the number is after today", code="born_in_future")
    elif family_rules.age_on(birth, today) >= ADULT_AT:
        params = {"age": ADULT_AT}
        wrong = FieldError("18 or older: not a child", code="not_a_child", params=params)
    else:
        return
    raise Invalid("the child's file is not valid", {field: [wrong]}, code="invalid_child_file")


def update_child(
    actor: Actor, child_id: int, data: dict, now: dt.datetime, expected_version: int | None = None
) -> Child:
    _require_keeper(actor)
    child = get_child(actor, child_id)
    values = _checked(actor, data, creating=False)
    guardians = values.pop("guardians", None)
    with write_transaction():
        if expected_version is not None and expected_version != child.version:
            raise Conflict(
                f"version is {child.version}, not {expected_version}",
                code="stale_version",
                params={"version": child.version, "expected": expected_version},
            )
        changes = audit.diff(child, values)
        if "disability_types" in changes:  # own difficulty follows the disability
            from casework.services import family  # family uses this module: imported here

            effective = [str(c) for c in family.explain(child, local_date(now)).effective]
            changes.update(audit.diff(child, {"categories": effective}))
            values["categories"] = effective
        if guardians is not None:
            old = [_guardian(g) for g in child.guardians]
            if old != guardians:
                Guardian.delete().where(Guardian.child == child.id).execute()
                for g in guardians:
                    Guardian.create(child=child, **g)
                changes["guardians"] = [old, guardians]
        if not changes:
            return child
        count = (
            Child.update(**values, version=Child.version + 1, updated_at=now)
            .where(Child.id == child.id, Child.version == child.version)
            .execute()
        )
        if count != 1:
            raise Conflict(
                "the file changed while you were editing it: reload", code="changed_meanwhile"
            )
        audit.record("child", child.id, "update", actor, now, changes, version=child.version + 1)
        if "place" in changes and child.state == RegisterState.ON_REGISTER:  # another village
            child_arrived(actor, child.id, values["place"], now)
    return Child.get_by_id(child.id)


def opening_categories(values: dict, birth: dt.date, today: dt.date) -> list[str]:
    """What a new file counts as from the start: no parents recorded yet, so only what the
    file itself shows (a disability: own difficulty)."""
    facts = family_rules.FamilyFacts(
        disabled=bool(values.get("disability_types")), age=family_rules.age_on(birth, today)
    )
    return [str(d.category) for d in family_rules.derive(facts)]


def _guardian(g: Guardian) -> dict:
    return {"name": g.name, "relation": g.relation, "phone": g.phone}


def _checked(actor: Actor, data: dict, creating: bool) -> dict:
    if data.get(RETIRED) is not None:
        retired = FieldError(
            "set a category with a reason instead (POST /families/<id>/categories)",
            code="difficulty_tags_retired",
        )
        raise Invalid(
            "the difficulty tags are retired", {RETIRED: [retired]}, code="difficulty_tags_retired"
        )
    errors: dict[str, list[str]] = {}
    values = {k: data[k] for k in ("name", "address", "guardians", "place_id") if k in data}
    for name, allowed in CHOICES.items():
        if name not in data:
            continue
        value = data[name]
        given = value if isinstance(value, list) else [value]
        bad = [v for v in given if v is not None and v not in allowed]
        if bad:
            bad = [str(v) for v in bad]
            errors[name] = [
                FieldError(
                    f"unknown: {', '.join(bad)}", code="unknown_values", params={"values": bad}
                )
            ]
        values[name] = value
    if creating and not values.get("name"):
        errors["name"] = [REQUIRED]
    if "place_id" in values or creating:
        place = Place.get_or_none(id=values.pop("place_id", None))
        if place is None or place.level != PlaceLevel.VILLAGE:
            errors["place_id"] = [FieldError("must be a village", code="not_a_village")]
        elif not _place_in_scope(actor, place):
            raise NotPermitted("that village is outside your scope", code="village_outside_scope")
        else:
            values["place"] = place.id
    if errors:
        raise Invalid("the child's file is not valid", errors, code="invalid_child_file")
    return values


def _place_in_scope(actor: Actor, place: Place) -> bool:
    if actor.role == Role.SYSTEM:
        return True
    if actor.role == Role.INSTITUTION_STAFF:
        return place.county_id == Institution.get_by_id(actor.institution_id).county_id
    return place.path.startswith(actor.place_path or "-")


def _require_keeper(actor: Actor) -> None:
    if actor.role not in KEEPERS:
        raise NotPermitted(
            f"role {actor.role} does not keep children's files",
            code="role_keeps_no_files",
            params={"role": str(actor.role)},
        )
