"""Village screening (排查): the county launches a round for a period; each village's child
director records every child on file, and every family or child found without a file, as
screened with the result, then declares the village done. Progress counts per village and
township; a village not done by the last day is reminded and escalated
(casework/reminders/screening.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from marshmallow import Schema, ValidationError, fields, validates_schema
from peewee import JOIN, IntegrityError, fn

from casework.db import write_transaction
from casework.errors import REQUIRED, Conflict, FieldError, Invalid, NotPermitted, not_found
from casework.models import (
    AuditEntry,
    Child,
    Place,
    Screening,
    ScreeningEntry,
    ScreeningVillage,
)
from casework.rules.deadlines import local_date
from casework.services import audit, children
from casework.vocabulary import PlaceLevel, Role, ScreeningResult
from casework.workflows import engine
from casework.workflows.definition import Actor
from casework.workflows.payloads import load_payload, one_of, text
from casework.workflows.register import RegisterState
from casework.workflows.report import REPORT

LAUNCHERS = frozenset({Role.CASE_WORKER})
SCREENERS = frozenset({Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.CASE_WORKER})
READERS = SCREENERS | {Role.LEADER}
# a screening covers the children on the register: one who left it is no longer screened
ON_THE_REGISTER = Child.state == RegisterState.ON_REGISTER.value


class LaunchPayload(Schema):
    title = text(max_length=100)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True, metadata={"description": "the last day"})

    @validates_schema
    def ends_after_it_starts(self, data, **kwargs):
        if data["ends_on"] < data["starts_on"]:
            message = FieldError("before starts_on", code="before_start")
            raise ValidationError({"ends_on": [message]})


class EntryPayload(Schema):
    """One child on file (child_id) or one family without a file (household and place_id)."""

    child_id = fields.Integer(load_default=None)
    household = text(required=False, max_length=200)
    place_id = fields.Integer(
        load_default=None, metadata={"description": "the village, for a family without a file"}
    )
    result = fields.String(required=True, validate=one_of(ScreeningResult))
    note = text(required=False)
    report_case_id = fields.Integer(
        load_default=None, metadata={"description": "the report filed (result report_filed)"}
    )
    screened_on = fields.Date(load_default=None, metadata={"description": "default: today"})

    @validates_schema
    def says_whom_and_what(self, data, **kwargs):
        errors: dict[str, list] = {}
        if not data.get("child_id") and not data.get("household", "").strip():
            message = "a child's file (child_id) or the family (household)"
            errors["household"] = [FieldError(message, code="child_or_household")]
        if not data.get("child_id") and not data.get("place_id"):
            errors["place_id"] = [REQUIRED]
        filed = data["result"] == ScreeningResult.REPORT_FILED
        if filed and not data.get("report_case_id"):
            message = "name the report filed"
            errors["report_case_id"] = [FieldError(message, code="name_the_report")]
        if not filed and data.get("report_case_id"):
            message = "only a result of report_filed names a report"
            errors["report_case_id"] = [FieldError(message, code="report_only_when_filed")]
        if errors:
            raise ValidationError(errors)


def _require(actor: Actor, roles: frozenset[Role], what: str) -> None:
    if actor.role not in roles:
        raise NotPermitted(
            f"role {actor.role} does not {what} screenings",
            code="role_not_for_screening",
            params={"role": str(actor.role)},
        )


def launch(actor: Actor, payload: dict, now: dt.datetime) -> Screening:
    """Launch a round over every village of the actor's county."""
    _require(actor, LAUNCHERS, "launch")
    data = load_payload(LaunchPayload, payload)
    if data["ends_on"] < local_date(now):
        message = FieldError("a round cannot end in the past", code="ends_in_past")
        raise Invalid("ends in the past", {"ends_on": [message]}, code="ends_in_past")
    county = actor.county_id
    villages = Place.select(Place.id).where(
        Place.level == PlaceLevel.VILLAGE, Place.path.startswith(f"/{county}/")
    )
    with write_transaction():
        screening = Screening.create(
            county=county,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            launched_by=actor.id,
            created_at=now,
        )
        rows = [{"screening": screening.id, "county": county, "place": v.id} for v in villages]
        if rows:
            ScreeningVillage.insert_many(rows).execute()
        changes = {k: [None, str(data[k])] for k in ("title", "starts_on", "ends_on")}
        audit.record("screening", screening.id, "launch", actor, now, changes)
    return screening


def list_screenings(actor: Actor) -> list[Screening]:
    """The rounds of the actor's county, the latest first."""
    if actor.role not in READERS or actor.county_id is None:
        return []
    return list(
        Screening.select()
        .where(Screening.county == actor.county_id)
        .order_by(Screening.starts_on.desc(), Screening.id.desc())
    )


def get_screening(actor: Actor, screening_id: int) -> Screening:
    """A round of the actor's county; any other is answered as a missing one."""
    screening = Screening.get_or_none(id=screening_id)
    if screening is None or actor.role not in READERS or screening.county_id != actor.county_id:
        raise not_found("screening", screening_id)
    return screening


@dataclass
class VillageProgress:
    village_id: int
    village_name: str
    township_id: int
    township_name: str
    children: int  # on file in the village
    screened: int  # of them, screened
    households: int  # families without a file recorded
    results: dict[str, int]
    completed_at: dt.datetime | None
    overdue: bool


@dataclass
class TownshipProgress:
    township_id: int
    township_name: str
    villages: int = 0
    completed: int = 0
    overdue: int = 0
    children: int = 0
    screened: int = 0
    households: int = 0
    results: dict[str, int] = field(default_factory=dict)


@dataclass
class Progress:
    screening: Screening
    townships: list[TownshipProgress]
    villages: list[VillageProgress]


def progress(actor: Actor, screening_id: int, today: dt.date) -> Progress:
    """Each village of the actor's area in the round, and its township's sums."""
    screening = get_screening(actor, screening_id)
    village, township = Place.alias("village"), Place.alias("township")
    parts = (
        ScreeningVillage.select(ScreeningVillage, village, township)
        .join(village, on=(ScreeningVillage.place == village.id))
        .join(township, on=(village.parent == township.id))
        .where(
            ScreeningVillage.screening == screening.id,
            village.path.startswith(actor.place_path or "-"),
        )
        .order_by(township.code, village.code)
    )
    on_file = dict(
        Child.select(Child.place, fn.COUNT(Child.id))
        .where(Child.place.in_([p.place_id for p in parts]), ON_THE_REGISTER)
        .group_by(Child.place)
        .tuples()
    )
    counts: dict[int, dict[str, int]] = {}
    for place, has_child, result, n in (
        ScreeningEntry.select(
            ScreeningEntry.place,
            ScreeningEntry.child.is_null(False),
            ScreeningEntry.result,
            fn.COUNT(ScreeningEntry.id),
        )
        .where(ScreeningEntry.screening == screening.id)
        .group_by(ScreeningEntry.place, ScreeningEntry.child.is_null(False), ScreeningEntry.result)
        .tuples()
    ):
        tally = counts.setdefault(place, {})
        key = "screened" if has_child else "households"
        tally[key] = tally.get(key, 0) + n
        tally[result] = tally.get(result, 0) + n
    # a file opened for a family found, linked to its entry: that child is screened too
    own = ScreeningEntry.select(ScreeningEntry.child).where(
        ScreeningEntry.screening == screening.id, ScreeningEntry.child.is_null(False)
    )
    filed = ScreeningEntry.select(ScreeningEntry.filed_child).where(
        ScreeningEntry.screening == screening.id, ScreeningEntry.filed_child.is_null(False)
    )
    for place, n in (
        Child.select(Child.place, fn.COUNT(Child.id))
        .where(
            Child.place.in_([p.place_id for p in parts]),
            ON_THE_REGISTER,
            Child.id.in_(filed),
            Child.id.not_in(own),
        )
        .group_by(Child.place)
        .tuples()
    ):
        tally = counts.setdefault(place, {})
        tally["screened"] = tally.get("screened", 0) + n
    villages: list[VillageProgress] = []
    townships: dict[int, TownshipProgress] = {}
    for part in parts:
        tally = counts.get(part.place_id, {})
        row = VillageProgress(
            part.place_id,
            part.place.name,
            part.place.parent.id,
            part.place.parent.name,
            on_file.get(part.place_id, 0),
            tally.get("screened", 0),
            tally.get("households", 0),
            {r.value: tally.get(r.value, 0) for r in ScreeningResult},
            part.completed_at,
            part.completed_at is None and today > screening.ends_on,
        )
        villages.append(row)
        total = townships.setdefault(
            row.township_id, TownshipProgress(row.township_id, row.township_name)
        )
        total.villages += 1
        total.completed += row.completed_at is not None
        total.overdue += row.overdue
        total.children += row.children
        total.screened += row.screened
        total.households += row.households
        for result, n in row.results.items():
            total.results[result] = total.results.get(result, 0) + n
    return Progress(screening, list(townships.values()), villages)


def _village(actor: Actor, screening: Screening, village_id: int | None) -> ScreeningVillage:
    """The round's part for a village of the actor's area; outside it, answered as missing."""
    part = (
        ScreeningVillage.select(ScreeningVillage, Place)
        .join(Place, on=(ScreeningVillage.place == Place.id))
        .where(
            ScreeningVillage.screening == screening.id,
            ScreeningVillage.place == village_id,
            Place.path.startswith(actor.place_path or "-"),
        )
        .first()
    )
    if part is None:
        raise not_found("village of the screening", village_id)
    return part


@dataclass
class VillageList:
    screening: Screening
    village: ScreeningVillage
    children: list[tuple[Child, ScreeningEntry | None]]  # unscreened first, then by name
    households: list[ScreeningEntry]


def village_list(actor: Actor, screening_id: int, village_id: int) -> VillageList:
    """The village's children on file with their result (if screened), and the families."""
    screening = get_screening(actor, screening_id)
    part = _village(actor, screening, village_id)
    entry = ScreeningEntry.alias("entry")
    rows = (
        Child.select(Child, entry)
        .join(
            entry,
            JOIN.LEFT_OUTER,
            on=(
                ((entry.child == Child.id) | (entry.filed_child == Child.id))
                & (entry.screening == screening.id)
            ),
            attr="entry",
        )
        .where(Child.place == part.place_id, ON_THE_REGISTER)
        .order_by(entry.id.is_null(False), Child.name, Child.id)
    )
    listed = [(child, getattr(child, "entry", None)) for child in rows]
    listed = [(child, e if e is not None and e.id is not None else None) for child, e in listed]
    once: dict[int, tuple[Child, ScreeningEntry | None]] = {}  # screened twice: listed once
    for child, e in listed:
        once.setdefault(child.id, (child, e))
    listed = list(once.values())
    households = list(
        ScreeningEntry.select()
        .where(
            ScreeningEntry.screening == screening.id,
            ScreeningEntry.place == part.place_id,
            ScreeningEntry.child.is_null(),
        )
        .order_by(ScreeningEntry.id)
    )
    return VillageList(screening, part, listed, households)


def record(actor: Actor, screening_id: int, payload: dict, now: dt.datetime) -> ScreeningEntry:
    """Record one child or family as screened, with the result."""
    _require(actor, SCREENERS, "record")
    data = load_payload(EntryPayload, payload)
    screening = get_screening(actor, screening_id)
    today = local_date(now)
    screened_on = data["screened_on"] or today
    if not screening.starts_on <= screened_on <= today:
        message = FieldError("between the round's first day and today", code="outside_round")
        raise Invalid("outside the round", {"screened_on": [message]}, code="outside_round")
    child = children.get_child(actor, data["child_id"]) if data["child_id"] else None
    part = _village(actor, screening, child.place_id if child else data["place_id"])
    if part.completed_at is not None:
        raise Conflict(
            "the village's screening is done: nothing more is recorded",
            code="village_screening_done",
            params={"village": part.place.name},
        )
    if data["report_case_id"]:
        case = engine.load_visible(REPORT, data["report_case_id"], actor).record
        if child and case.child_id not in (None, child.id):
            other = FieldError("the report is about another child", code="case_of_another_child")
            raise Invalid("another child's report", {"report_case_id": [other]}, code=other.code)
    with write_transaction():
        if child and (  # on its own file, or as the file opened for a family found
            ScreeningEntry.select()
            .where(
                ScreeningEntry.screening == screening.id,
                (ScreeningEntry.child == child.id) | (ScreeningEntry.filed_child == child.id),
            )
            .exists()
        ):
            raise Conflict(
                f"{child.name} has been screened in this round",
                code="already_screened",
                params={"child": child.name},
            )
        entry = ScreeningEntry.create(
            screening=screening.id,
            place=part.place_id,
            child=child.id if child else None,
            household="" if child else data["household"].strip(),
            result=data["result"],
            note=data["note"],
            report_case=data["report_case_id"],
            screened_on=screened_on,
            screened_by=actor.id,
            created_at=now,
        )
        changes = {"result": [None, data["result"]], "village": [None, part.place_id]}
        if child:
            changes["child"] = [None, child.id]
        if data["report_case_id"]:
            changes["report"] = [None, data["report_case_id"]]
        audit.record("screening", screening.id, "record", actor, now, changes)
    return entry


def complete(actor: Actor, screening_id: int, village_id: int, now: dt.datetime):
    """Declare the village screened: every child on file must have a result."""
    _require(actor, SCREENERS, "complete")
    screening = get_screening(actor, screening_id)
    part = _village(actor, screening, village_id)
    left = _left_to_screen(screening.id, part.place_id)
    if left:
        raise Conflict(
            f"{left} children of the village are not screened yet",
            code="children_not_screened",
            params={"count": left},
        )
    with write_transaction():
        done = (
            ScreeningVillage.update(completed_at=now, completed_by=actor.id)
            .where(ScreeningVillage.id == part.id, ScreeningVillage.completed_at.is_null())
            .execute()
        )
        if not done:
            raise Conflict(
                "the village's screening is done already",
                code="village_screening_done",
                params={"village": part.place.name},
            )
        changes = {"completed": [None, part.place_id]}
        audit.record("screening", screening.id, "complete", actor, now, changes)
    return ScreeningVillage.get_by_id(part.id)


def _not_screened(screening_id: int):
    """SQL: a child (Child) the round has not screened: neither on its own file nor as the
    file opened for a family it found needing one (an entry's filed_child)."""
    own = ScreeningEntry.select(ScreeningEntry.child).where(
        ScreeningEntry.screening == screening_id, ScreeningEntry.child.is_null(False)
    )
    filed = ScreeningEntry.select(ScreeningEntry.filed_child).where(
        ScreeningEntry.screening == screening_id, ScreeningEntry.filed_child.is_null(False)
    )
    return Child.id.not_in(own) & Child.id.not_in(filed)


def _left_to_screen(screening_id: int, place_id: int) -> int:
    """How many children on the register in the village the round has not screened."""
    return (
        Child.select()
        .where(Child.place == place_id, _not_screened(screening_id), ON_THE_REGISTER)
        .count()
    )


def village_part(part_id: int) -> ScreeningVillage | None:
    """A village's part of a round by its id (a reminder's subject)."""
    return ScreeningVillage.get_or_none(id=part_id)


class FilePayload(Schema):
    child_id = fields.Integer(required=True, metadata={"description": "the file opened"})


def link_file(actor: Actor, screening_id: int, entry_id: int, payload: dict,
              now: dt.datetime) -> ScreeningEntry:  # fmt: skip
    """Record the file opened for a family or child the round found needing one (result
    new_file, recorded without a file): the registration rate (建档率) counts it from now,
    and the round counts the child as screened. The file is one of the entry's village,
    opened on or after the day the entry was recorded, and linked to no other entry.
    Allowed after the village is done; once per entry. When opening the file reopened the
    village (screening_arrivals) and nothing else is left to screen there, the village's
    completion is restored as it was."""
    _require(actor, SCREENERS, "record")
    data = load_payload(FilePayload, payload)
    screening = get_screening(actor, screening_id)
    entry = ScreeningEntry.get_or_none(id=entry_id, screening=screening.id)
    if entry is None:
        raise not_found("screening entry", entry_id)
    part = _village(actor, screening, entry.place_id)  # outside the actor's area: as missing
    if entry.result != ScreeningResult.NEW_FILE or entry.child_id is not None:
        raise Conflict(
            "only a family or child found needing a file (new_file) is linked to one",
            code="entry_needs_no_file",
        )
    if entry.filed_child_id is not None:
        raise Conflict("a file is linked to this entry already", code="file_already_linked")
    child = children.get_child(actor, data["child_id"])
    with write_transaction():
        _check_file(child, entry)
        try:
            linked = (
                ScreeningEntry.update(filed_child=child.id, filed_at=now)
                .where(ScreeningEntry.id == entry.id, ScreeningEntry.filed_child.is_null())
                .execute()
            )
        except IntegrityError:  # linked elsewhere between the check and the update
            raise _linked_elsewhere() from None
        if not linked:
            raise Conflict("a file is linked to this entry already", code="file_already_linked")
        changes = {"entry": [None, entry.id], "filed_child": [None, child.id]}
        audit.record("screening", screening.id, "link_file", actor, now, changes)
        _restore_completion(actor, screening.id, part, child.id, now)
    return ScreeningEntry.get_by_id(entry.id)


def _check_file(child: Child, entry: ScreeningEntry) -> None:
    """The file linked to an entry: one of the entry's village, opened on or after the day
    the entry was recorded (in China), and linked to no other entry; else 422 on child_id."""
    if child.place_id != entry.place_id:
        problem = FieldError(
            "the file is of another village than the family found",
            code="file_of_another_village",
        )
    elif local_date(child.created_at) < local_date(entry.created_at):
        problem = FieldError(
            "the file was opened before the family was found needing one",
            code="file_opened_before_screening",
        )
    elif ScreeningEntry.select().where(ScreeningEntry.filed_child == child.id).exists():
        raise _linked_elsewhere()
    else:
        return
    raise _not_the_file(problem)


def _linked_elsewhere() -> Invalid:
    return _not_the_file(FieldError(
        "the file is linked to another screening entry already", code="file_linked_elsewhere"
    ))  # fmt: skip


def _not_the_file(problem: FieldError) -> Invalid:
    return Invalid("not the file opened for this entry", {"child_id": [problem]},
                   code=problem.code)  # fmt: skip


def _restore_completion(actor: Actor, screening_id: int, part: ScreeningVillage,
                        child_id: int, now: dt.datetime) -> None:  # fmt: skip
    """The village declared done, reopened only by the arrival of the child now linked as a
    file opened (its last reopening names the child, and nothing is left to screen): done
    again, with the moment and the person of its last declaration."""
    part = ScreeningVillage.get_by_id(part.id)
    if part.completed_at is not None:
        return
    declared = None
    reopened_by = None
    for row in (
        AuditEntry.select()
        .where(
            AuditEntry.entity == "screening",
            AuditEntry.entity_id == screening_id,
            AuditEntry.action.in_(("complete", "reopen_village", "restore_village")),
        )
        .order_by(AuditEntry.id)
    ):
        changes = row.changes if not isinstance(row.changes, str) else json.loads(row.changes)
        if part.place_id not in (changes.get("completed") or []):
            continue
        if row.action == "complete":
            declared, reopened_by = row, None
        elif row.action == "restore_village":  # done again as declared before
            reopened_by = None
        else:
            reopened_by = (changes.get("child") or [None, None])[1]
    if declared is None or reopened_by != child_id:
        return
    if _left_to_screen(screening_id, part.place_id):
        return
    restored = (
        ScreeningVillage.update(completed_at=declared.at, completed_by=declared.actor_id)
        .where(ScreeningVillage.id == part.id, ScreeningVillage.completed_at.is_null())
        .execute()
    )
    if restored:
        changes = {"completed": [None, part.place_id], "child": [child_id, None]}
        audit.record("screening", screening_id, "restore_village", actor, now, changes)
