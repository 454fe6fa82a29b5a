"""The county's rates as of a moment: counted from dated rows and the audit log, so that what
was recorded after `as_of` (a later approval, a payment, a lesson entered late, a budget
changed) never alters a figure already given for it. Villages are counted; townships and the
county are their sums (casework/rules/rates.py).

`as_of` is a stored (naive UTC) moment; a day's figures are taken as of its end in China
(the caller converts)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from peewee import Select, fn

from casework.models import (
    AuditEntry,
    Child,
    Claim,
    HomeEducation,
    Place,
    PolicyVersion,
    RehabApplication,
    ReportCase,
    Screening,
    ScreeningEntry,
    Visit,
)
from casework.queries import county_policy
from casework.reminders.calendar_math import end_of_day, local_midnight
from casework.rules import visits as schedule
from casework.rules.county_policy import CADENCE_KINDS, Kind, Version, county_visit_policy
from casework.rules.deadlines import local_date
from casework.rules.rates import Handled, Rate, visit_periods
from casework.settings import Settings
from casework.vocabulary import PlaceLevel, ScreeningResult, VisitKind
from casework.workflows.claim import ClaimState
from casework.workflows.register import RegisterState
from casework.workflows.registry import WORKFLOWS
from casework.workflows.rehab import RehabState as S
from casework.workflows.report import OPEN as OPEN_REPORT
from casework.workflows.report import ReportState

# An application counts as aid granted once approved, unless it was later withdrawn.
AIDED_STATES = (
    S.APPROVED,
    S.REFERRED,
    S.ACCEPTED,
    S.AGREED,
    S.IN_REHABILITATION,
    S.DROPPED_OUT,
    S.COMPLETED,
    S.SETTLED,
    S.CLOSED,
)
BUDGET_KEY = "yuan"  # the one key of the aid budget: the year's amount in yuan


def aid_target(county_id: int, day: dt.date, settings: Settings) -> int:
    """The county's target of children aided in `day`'s year, as set on `day` (its county
    policy; the deployment's figure, CASEWORK_AID_TARGET, where the county set none)."""
    return county_policy.aid_target(county_id, day.year, day, settings.aid_target)


def township_of(county_id: int) -> dict[int, int]:
    """Each village of the county -> its township."""
    rows = Place.select(Place.id, Place.parent).where(
        Place.path.startswith(f"/{county_id}/"), Place.level == PlaceLevel.VILLAGE
    )
    return dict(rows.tuples())


def _states_as_of(entity: str, ids: list[int], as_of: dt.datetime) -> dict[int, str]:
    """Each record's state as of `as_of`: the state its last audited change by then led to
    (absent for a record with no state change by then)."""
    last = (
        AuditEntry.select(AuditEntry.entity_id, fn.MAX(AuditEntry.id).alias("last"))
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id.in_(ids),
            AuditEntry.to_state.is_null(False),
            AuditEntry.at <= as_of,
        )
        .group_by(AuditEntry.entity_id)
    )
    rows = AuditEntry.select(AuditEntry.entity_id, AuditEntry.to_state).where(
        AuditEntry.id.in_(last.select(fn.MAX(AuditEntry.id)))
    )
    return dict(rows.tuples())


def aided_as_of(county_id: int, year: int, as_of: dt.datetime) -> dict[int, set[int]]:
    """Children granted aid in aid year `year` as of `as_of`, by the village applied from:
    an application counts where its state by then was one of the aided states."""
    A = RehabApplication
    rows = list(
        A.select(A.id, A.child, A.place)
        .where(A.county == county_id, A.aid_year == year, A.created_at <= as_of)
        .tuples()
    )
    states = _states_as_of("rehab", [r[0] for r in rows], as_of)
    aided: dict[int, set[int]] = defaultdict(set)
    for application, child, village in rows:
        if states.get(application) in AIDED_STATES:
            aided[village].add(child)
    return dict(aided)


def paid_as_of(county_id: int, year: int, as_of: dt.datetime) -> int:
    """Subsidy paid (fen) by the county on claims paid in `year`, as recorded by `as_of`
    (a payment recorded later, even dated earlier, is not yet counted)."""
    claims = Claim.select(Claim.id).where(Claim.county == county_id)
    paid = (
        AuditEntry.select(AuditEntry.entity_id)
        .where(AuditEntry.entity == "claim", AuditEntry.to_state == ClaimState.PAID)
        .where(AuditEntry.at <= as_of)
        # the county's claims' rows only: unbounded, the province's payments were read
        .where(AuditEntry.entity_id.in_(claims))
    )
    total = Claim.select(fn.COALESCE(fn.SUM(Claim.paid_fen), 0)).where(
        Claim.county == county_id,
        Claim.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        Claim.id.in_(paid),
    )
    return int(total.scalar() or 0)


def budget_as_of(county_id: int, as_of: dt.datetime, day: dt.date) -> int | None:
    """The aid budget (yuan) in force on `day` as the county's policy stood at `as_of`
    (a version entered later is left out); None where the county has set none."""
    version = (
        PolicyVersion.select(PolicyVersion.value)
        .where(
            PolicyVersion.county == county_id,
            PolicyVersion.kind == Kind.AID_BUDGET,
            PolicyVersion.key == BUDGET_KEY,
            PolicyVersion.effective_from <= day,
            PolicyVersion.created_at <= as_of,
        )
        .order_by(PolicyVersion.effective_from.desc(), PolicyVersion.id.desc())
        .first()
    )
    return version.value if version else None


def home_hours_as_of(
    county_id: int, school_year_start: dt.date, as_of: dt.datetime, day: dt.date
) -> dict[int, Rate]:
    """Per village: children taught at home in the school year by `day` (due) and those of
    them whose lessons recorded by `as_of` reach the year's 40 class hours (done)."""
    first, last = schedule.school_year(school_year_start)
    until = min(last, day)
    taught = (
        Child.select(Child.id, Child.place)
        .join(HomeEducation)
        .where(
            Child.place.in_(list(township_of(county_id))),
            HomeEducation.started_on <= until,
            HomeEducation.ended_on.is_null() | (HomeEducation.ended_on >= first),
        )
        .distinct()
    )
    taught_rows = list(taught.tuples())
    # the hours of these children only (a county's few dozen): summed over the province's
    # lessons it read every county's (bench/province.py)
    hours = (
        dict(
            Visit.select(Visit.child, fn.SUM(Visit.class_hours))
            .where(
                Visit.child.in_([child for child, _ in taught_rows]),
                Visit.kind == VisitKind.HOME_EDUCATION,
                Visit.visited_on.between(first, until),
                Visit.created_at <= as_of,
            )
            .group_by(Visit.child)
            .tuples()
        )
        if taught_rows
        else {}
    )
    rates: dict[int, Rate] = defaultdict(lambda: Rate(0, 0))
    needed = schedule.DEFAULT_POLICY.home_hours_a_year
    for child, village in taught_rows:
        rates[village] = rates[village] + Rate(int((hours.get(child) or 0) >= needed), 1)
    return dict(rates)


MONITORING = ReportState.MONITORING.value


def visit_policy_as_of(county_id: int, as_of: dt.datetime, day: dt.date) -> schedule.VisitPolicy:
    """The county's visit cadence in force on `day` among the versions entered by `as_of`
    (its own categories visited monthly included, as the visit lists and scans read it)."""
    rows = PolicyVersion.select().where(
        PolicyVersion.county == county_id,
        PolicyVersion.kind.in_([kind.value for kind in CADENCE_KINDS]),
        PolicyVersion.created_at <= as_of,
    )
    found: dict[Kind, list[Version]] = {}
    for r in rows:
        found.setdefault(Kind(r.kind), []).append(
            Version(r.key, r.value, r.effective_from, r.id, r.label)
        )
    return county_visit_policy(found, day)


# The version of how the period rates are counted: figures kept once counted
# (county_rates.PeriodRates.kept) are read back only under the version they were counted by.
# Raise it with any change to what visits_as_of, handled_as_of or registered_as_of give.
COUNTING = 1

# Changes that only moved a value to where it is kept now, its meaning unchanged: not undone
# when reading a field as of before them. Migration 0024 turned the retired difficulty tags
# into clerk-set categories; a tag counted then as the category counts now, so a child the
# tags alone made visited was owed its visits before the migration too.
CARRIED_OVER = {("child", "categories"): frozenset({"migrate_difficulty_tags"})}


def fields_as_of(entity: str, name: str, ids, as_of: dt.datetime) -> dict[int, Any]:
    """For each record whose field `name` changed after `as_of`, its value as of then: the old
    value of the first audited change after it (the others still hold theirs). A change
    that only carried the value over (CARRIED_OVER) is not undone."""
    return fields_as_of_many(entity, (name,), ids, (as_of,))[name, as_of]


def fields_as_of_many(entity: str, names, ids, moments) -> dict[tuple[str, dt.datetime], dict]:
    """`fields_as_of` for each of `names` at each of `moments`, from one reading of the
    changes after the earliest moment (a county's children's history read once, not once a
    field and a period's end)."""
    rows = [
        (entity_id, action, changes, _moment(at))
        for entity_id, action, changes, at in AuditEntry.select(
            AuditEntry.entity_id, AuditEntry.action, AuditEntry.changes, AuditEntry.at
        )
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id.in_(ids),
            AuditEntry.at > min(moments),
        )
        .order_by(AuditEntry.id)
        .tuples()
    ]
    out: dict[tuple[str, dt.datetime], dict] = {}
    for name in names:
        carried = CARRIED_OVER.get((entity, name), frozenset())
        for moment in moments:
            found: dict[int, Any] = {}
            for entity_id, action, changes, at in rows:
                if at <= moment or action in carried:
                    continue
                if isinstance(changes, str):
                    changes = json.loads(changes)
                if name in (changes or {}) and entity_id not in found:
                    found[entity_id] = changes[name][0]
            out[name, moment] = found
    return out


def _left_register(ids, as_of: dt.datetime) -> dict[int, dt.date]:
    """Children off the register as of `as_of`, with the day (in China) they left it."""
    last = (
        AuditEntry.select(fn.MAX(AuditEntry.id))
        .where(
            AuditEntry.entity == "child",
            AuditEntry.entity_id.in_(ids),
            AuditEntry.to_state.is_null(False),
            AuditEntry.from_state != AuditEntry.to_state,
            AuditEntry.at <= as_of,
        )
        .group_by(AuditEntry.entity_id)
    )
    rows = AuditEntry.select(AuditEntry.entity_id, AuditEntry.to_state, AuditEntry.at).where(
        AuditEntry.id.in_(last)
    )
    return {
        child: local_date(at)
        for child, state, at in rows.tuples()
        if state != RegisterState.ON_REGISTER.value
    }


def _open_reports(children, as_of: dt.datetime) -> set[int]:
    """The children (ids, or a query of them) with a mandatory-report case open as of
    `as_of`, each case's child as linked then: a child linked to a case later, or the case
    relinked to another, does not count back (`link_child` is the one action that changes a
    case's child)."""
    relinked = {
        case
        for (case,) in AuditEntry.select(AuditEntry.entity_id)
        .where(
            AuditEntry.entity == "report", AuditEntry.action == "link_child", AuditEntry.at > as_of
        )
        .tuples()
    }
    in_scope = ReportCase.child.in_(children)
    cases = dict(
        ReportCase.select(ReportCase.id, ReportCase.child)
        .where(
            ReportCase.created_at <= as_of,
            (in_scope | ReportCase.id.in_(list(relinked))) if relinked else in_scope,
        )
        .tuples()
    )
    if relinked & cases.keys():
        cases |= fields_as_of("report", "child", list(relinked & cases.keys()), as_of)
    states = _states_as_of("report", [c for c, child in cases.items() if child], as_of)
    # a case relinked since may name a child of another county here: callers ask by child
    return {cases[c] for c, state in states.items() if state in OPEN_REPORT}


def visits_as_of(
    county_id: int, first: dt.date, last: dt.date, as_of: dt.datetime
) -> dict[int, Rate]:
    """Per village: the regular visits and the monitoring follow-ups owed in the period, and
    those made on time (regular_visits_as_of, follow_ups_as_of)."""
    found: dict[int, Rate] = defaultdict(lambda: Rate(0, 0))
    for part in (regular_visits_as_of, follow_ups_as_of):
        for village, rate in part(county_id, first, last, as_of).items():
            found[village] = found[village] + rate
    return dict(found)


def follow_ups_as_of(
    county_id: int, first: dt.date, last: dt.date, as_of: dt.datetime
) -> dict[int, Rate]:
    """Per village: the follow-up visits owed by mandatory-report cases in monitoring whose
    deadline fell between `first` and `last` and had passed by `as_of` (due), and those
    made by it (done), as recorded by `as_of`.

    From the day a case entered monitoring, or from its last follow-up, the next is due
    within the county's `monitoring_days` (its cadence on that day, as entered by `as_of`).
    A deadline missed counts once: the late visit, when it comes, starts the next interval.
    A case that left monitoring by a deadline owes none from then on."""
    last = min(last, local_date(as_of) - dt.timedelta(days=1))  # deadlines passed by `as_of`
    villages = township_of(county_id)
    places = dict(
        ReportCase.select(ReportCase.id, ReportCase.place)
        .where(ReportCase.county == county_id, ReportCase.place.in_(list(villages)))
        .tuples()
    )
    spells: dict[int, list[list]] = defaultdict(list)  # case -> [[entered, left or None]]
    for case, from_state, to_state, at in (
        AuditEntry.select(
            AuditEntry.entity_id, AuditEntry.from_state, AuditEntry.to_state, AuditEntry.at
        )
        .where(
            AuditEntry.entity == "report",
            AuditEntry.entity_id.in_(list(places)),
            AuditEntry.to_state.is_null(False),
            AuditEntry.at <= as_of,
        )
        .order_by(AuditEntry.id)
        .tuples()
    ):
        if from_state == to_state:
            continue
        if to_state == MONITORING:
            spells[case].append([local_date(_moment(at)), None])
        elif from_state == MONITORING and spells[case]:
            spells[case][-1][1] = local_date(_moment(at))
    visited: dict[int, list[dt.date]] = defaultdict(list)
    for case, day in (
        Visit.select(Visit.case, Visit.visited_on)
        .where(Visit.case.in_(list(spells)), Visit.created_at <= as_of)
        .order_by(Visit.visited_on)
        .tuples()
    ):
        visited[case].append(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))
    policies: dict[dt.date, int] = {}
    rates: dict[int, Rate] = defaultdict(lambda: Rate(0, 0))
    for case, found in spells.items():
        for entered, left in found:
            anchor = entered
            while True:
                if anchor not in policies:
                    policy = visit_policy_as_of(county_id, as_of, anchor)
                    policies[anchor] = policy.monitoring_days
                deadline = anchor + dt.timedelta(days=policies[anchor])
                if deadline > last or (left is not None and left <= deadline):
                    break
                after = [d for d in visited[case] if d > anchor and (left is None or d <= left)]
                on_time = bool(after) and after[0] <= deadline
                if first <= deadline:
                    rates[places[case]] = rates[places[case]] + Rate(int(on_time), 1)
                if not after:
                    break
                anchor = after[0]
    return dict(rates)


def regular_visits_as_of(
    county_id: int, first: dt.date, last: dt.date, as_of: dt.datetime
) -> dict[int, Rate]:
    """Per village: regular visits owed by the children of the register in the calendar
    months or quarters (by their cadence) that ended between `first` and `last` (due), and
    those periods in which a visit was made (done), as recorded by `as_of`.

    A period still running at `as_of` owes nothing yet. A child owes one in every period
    after the one its file was opened in, while on the
    register; monthly or quarterly as the county's cadence in force at the period's end said
    for the child's categories and open report case as they stood then (or at
    `as_of`, whichever is earlier). Visits of either kind count, dated in the period."""
    last = min(last, local_date(as_of) - dt.timedelta(days=1))  # periods over by `as_of`
    villages = township_of(county_id)
    chosen = (Child.created_at <= as_of) & _here_or_moved_away(villages, as_of)
    rows = list(
        Child.select(Child.id, Child.place, Child.created_at, Child.categories)
        .where(chosen)
        .tuples()
    )
    # the children as a subquery, not as their ids: a county's thousands of ids written into
    # each of the statements below took longer to build than the statements to run
    ids = Child.select(Child.id).where(chosen)
    left = _left_register(ids, as_of)
    visited: dict[int, set[dt.date]] = defaultdict(set)
    for child, day in (
        Visit.select(Visit.child, Visit.visited_on)
        .where(
            Visit.child.in_(ids),
            Visit.kind.in_(schedule.COUNTS_AS_REGULAR),
            Visit.visited_on.between(first, last),
            Visit.created_at <= as_of,
        )
        .tuples()
    ):
        visited[child].add(day if isinstance(day, dt.date) else dt.date.fromisoformat(day))
    rates: dict[int, Rate] = defaultdict(lambda: Rate(0, 0))
    ends: dict[int, list] = {1: [], 3: []}
    for months in ends:
        ends[months] = visit_periods(dt.date.min, first, last, months)
    moments = {min(as_of, end_of_day(end)) for periods in ends.values() for _, end in periods}
    fields = fields_as_of_many("child", ("place", "categories"), ids, moments) if moments else {}
    reports: dict[dt.datetime, set[int]] = {}  # a month's and its quarter's end: once
    for months, periods in ends.items():
        for start, end in periods:
            moment = min(as_of, end_of_day(end))
            policy = visit_policy_as_of(county_id, as_of, end)
            places, categories = fields["place", moment], fields["categories", moment]
            if moment not in reports:
                reports[moment] = _open_reports(ids, moment)
            reported = reports[moment]
            for child, place, created_at, current in rows:
                village = places.get(child, place)
                opened = local_date(created_at)
                if village not in villages or created_at > moment or opened >= start:
                    continue
                if child in left and left[child] <= end:
                    continue
                cats = categories.get(child, current) or []
                if not cats and child not in reported:
                    continue  # not a child the register visits
                period = schedule.regular_period(list(cats), child in reported, policy)
                if (3 if period is schedule.Period.QUARTER else 1) != months:
                    continue
                done = any(start <= day <= end for day in visited.get(child, ()))
                rates[village] = rates[village] + Rate(int(done), 1)
    return dict(rates)


# The one action that moves a child's file to another county: the receiving county takes it
# over (the register workflow); any other change of its village stays in the actor's scope.
MOVES_COUNTY = "take_over"


def _here_or_moved_away(villages: dict[int, int], as_of: dt.datetime):
    """The children in the county's villages, and those taken over by another county after
    `as_of` (then perhaps still the county's). Only the province's takeovers are read, not
    its every edit of a file since (migration 0028: audit_log (entity, action, at)); and the
    few files moved are named, so that the children are read through their indexes: an OR
    with a subquery read every child of the province (bench/province.py)."""
    moved = [
        child
        for (child,) in AuditEntry.select(AuditEntry.entity_id)
        .where(
            AuditEntry.entity == "child",
            AuditEntry.action == MOVES_COUNTY,
            AuditEntry.at > as_of,
        )
        .tuples()
    ]
    # both named, not subqueries: a list each, PostgreSQL reads the two indexes and ORs them
    here = Child.place.in_(list(villages))
    return (here | Child.id.in_(moved)) if moved else here


def _timed_states(workflow) -> frozenset[str]:
    """The states a workflow gives a deadline (to every case, or to some)."""
    states = set(workflow.deadlines)
    for special in workflow.case_deadlines:
        states |= set(special.states)
    return frozenset(str(s) for s in states)


def _moment(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def handled_as_of(
    county_id: int, first: dt.date, last: dt.date, as_of: dt.datetime
) -> dict[int, Handled]:
    """Per village: the cases of the workflows placed in a village (rehab applications,
    mandatory-report cases, transfers) handled within their time limits. A move out of a
    state in the period (its day in China between `first` and `last`) that stops or changes
    the case's deadline is on time when made by the deadline recorded on the case's audit row
    before it, late after it; a case still open with its recorded deadline passed by `as_of`
    is overdue. Only audit rows written by `as_of` are read."""
    villages = township_of(county_id)
    found: dict[int, Handled] = defaultdict(Handled)
    window = (local_midnight(first), end_of_day(last))
    for workflow in WORKFLOWS:
        model = workflow.model
        fields = model._meta.fields
        if "place" not in fields or "county" not in fields:
            continue  # an institution's claims name no village
        places = dict(
            model.select(model.id, model.place)
            .where(model.county == county_id, model.place.in_(list(villages)))
            .tuples()
        )
        timed, terminal = _timed_states(workflow), {str(s) for s in workflow.terminal}
        final: dict[int, tuple] = {}  # each case's last row: its state and deadline
        for case, from_state, to_state, at, due_at, previous, deadline, from_end in _moves(
            workflow.name, model.select(model.id).where(model.county == county_id), as_of, window
        ):
            at, due_at, deadline = _moment(at), _moment(due_at), _moment(deadline)
            if from_end == 1:
                final[case] = (to_state, due_at)
            village = places.get(case)
            if village is None or previous is None or from_state == to_state:
                continue
            if deadline is not None and due_at == deadline:
                continue  # one clock for both states: it keeps running
            if not window[0] <= at < window[1]:
                continue
            if deadline is None:
                if from_state in timed:
                    found[village] += Handled(unrecorded=1)
                continue
            on_time = at <= deadline
            found[village] += Handled(on_time=int(on_time), late=int(not on_time))
        for case, (state, due_at) in final.items():
            village = places.get(case)
            if village is None or state in terminal or due_at is None or due_at >= as_of:
                continue
            found[village] += Handled(overdue=1)
    return dict(found)


def _moves(entity: str, cases, as_of: dt.datetime, window: tuple[dt.datetime, dt.datetime]):
    """The state-carrying audit rows of `cases` written by `as_of` that `handled_as_of`
    counts: those in the window, each with the id and the deadline of the row before it,
    and each case's last (`from_end` 1), in the order of the cases and their rows. The
    years of rows before the period are read by the database, not brought into Python."""
    E = AuditEntry
    ordered = {"partition_by": [E.entity_id], "order_by": [E.id]}
    history = (
        E.select(
            E.id, E.entity_id, E.from_state, E.to_state, E.at, E.due_at,
            fn.LAG(E.id).over(**ordered).alias("previous"),
            fn.LAG(E.due_at).over(**ordered).alias("deadline"),
            fn.ROW_NUMBER()
            .over(partition_by=[E.entity_id], order_by=[E.id.desc()])
            .alias("from_end"),
        )
        .where(
            E.entity == entity,
            E.entity_id.in_(cases),
            E.to_state.is_null(False),
            E.at <= as_of,
        )
        .alias("h")
    )  # fmt: skip
    h = history.c
    return (
        Select([history], [h.entity_id, h.from_state, h.to_state, h.at, h.due_at, h.previous,
                           h.deadline, h.from_end])
        .where(((h.at >= window[0]) & (h.at < window[1])) | (h.from_end == 1))
        .order_by(h.entity_id, h.id)
        .bind(AuditEntry._meta.database)
        .tuples()
    )  # fmt: skip


def registered_as_of(
    county_id: int, first: dt.date, last: dt.date, as_of: dt.datetime
) -> dict[int, Rate]:
    """Per village (建档率): children and families the county's village screenings found
    needing a file (result new_file), screened between `first` and `last` and recorded by
    `as_of` (due), and those of them with a file by then (done): recorded against a file, or
    with the file opened for them linked by `as_of`."""
    E = ScreeningEntry
    rows = (
        E.select(E.place, E.child, E.filed_child, E.filed_at)
        .join(Screening)
        .where(
            Screening.county == county_id,
            E.result == ScreeningResult.NEW_FILE.value,
            E.screened_on.between(first, last),
            E.created_at <= as_of,
        )
        .tuples()
    )
    rates: dict[int, Rate] = defaultdict(lambda: Rate(0, 0))
    for village, child, filed, filed_at in rows:
        has_file = child is not None or (filed is not None and _moment(filed_at) <= as_of)
        rates[village] = rates[village] + Rate(int(has_file), 1)
    return dict(rates)
