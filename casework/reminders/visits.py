"""Overdue visits (docs/domain.md, "Visits"): regular visits, follow-ups of report cases in
monitoring, and the pace of home-delivered education.

The SQL picks out only what is overdue (set-based, on the visit indexes). The schedule
functions of casework.rules.visits, which the visit lists use too, date the follow-ups; the
regular visits, one statement over every child, are dated row by row by the database as those
functions do (tests/jobs/test_regular_visit_due.py holds the two to the same day), so that both
say the same thing about when a visit was due. A scan judges by the visit cadence in force on
its day in each county (county policy "visit_cadence", and the cadence of the county's own
categories, "child_category"): the counties that share a cadence are scanned together, all at
once when they all share one. Each reminder keeps the newest version, that day, of the
cadence values its rule reads, the regular visits' of the county's own categories too
(cadence_policy).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from peewee import JOIN, SQL, Case, Cast, Expression, Value, fn

from casework.clock import stored_date
from casework.db import is_sqlite
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


def _regular_terms(child, policy: schedule.VisitPolicy, last, open_report):
    """(anchor, monthly, registered) of a child row, given `last` (SQL: its last regular or
    follow-up visit) and `open_report` (SQL: it has an open report case): the anchor is the
    last visit, or the day the file was opened; monthly by the cadence (guardianship
    difficulty or an open report by default); registered: counted as any category
    (child.categories)."""
    anchor = fn.COALESCE(last, fn.DATE(child.created_at))
    registered = (fn.LENGTH(child.categories) > 2) | open_report  # counted as any: not "[]"
    registered &= child.state == ON_REGISTER  # a child off the register is not visited
    return anchor, monthly_visits(child, open_report, policy), registered


def _subqueries(child):
    """(last, open_report) of one child row as correlated subqueries: for reading a few
    children (a reminder's own, on resolving)."""
    last = Visit.select(fn.MAX(Visit.visited_on)).where(
        Visit.child == child.id, Visit.kind.in_(schedule.COUNTS_AS_REGULAR)
    )
    open_report = fn.EXISTS(
        ReportCase.select(SQL("1")).where(
            ReportCase.child == child.id, ReportCase.state.in_(OPEN_REPORT)
        )
    )
    return last, open_report


def _last_regular_visits():
    """Each child's last regular or follow-up visit (child_id, last): for reading every
    child, one grouped read of the visits joined to them. A subquery per child was read again
    for every place the anchor appears in the statement (neither database shares it)."""
    return (
        Visit.select(Visit.child, fn.MAX(Visit.visited_on).alias("last"))
        .where(Visit.kind.in_(schedule.COUNTS_AS_REGULAR))
        .group_by(Visit.child)
    )


def _open_report_children():
    return ReportCase.select(ReportCase.child).where(ReportCase.state.in_(OPEN_REPORT)).distinct()


def _overdue_since(today: dt.date, period: schedule.Period) -> dt.date:
    """A visit is overdue once no visit was made in the period before today's: the anchor
    lies before the start of that previous period (schedule.regular_due says the same)."""
    this_period = schedule.period_start(today, period)
    return schedule.period_start(this_period - dt.timedelta(days=1), period)


def _regular_overdue(child, today: dt.date, policy: schedule.VisitPolicy, counties, terms):
    """(anchor, monthly, overdue) of a child row, `terms` its (last, open_report)."""
    anchor, monthly, registered = _regular_terms(child, policy, *terms)
    by_month = anchor < _overdue_since(today, schedule.Period.MONTH)
    by_quarter = anchor < _overdue_since(today, schedule.Period.QUARTER)
    overdue = registered & ((monthly & by_month) | by_quarter)
    return anchor, monthly, overdue & in_counties(child.place, counties)


def _period_due_at(anchor, period: schedule.Period):
    """SQL: the end (a naive UTC timestamp, as `end_of_day` gives) of the period after the
    anchor's (a date): the due day of schedule.regular_due, computed by the database for each
    row (China keeps no summer time, so the end of a day is its date plus a fixed offset)."""
    day = dt.date(2000, 1, 1)
    seconds = int((end_of_day(day) - dt.datetime.combine(day, dt.time())).total_seconds())
    months = 2 if period is schedule.Period.MONTH else 6  # the period's start, two periods on
    if is_sqlite():
        start = fn.DATE(anchor, "start of month")
        if period is schedule.Period.QUARTER:
            # months back to the quarter's first (peewee's % operator is GLOB)
            back = fn.PRINTF("-%d months", Expression(fn.STRFTIME("%m", anchor) - 1, "%", 3))
            start = fn.DATE(anchor, "start of month", back)
        return fn.DATETIME(start, f"+{months} months", "-1 day", f"+{seconds} seconds")
    unit = "month" if period is schedule.Period.MONTH else "quarter"
    start = fn.DATE_TRUNC(unit, Cast(anchor, "timestamp"))
    # an interval adds its months, then its days, then its time, as SQLite's modifiers do
    return start + SQL(f"INTERVAL '{months} months -1 days {seconds} seconds'")


@dataclass(frozen=True)
class RegularVisitOverdue(ChildRule):
    """A registered child not visited in time (monthly or quarterly). The due instance is the
    anchor (last visit, or the file's opening), so a visit ends the episode."""

    cadence_keys = cp.REGULAR_KEYS

    def creates(self, now: dt.datetime, since: dt.datetime | None = None) -> list:
        today = local_date(now)
        return [self._creates(now, today, *cadence) for cadence in cadences(today)]

    def _creates(self, now, today, policy, counties):
        """One INSERT per cadence: every child's last visit and open report joined once,
        each row dated by its own anchor (a statement per period of anchors read every child
        again for each)."""
        last, reported = _last_regular_visits().alias("last_visit"), _open_report_children()
        reported = reported.alias("open_report")
        village, township = Place.alias("village"), Place.alias("township")
        terms = (last.c.last, reported.c.child_id.is_null(False))
        anchor, monthly, overdue = _regular_overdue(Child, today, policy, counties, terms)
        due_at = Case(
            None,
            [(monthly, _period_due_at(anchor, schedule.Period.MONTH))],
            _period_due_at(anchor, schedule.Period.QUARTER),
        )
        row = self.fields(Child.id, Cast(anchor, "TEXT"), township.parent, SQL("NULL"), due_at, now)
        select = (
            Child.select(*row)
            .join(village, JOIN.LEFT_OUTER, on=(village.id == Child.place))
            .join(township, JOIN.LEFT_OUTER, on=(township.id == village.parent))
            .join(last, JOIN.LEFT_OUTER, on=(last.c.child_id == Child.id))
            .join(reported, JOIN.LEFT_OUTER, on=(reported.c.child_id == Child.id))
            .where(overdue)
        )
        return self.insert(select)

    def resolve(self, now: dt.datetime):
        child, today = Child.alias("subject"), local_date(now)
        cleared = []
        for policy, counties in cadences(today):
            terms = _subqueries(child)
            anchor, _, overdue = _regular_overdue(child, today, policy, None, terms)
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
