"""Overdue visits (docs/domain.md, "Visits"): regular visits, follow-ups of report cases in
monitoring, and the pace of home-delivered education.

The SQL picks out only what is overdue (set-based, on the visit indexes); the schedule
functions of casework.rules.visits, which the visit lists use too, then date the few groups
left, so that both say the same thing about when a visit was due. A scan judges by the visit
cadence in force on its day in each county (county policy "visit_cadence", and the cadence of
the county's own categories, "child_category"): the counties that share a cadence are scanned
together, all at once when they all share one. Each reminder keeps the newest version, that
day, of the cadence values its rule reads, the regular visits' of the county's own categories
too (cadence_policy).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from peewee import SQL, Cast, Value, fn

from casework.clock import stored_date
from casework.models import Child, Place, Reminder, ReportCase, Visit
from casework.queries import county_policy
from casework.reminders.calendar_math import end_of_day, local_midnight
from casework.reminders.rules import Rule
from casework.rules import county_policy as cp
from casework.rules import visits as schedule
from casework.rules.deadlines import local_date
from casework.vocabulary import Role
from casework.workflows.definition import Responsible
from casework.workflows.register import RegisterState
from casework.workflows.report import OPEN as OPEN_REPORT
from casework.workflows.report import ReportState

ON_REGISTER = RegisterState.ON_REGISTER.value
LOOKBACK_MONTHS = 3  # closed months checked for home-education pace


def county_of(place):
    """The county of a village (a scalar subquery: the parent of its township)."""
    village, township = Place.alias("village"), Place.alias("township")
    return (
        township.select(township.parent)
        .join(village, on=(village.parent == township.id))
        .where(village.id == place)
    )


def cadences(today: dt.date) -> list[tuple[schedule.VisitPolicy, list[int] | None]]:
    """The visit cadences in force on `today`, each with its counties (None: every county,
    when they all share one)."""
    groups = county_policy.visit_policies(today)
    if len(groups) <= 1:
        return [(next(iter(groups), schedule.DEFAULT_POLICY), None)]
    return list(groups.items())


def in_counties(place, counties: list[int] | None):
    """SQL: the place (a column) lies in one of the counties; anywhere for None."""
    if counties is None:
        return Value(True)
    paths = [Place.path.startswith(f"/{county}/") for county in counties]
    return place.in_(Place.select(Place.id).where(reduce(operator.or_, paths)))


def reminder_in(counties: list[int] | None):
    return Value(True) if counties is None else Reminder.county.in_(counties)


def monthly_visits(child, open_report, policy: schedule.VisitPolicy):
    """SQL: the child is visited monthly under `policy` (a category the cadence visits monthly,
    or an open report case where that is monthly). The categories are JSON kept as text: the
    quoted code is matched, past the field's JSON converter."""
    monthly = [child.categories ** Value(f'%"{c}"%', converter=False)
               for c in sorted(policy.monthly_categories)]  # fmt: skip
    if policy.monthly_open_report:
        monthly.append(open_report)
    return reduce(operator.or_, monthly) if monthly else Value(False)


@dataclass(frozen=True)
class ChildRule(Rule):
    """A rule about a registered child: the reminder's subject is the child's file."""

    def child_row(self, child, instance, due_at, now) -> list:
        return self.fields(child.id, instance, county_of(child.place), SQL("NULL"), due_at, now)


def _regular_terms(child, policy: schedule.VisitPolicy):
    """(anchor, monthly, registered) of a child row: the last regular or follow-up visit, or
    the day the file was opened; monthly by the cadence (guardianship difficulty or an open
    report by default); registered: counted as any category (child.categories)."""
    last = Visit.select(fn.MAX(Visit.visited_on)).where(
        Visit.child == child.id, Visit.kind.in_(schedule.COUNTS_AS_REGULAR)
    )
    open_report = fn.EXISTS(
        ReportCase.select(SQL("1")).where(
            ReportCase.child == child.id, ReportCase.state.in_(OPEN_REPORT)
        )
    )
    anchor = fn.COALESCE(last, fn.DATE(child.created_at))
    registered = (fn.LENGTH(child.categories) > 2) | open_report  # counted as any: not "[]"
    registered &= child.state == ON_REGISTER  # a child off the register is not visited
    return anchor, monthly_visits(child, open_report, policy), registered


def _overdue_since(today: dt.date, period: schedule.Period) -> dt.date:
    """A visit is overdue once no visit was made in the period before today's: the anchor
    lies before the start of that previous period (schedule.regular_due says the same)."""
    this_period = schedule.period_start(today, period)
    return schedule.period_start(this_period - dt.timedelta(days=1), period)


def _regular_overdue(child, today: dt.date, policy: schedule.VisitPolicy, counties):
    anchor, monthly, registered = _regular_terms(child, policy)
    by_month = anchor < _overdue_since(today, schedule.Period.MONTH)
    by_quarter = anchor < _overdue_since(today, schedule.Period.QUARTER)
    overdue = registered & ((monthly & by_month) | by_quarter)
    return anchor, monthly, overdue & in_counties(child.place, counties)


@dataclass(frozen=True)
class RegularVisitOverdue(ChildRule):
    """A registered child not visited in time (monthly or quarterly). The due instance is the
    anchor (last visit, or the file's opening), so a visit ends the episode."""

    cadence_keys = cp.REGULAR_KEYS

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        today = local_date(now)
        return [q for cadence in cadences(today) for q in self._creates(now, today, *cadence)]

    def _creates(self, now, today, policy, counties) -> list:
        anchor, monthly, overdue = _regular_overdue(Child, today, policy, counties)
        groups: dict[tuple[bool, dt.date], dt.date] = {}
        for row in Child.select(anchor, monthly).where(overdue).distinct().tuples():
            period = schedule.Period.MONTH if row[1] else schedule.Period.QUARTER
            day = stored_date(row[0])
            due = schedule.regular_due(day, period, today)
            groups[(bool(row[1]), schedule.period_start(day, period))] = due.due_on
        terms = (now, today, policy, counties)
        return [self._group(*terms, *key, due_on) for key, due_on in sorted(groups.items())]

    def _group(self, now, today, policy, counties, monthly_flag, start, due_on):
        anchor, monthly, overdue = _regular_overdue(Child, today, policy, counties)
        period = schedule.Period.MONTH if monthly_flag else schedule.Period.QUARTER
        row = self.child_row(Child, Cast(anchor, "TEXT"), Value(end_of_day(due_on)), now)
        select = Child.select(*row).where(
            overdue,
            monthly if monthly_flag else ~monthly,
            anchor.between(start, schedule.period_end(start, period)),
        )
        return self.insert(select)

    def resolve(self, now: dt.datetime):
        child, today = Child.alias("subject"), local_date(now)
        cleared = []
        for policy, counties in cadences(today):
            anchor, _, overdue = _regular_overdue(child, today, policy, None)
            still = child.select(SQL("1")).where(
                child.id == Reminder.entity_id, overdue, Cast(anchor, "TEXT") == Reminder.instance
            )
            cleared.append(reminder_in(counties) & ~fn.EXISTS(still))
        return self.resolved(now, reduce(operator.or_, cleared))


def _follow_ups_since(case, day: dt.date):
    return Visit.select(SQL("1")).where(Visit.case == case.id, Visit.visited_on >= day)


def _last_follow_up(case):
    return Visit.select(fn.MAX(Visit.visited_on)).where(Visit.case == case.id)


@dataclass(frozen=True)
class MonitoringVisitOverdue(Rule):
    """A report case in monitoring without a follow-up visit for more than 14 days (the
    county's cadence; from the last visit, or from the day monitoring began). The due
    instance is that day."""

    cadence_keys = ("monitoring_days",)

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        today = local_date(now)
        return [q for cadence in cadences(today) for q in self._creates(now, today, *cadence)]

    def _creates(self, now, today, policy, counties) -> list:
        limit = today - dt.timedelta(days=policy.monitoring_days)
        last = _last_follow_up(ReportCase)
        overdue = ReportCase.select(ReportCase.id, last, ReportCase.state_entered_at).where(
            ReportCase.state == ReportState.MONITORING,
            ReportCase.state_entered_at < local_midnight(limit),
            ~fn.EXISTS(_follow_ups_since(ReportCase, limit)),
        )
        if counties is not None:
            overdue = overdue.where(ReportCase.county.in_(counties))
        by_anchor: dict[dt.date, list[int]] = {}
        for case_id, last_visit, entered in overdue.tuples():
            entered_on = local_date(entered if isinstance(entered, dt.datetime) else _ts(entered))
            anchor = max(stored_date(last_visit), entered_on) if last_visit else entered_on
            by_anchor.setdefault(anchor, []).append(case_id)
        return [self._group(now, anchor, ids, policy) for anchor, ids in sorted(by_anchor.items())]

    def _group(self, now, anchor, ids, policy):
        due = schedule.monitoring_due(anchor, local_date(now), policy)
        row = self.row(ReportCase, Value(anchor.isoformat()), Value(end_of_day(due.due_on)), now)
        return self.insert(ReportCase.select(*row).where(ReportCase.id.in_(ids)))

    def resolve(self, now: dt.datetime):
        case = ReportCase.alias("subject")
        visited_since = Visit.select(SQL("1")).where(
            Visit.case == case.id, Cast(Visit.visited_on, "TEXT") > Reminder.instance
        )
        still = case.select(SQL("1")).where(
            case.id == Reminder.entity_id,
            case.state == ReportState.MONITORING,
            ~fn.EXISTS(visited_since),
        )
        return self.resolved(now, ~fn.EXISTS(still))


def _ts(value) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


DIRECTOR: dict[str, Any] = dict(role=Role.CHILD_DIRECTOR, scope="place")
REGULAR_VISIT_OVERDUE = RegularVisitOverdue(
    "visit.regular_overdue",
    "child",
    Child,
    Responsible(
        **DIRECTOR,
        supervisor=Role.CHILD_SUPERVISOR,
        supervisor_scope="township",
        title="定期走访超期",
    ),  # fmt: skip
)
# The case worker owns the case: told when the follow-up (by the village's director, or by
# the case worker where the village has none) is late.
MONITORING_VISIT_OVERDUE = MonitoringVisitOverdue(
    "visit.monitoring_overdue",
    "report",
    ReportCase,
    Responsible(
        **DIRECTOR,
        supervisor=Role.CASE_WORKER,
        supervisor_scope="county",
        title="监测期跟踪回访超期",
    ),  # fmt: skip
)
