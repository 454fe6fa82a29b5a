"""Who a reminder goes to: the user holding a role where the case lies, found in SQL."""

from __future__ import annotations

from peewee import fn

from casework.models import Place, Reminder, User


def _matches(user, case, scope: str):
    if scope == "county":
        return user.place == case.county
    if scope == "institution":
        return user.institution == case.institution
    if scope == "place":
        return user.place == case.place
    if scope == "township":
        place = Place.alias("case_place")
        return user.place == place.select(place.parent).where(place.id == case.place)
    raise ValueError(f"unknown responsibility scope {scope!r}")


def holder(case, role: str, scope: str):
    """A scalar subquery: the first active user with `role` in the case's `scope`.

    One user per reminder, so that it is read, snoozed and answered once; the lowest id keeps
    the choice stable from run to run."""
    user = User.alias("holder")
    return user.select(fn.MIN(user.id)).where(
        user.role == str(role),
        user.active == True,  # noqa: E712 (peewee builds SQL from ==)
        _matches(user, case, scope),
    )


def holder_for_reminder(model, role: str, scope: str):
    """The same, for the case a reminder row is about (used in UPDATE reminder ...)."""
    case = model.alias("reminded_case")
    user = User.alias("supervisor")
    return (
        user.select(fn.MIN(user.id))
        .join(case, on=_matches(user, case, scope))
        .where(case.id == Reminder.entity_id, user.role == str(role), user.active == True)  # noqa: E712
    )
