"""The county's rates as of a moment: counted from dated rows and the audit log, so that what
was recorded after `as_of` (a later approval, a payment, a lesson entered late, a budget
changed) never alters a figure already given for it. Villages are counted; townships and the
county are their sums (casework/rules/rates.py).

`as_of` is a stored (naive UTC) moment; a day's figures are taken as of its end in China
(the caller converts)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from peewee import fn

from casework.models import (
    AuditEntry,
    Child,
    Claim,
    HomeEducation,
    Place,
    PolicyVersion,
    RehabApplication,
    Visit,
)
from casework.queries import county_policy
from casework.rules import visits as schedule
from casework.rules.county_policy import Kind
from casework.rules.rates import Rate
from casework.settings import Settings
from casework.vocabulary import PlaceLevel, VisitKind
from casework.workflows.claim import ClaimState
from casework.workflows.rehab import RehabState as S

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
    paid = (
        AuditEntry.select(AuditEntry.entity_id)
        .where(AuditEntry.entity == "claim", AuditEntry.to_state == ClaimState.PAID)
        .where(AuditEntry.at <= as_of)
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
