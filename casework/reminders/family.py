"""A left-behind child's parent working away has not been in touch for longer than the
county allows (county policy `parent_contact`, 60 days unless the county sets it): the
child director is reminded, the township's supervisor told when it stays open.

One reminder per parent and lapse: its instance is the parent's role and the day counted
from (the last contact recorded, else the day the parent went away, else the day the file
was opened), so a contact ends it and a later lapse raises a new one. Only children on the
register who count as left behind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, SQL, Cast, Value, fn

from casework.db import is_sqlite
from casework.models import Child, ParentContact, ParentFact, Place, Reminder
from casework.queries.county_policy import contact_days
from casework.reminders.calendar_math import end_of_day
from casework.reminders.visits import ON_REGISTER, ChildRule, in_counties
from casework.rules.deadlines import local_date
from casework.vocabulary import ParentSituation, PlaceLevel, Role
from casework.workflows.definition import Responsible

AWAY = ParentSituation.WORKING_AWAY.value


def _last_contact(parent, child):
    """The parent's last contact: a subquery, for reading a few parents (a reminder's own)."""
    return ParentContact.select(fn.MAX(ParentContact.contacted_on)).where(
        ParentContact.child == child.id, ParentContact.role == parent.role
    )


def _last_contacts():
    """Every parent's last contact (child_id, role, last): one grouped read of the contacts,
    for reading every parent; a subquery per parent was read again for each place the day
    counted from appears in the statement (neither database shares it)."""
    return ParentContact.select(
        ParentContact.child, ParentContact.role, fn.MAX(ParentContact.contacted_on).alias("last")
    ).group_by(ParentContact.child, ParentContact.role)


def _anchor(parent, child, last):
    """The day counted from, as a date: the last contact (`last`, SQL), the day away, the
    file's opening."""
    return fn.COALESCE(last, parent.since, fn.DATE(child.created_at))


def _lapsed(parent, child, counties: list[int] | None, since: dt.date, last):
    """Conditions: a working-away parent of a left-behind child on the register in one of
    the counties (None: any), counted from `since` or earlier (the county's days have
    passed)."""
    left_behind = child.categories ** Value('%"left_behind"%', converter=False)
    return (
        (parent.situation == AWAY)
        & (child.state == ON_REGISTER)
        & left_behind
        & in_counties(child.place, counties)
        & (_anchor(parent, child, last) <= since)
    )


def _counties() -> list[int]:
    return [p.id for p in Place.select(Place.id).where(Place.level == PlaceLevel.COUNTY)]


def _by_days(today: dt.date) -> list[tuple[int, list[int] | None]]:
    """The counties grouped by their days on `today` (None: every county, when they share
    one), so that a province of counties keeping the default is scanned in one statement:
    a statement per county read every child of the province once per county."""
    groups: dict[int, list[int]] = {}
    for county_id in _counties():
        groups.setdefault(contact_days(county_id, today), []).append(county_id)
    if len(groups) <= 1:
        return [(next(iter(groups), contact_days(None, today)), None)]
    return sorted(groups.items())


def _due_at(anchor, days: int):
    """The end of the China day `days` after `anchor` (a date), as the naive UTC timestamp
    `end_of_day` gives, computed by the database: the day's midnight plus a fixed offset
    (China keeps no summer time)."""
    day = dt.date(2000, 1, 1)
    offset = end_of_day(day + dt.timedelta(days=days)) - dt.datetime.combine(day, dt.time())
    seconds = int(offset.total_seconds())
    if is_sqlite():
        return fn.DATETIME(anchor, f"+{seconds} seconds")
    return Cast(anchor, "timestamp") + SQL(f"INTERVAL '{seconds} seconds'")


@dataclass(frozen=True)
class ParentContactLapsed(ChildRule):
    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        """One INSERT per group of counties keeping the same days, the due time and the
        instance computed from each row's own day: a province has hundreds of counties and
        each of them hundreds of days counted from, too many for a statement per day."""
        today = local_date(now)
        inserts = []
        for days, counties in _by_days(today):
            before = today - dt.timedelta(days=days)
            contacts = _last_contacts().alias("last_contact")
            village, township = Place.alias("village"), Place.alias("township")
            anchor = fn.DATE(_anchor(ParentFact, Child, contacts.c.last))
            instance = ParentFact.role.concat(":").concat(anchor)
            row = self.fields(
                Child.id, instance, township.parent, SQL("NULL"), _due_at(anchor, days), now
            )
            joined = (contacts.c.child_id == Child.id) & (contacts.c.role == ParentFact.role)
            select = (
                ParentFact.select(*row)
                .join(Child, on=(ParentFact.child == Child.id))
                .join(village, JOIN.LEFT_OUTER, on=(village.id == Child.place))
                .join(township, JOIN.LEFT_OUTER, on=(township.id == village.parent))
                .join(contacts, JOIN.LEFT_OUTER, on=joined)
                .where(_lapsed(ParentFact, Child, counties, before, contacts.c.last))
            )
            inserts.append(self.insert(select))
        return inserts

    def resolve(self, now: dt.datetime):
        """Resolved once the parent got in touch, came home, or the child no longer counts as
        left behind or left the register: no lapse with the reminder's instance remains."""
        child, parent = Child.alias("subject"), ParentFact.alias("parent")
        today = local_date(now)
        still = []
        for days, counties in _by_days(today):
            before = today - dt.timedelta(days=days)
            last = _last_contact(parent, child)
            instance = parent.role.concat(":").concat(fn.DATE(_anchor(parent, child, last)))
            still.append(
                parent.select(SQL("1"))
                .join(child, on=(parent.child == child.id))
                .where(
                    child.id == Reminder.entity_id,
                    _lapsed(parent, child, counties, before, last),
                    instance == Reminder.instance,
                )
            )
        exists = fn.EXISTS(still[0]) if still else Value(False)
        for query in still[1:]:
            exists |= fn.EXISTS(query)
        return self.resolved(now, ~exists)


PARENT_CONTACT_LAPSED = ParentContactLapsed(
    "family.parent_contact_lapsed",
    "child",
    Child,
    Responsible(
        role=Role.CHILD_DIRECTOR,
        scope="place",
        supervisor=Role.CHILD_SUPERVISOR,
        supervisor_scope="township",
        title="留守儿童父母长期未联系",
    ),
)
