"""Who a reminder goes to: whoever holds the responsibility now, found in SQL on every scan.

A rule's `Responsible` names a role and a scope; where nobody active holds it, the reminder
climbs the place tree (village child director -> township child supervisor -> county case
worker), then goes to the rule's supervisor, and last to the county admin. A reminder that only
the admin (or nobody at all) can receive is *unreachable*: someone must be appointed, so it is
flagged and counted. Reminders are routed again on every scan, so an appointment, a move or a
deactivation changes who receives them at the next scan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import Select, fn

from casework.models import HomeEducation, Place, Reminder, User
from casework.vocabulary import Role

if TYPE_CHECKING:
    from casework.reminders.rules import Rule

Level = tuple[str, str]  # (role, scope)
# The place tree, from the village up: each level takes over where the one below is empty.
LADDER: tuple[Level, ...] = (
    (Role.CHILD_DIRECTOR, "place"),
    (Role.CHILD_SUPERVISOR, "township"),
    (Role.CASE_WORKER, "county"),
)
COUNTY_ADMIN: Level = (Role.ADMIN, "county")


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
    if scope == "department":  # its staff at the county's office or the family's township's
        place = Place.alias("case_place")
        township = place.select(place.parent).where(place.id == case.place)
        offices = (
            (user.place == case.county) | (user.place == township) | (user.place == case.place)
        )
        return (user.department == case.department) & offices
    raise ValueError(f"unknown responsibility scope {scope!r}")


def _climb(levels: list[Level], level: Level) -> None:
    if level in levels:
        return
    levels.append(level)
    if level in LADDER:
        for higher in LADDER[LADDER.index(level) + 1 :]:
            _climb(levels, higher)


def chain(rule: Rule) -> tuple[Level, ...]:
    """The levels that answer for a rule's reminders, in order (the admin not included).
    A rule with a `handler` (the person handling the case) starts with that person instead of
    the role."""
    r = rule.responsible
    levels: list[Level] = []
    if rule.handler is None:
        _climb(levels, (str(r.role), r.scope))
    _climb(levels, (str(r.supervisor), r.supervisor_scope))
    return tuple(levels)


def supervision(rule: Rule) -> tuple[Level, ...]:
    """The levels an escalation goes to: the supervisor and those above, then the admin."""
    r = rule.responsible
    levels: list[Level] = []
    _climb(levels, (str(r.supervisor), r.supervisor_scope))
    return (*levels, COUNTY_ADMIN)


def _holder(model, level: Level):
    """A scalar subquery: an active user holding `level` for the reminder's case (used in
    UPDATE reminder ...): its assignee while they hold it (one a hand-over chose stays), else
    the first. The county scope reads the reminder's own county column."""
    role, scope = level
    user = User.alias("holder")
    active = (user.role == str(role)) & (user.active == True)  # noqa: E712
    if scope == "county":
        holders = user.select().where(active, user.place == Reminder.county)
    else:
        case = model.alias("reminded_case")
        holders = (
            user.select()
            .join(case, on=_matches(user, case, scope))
            .where(case.id == Reminder.entity_id, active)
        )
    kept = holders.select(user.id).where(user.id == Reminder.assignee)
    return fn.COALESCE(kept, holders.select(fn.MIN(user.id)))


def _candidates(rule: Rule) -> list:
    found = []
    if rule.handler is not None:
        found.append(rule.handler())
    return found + [_holder(rule.model, level) for level in chain(rule)]


def _first(values: list):
    """SQL: the first non-null of `values` (SQLite's COALESCE wants two or more)."""
    return values[0] if len(values) == 1 else fn.COALESCE(*values)


def _differs(column, value):
    return fn.COALESCE(column, 0) != fn.COALESCE(value, 0)


def _once(rule: Rule, value, *conditions):
    """A subquery (id, value) over the open reminders of `rule` meeting `conditions`, `value`
    computed once per reminder in a materialized CTE: an UPDATE that both sets a column from a
    ladder and compares the column with it climbs that ladder twice when it is written inline
    (neither database shares a subquery between the places it appears)."""
    computed = (
        Reminder.select(Reminder.id, value.alias("value"))
        .where(Reminder.rule == rule.name, Reminder.state == "open", *conditions)
        .cte("computed", materialized=True)
    )
    # the WITH inside a subquery: a statement starting with WITH is no UPDATE to Python's
    # sqlite3, which then counts no rows changed
    return Select([computed], [computed.c.id, computed.c.value]).with_cte(computed).alias("once")


def routing(rule: Rule, now) -> list:
    """UPDATE statements giving each open reminder of `rule` to who answers for it now, and
    each escalated one to who supervises now. A reminder given to someone new reached them
    now and is e-mailed to them again. Each climbs its ladder once per reminder (_once)."""
    routed = _once(rule, _first(_candidates(rule)))
    answering = routed.c.value
    # the admin's subquery runs only where nobody answers: COALESCE stops at its first value
    assignee = fn.COALESCE(answering, _holder(rule.model, COUNTY_ADMIN))
    route = (
        Reminder.update(
            assignee=assignee,
            reached_at=now,
            unreachable=answering.is_null(),
            emailed_at=None,
        )
        .from_(routed)
        .where(
            Reminder.id == routed.c.id,
            _differs(Reminder.assignee, assignee) | Reminder.reached_at.is_null(),
        )
    )
    escalated = _once(rule, escalation_target(rule), Reminder.escalated_at.is_null(False))
    supervisor = escalated.c.value
    reroute = (
        Reminder.update(escalated_to=supervisor, escalation_emailed_at=None)
        .from_(escalated)
        .where(Reminder.id == escalated.c.id, _differs(Reminder.escalated_to, supervisor))
    )
    return [route, reroute]


def escalation_target(rule: Rule):
    """The first active supervisor above the reminder's assignee (never the assignee)."""
    return _first(
        [fn.NULLIF(_holder(rule.model, level), Reminder.assignee) for level in supervision(rule)]
    )


def latest_teacher():
    """A handler: the active teacher of the child's latest home education."""
    teacher = User.alias("teacher")
    return (
        HomeEducation.select(HomeEducation.teacher)
        .join(teacher, on=(teacher.id == HomeEducation.teacher))
        .where(HomeEducation.child == Reminder.entity_id, teacher.active == True)  # noqa: E712
        .order_by(HomeEducation.started_on.desc(), HomeEducation.id.desc())
        .limit(1)
    )


def unreachable_open() -> int:
    """Open reminders that reached only the county admin, or nobody."""
    return (
        Reminder.select()
        .where(Reminder.state == "open", Reminder.unreachable == True)  # noqa: E712
        .count()
    )
