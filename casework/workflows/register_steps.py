"""Guards and effects of the register's actions: what each checks and records.

Leaving keeps the file as it is and records why and when; coming back, or being taken over
by the county the child moved to, clears that and (a take-over) moves the file there."""

from __future__ import annotations

import datetime as dt

from casework.errors import FieldError, Invalid, NotPermitted
from casework.models import Child, Place
from casework.rules.family import age_on, birthday
from casework.vocabulary import LeaveReason, PlaceLevel, Role
from casework.workflows.definition import ActionContext, Actor, Case

ADULT_AT = 18
R = LeaveReason


def own_area(actor: Actor, case: Case) -> bool:
    """The child's own county, township or village (not the county it moved to)."""
    if actor.role == Role.SYSTEM:
        return True
    return bool(actor.place_path) and case.place_path.startswith(actor.place_path)


def receiving_county(actor: Actor, case: Case) -> bool:
    """The county the child moved to, which may take the file over."""
    return (
        case.left_reason == R.MOVED_OUT
        and case.moved_to_county_id is not None
        and case.moved_to_county_id == actor.county_id
    )


def _left_on(ctx: ActionContext) -> dt.date:
    """The day given, if it is possible: not after today, not before the birth."""
    day: dt.date = ctx.data["left_on"]
    if day > ctx.today:
        wrong = FieldError("a day after today", code="date_in_future")
    elif day < ctx.case.record.birth_date:
        wrong = FieldError("before the child was born", code="before_birth")
    else:
        return day
    raise Invalid("the day is not possible", {"left_on": [wrong]}, code="invalid_left_on")


def _leave(ctx: ActionContext, reason: LeaveReason, day: dt.date) -> None:
    record = ctx.case.record
    ctx.change("left_reason", record.left_reason, str(reason), column="left_reason")
    ctx.change("left_on", _iso(record.left_on), day.isoformat(), column="left_on")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def moved_out(ctx: ActionContext) -> None:
    day = _left_on(ctx)
    county_id = ctx.data["to_county_id"]
    if county_id is not None:
        county = Place.get_or_none(id=county_id)
        if county is None or county.level != PlaceLevel.COUNTY:
            wrong = FieldError("no such county", code="not_a_county")
            raise Invalid("unknown county", {"to_county_id": [wrong]}, code="unknown_county")
        if county.id == ctx.case.record.place.county_id:
            wrong = FieldError("that is the child's own county", code="same_county")
            raise Invalid("not a move", {"to_county_id": [wrong]}, code="unknown_county")
    _leave(ctx, R.MOVED_OUT, day)
    record = ctx.case.record
    ctx.change("moved_to", record.moved_to, ctx.data["moved_to"], column="moved_to")
    ctx.change("moved_to_county", record.moved_to_county_id, county_id, column="moved_to_county")


def died(ctx: ActionContext) -> None:
    _leave(ctx, R.DIED, _left_on(ctx))


def out_of_difficulty(ctx: ActionContext) -> None:
    _leave(ctx, R.OUT_OF_DIFFICULTY, _left_on(ctx))


def came_of_age(ctx: ActionContext) -> None:
    """On the eighteenth birthday, or on the first run after it (a scheduler that was down)."""
    birth: dt.date = ctx.case.record.birth_date
    if age_on(birth, ctx.today) < ADULT_AT:
        raise Invalid(
            "the child is not eighteen yet",
            {"birth_date": [FieldError("under eighteen", code="not_yet_of_age")]},
            code="not_yet_of_age",
        )
    _leave(ctx, R.CAME_OF_AGE, birthday(birth, ADULT_AT))


def back_on(ctx: ActionContext) -> None:
    """Back on the register: an adult stays off it."""
    if age_on(ctx.case.record.birth_date, ctx.today) >= ADULT_AT:
        raise NotPermitted("an adult is not put back on the register", code="adult_stays_off")
    _clear(ctx)


def take_over(ctx: ActionContext) -> None:
    """The receiving county moves the file to one of its villages: the same file, not a
    copy; its history goes with it."""
    place = Place.get_or_none(id=ctx.data["place_id"])
    if place is None or place.level != PlaceLevel.VILLAGE or place.county_id != ctx.actor.county_id:
        wrong = FieldError("a village of your county", code="not_a_village")
        raise Invalid("not a village of yours", {"place_id": [wrong]}, code="invalid_child_file")
    back_on(ctx)
    ctx.change("place", ctx.case.record.place_id, place.id, column="place")


def _clear(ctx: ActionContext) -> None:
    record: Child = ctx.case.record
    ctx.change("left_reason", record.left_reason, None, column="left_reason")
    ctx.change("left_on", _iso(record.left_on), None, column="left_on")
    if record.moved_to or record.moved_to_county_id:
        ctx.change("moved_to", record.moved_to, "", column="moved_to")
        ctx.change("moved_to_county", record.moved_to_county_id, None, column="moved_to_county")
