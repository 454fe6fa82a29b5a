"""The demo's child protection, in the county that has a case worker (淳安县): mandatory-report
cases left in every state of the report workflow (some past their time limit), the follow-up
visits of those in monitoring (some overdue), regular visits to the children of 千岛湖镇, and
children taught at home with their class hours. Everything goes through the services the API
uses, with the dates it happened on, so the case worker, the township's supervisor and
teacher and 进贤村's child director sign in to real work.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass

from casework.models import Child, Place, ReportCase, Visit
from casework.reminders.calendar_math import next_month, previous_month
from casework.rules.deadlines import day_start, local_date
from casework.rules.eligibility import age_in_years
from casework.rules.identity import compose_resident_id
from casework.services import children, reports, screening, visits
from casework.services import demo_protection_data as data
from casework.services.demo_stories import ITEM_SETS, _at
from casework.workflows.definition import Actor

PROTECTION_ROLES = ("case_worker", "child_supervisor", "child_director", "teacher")
# Days from one action to the next: (fewest, most).
GAP_DAYS = {
    "accept": (0, 1),
    "screen_out": (0, 1),
    "respond": (0, 0),  # the same day, hours after acceptance
    "start_assessment": (1, 2),
    "record_assessment": (3, 6),
    "link_benefit": (1, 3),
    "open_rehab_application": (1, 3),
    "record_assistance_plan": (4, 9),
    "intervene": (2, 5),
    "close": (2, 5),
    "reopen": (10, 30),
}
MONITORING_EVERY = (11, 14)  # days between follow-up visits when they are kept up


@dataclass
class Cast:
    worker: Actor
    supervisor: Actor
    director: Actor
    teacher: Actor
    reporters: dict[str, Actor]


def can_load(actors: dict[str, Actor]) -> bool:
    return all(role in actors for role in PROTECTION_ROLES)


class ProtectionLoad:
    """Report cases, visits and home education of one county, most of them in the village of
    its child director and that village's township."""

    def __init__(self, actors: dict[str, Actor], now: dt.datetime, seed: int):
        self.cast = Cast(actors["case_worker"], actors["child_supervisor"],
                         actors["child_director"], actors["teacher"], actors)  # fmt: skip
        self.village = Place.get_by_id(self.cast.director.place_id)
        self.township = Place.get_by_id(self.village.parent_id)
        self.county = Place.get_by_id(self.township.parent_id)
        self.now, self.rng = now, random.Random(seed)
        self.states: Counter = Counter()
        self.visits: Counter = Counter()
        self.used: set[int] = set()  # children a report is already about
        self.made = 0  # children registered for a story
        self.last_case_id: int | None = None

    def run(self, progress) -> None:
        for story in data.CASES:
            self._case(story)
            progress(1)
        self._regular_visits()
        self._home_education()
        self._screening()
        progress(1)

    # -- report cases ---------------------------------------------------------------------

    def _case(self, story: data.CaseStory) -> None:
        reporter = self.cast.reporters[story.reporter]
        child = self._child_for(story)
        if child and not children.scoped(reporter).where(Child.id == child.id).exists():
            # a report names only a child of its author's area (children.linkable): one
            # outside the school's township is reported by the county's case worker
            reporter = self.cast.reporters["case_worker"]
        at = _at(self.rng, self.now - dt.timedelta(days=story.days_ago))
        report = self._report(story, child)
        if story.from_visit and child:
            case = self._reported_from_visit(reporter, child, story, report, at)
        else:
            case = reports.file_report(reporter, report, at)
        state = "reported"
        for action in story.actions:
            if action == "monitor":
                at = self._monitoring_visits(case.id, at, story)
                continue
            at = self._after(at, action)
            actor, arguments = self._arguments(story, child, action, at)
            state = reports.act(actor, case.id, action, now=at, **arguments).to_state
        self.states[state] += 1
        self.last_case_id = case.id
        if child:
            self.used.add(child.id)

    def _reported_from_visit(self, reporter, child, story, report, at) -> ReportCase:
        """A regular visit that found the child at risk, and the report filed from it."""
        visit = self._visit(reporter, at, kind="regular", child_id=child.id,
                            findings=story.facts, **story.from_visit)  # fmt: skip
        chosen = {k: report[k] for k in ("harm_type", "urgent", "facts", "reporter_organisation",
                                         "reporter_phone")}  # fmt: skip
        return visits.open_report(reporter, visit.id, chosen, at)

    def _report(self, story: data.CaseStory, child: Child | None) -> dict:
        place = child.place_id if child else self._places_near(story)[0].id
        values = {
            "reporter_name": story.reporter_name,
            "reporter_organisation": story.organisation,
            "reporter_phone": f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}",
            "place_id": place,
            "harm_type": story.harm,
            "urgent": story.urgent,
            "facts": story.facts,
        }
        if child and not story.identified_later:
            values["child_id"] = child.id
        else:
            values["child_description"] = story.description
        if child and not story.description:
            values["child_description"] = f"{child.name}，{_age(child, local_date(self.now))}岁"
        return values

    def _after(self, at: dt.datetime, action: str) -> dt.datetime:
        low, high = GAP_DAYS[action]
        if high == 0:
            later = at + dt.timedelta(hours=2, minutes=self.rng.randint(0, 90))
        else:
            later = _at(self.rng, at + dt.timedelta(days=self.rng.randint(low, high)))
        return min(max(later, at + dt.timedelta(minutes=10)), self.now - dt.timedelta(minutes=5))

    def _arguments(self, story, child, action, at) -> tuple[Actor, dict]:
        worker, day = self.cast.worker, local_date(at)
        match action:
            case "accept":
                return worker, {"payload": {"child_id": child.id} if child else {}}
            case "screen_out":
                return worker, self._screen_out(story)
            case "respond":
                return worker, {"payload": dict(data.EMERGENCY[story.harm])}
            case "record_assessment":
                risk = "high" if story.urgent else self.rng.choice(("medium", "low"))
                return worker, {"payload": {"assessment": story.assessment, "risk_level": risk}}
            case "link_benefit":
                benefit = story.benefit or "subsistence_allowance"
                return worker, {"payload": {"benefit": benefit, "note": data.BENEFIT_NOTE}}
            case "open_rehab_application":
                return worker, {"payload": self._rehab(child)}
            case "record_assistance_plan":
                return worker, {"payload": {"plan": story.plan}}
            case "intervene":
                measure = {**data.MEASURE, "taken_on": day.isoformat()}
                return worker, {"payload": measure}
            case "close":
                return worker, {"payload": {"outcome": story.outcome}}
            case "reopen":
                return worker, {"reason": data.REOPEN_REASON}
        return worker, {}

    def _screen_out(self, story) -> dict:
        if story.duplicate:
            original = {"ground": "duplicate", "duplicate_of": self.last_case_id}
            return {"reason": data.DUPLICATE_REASON, "payload": original}
        return {"reason": data.UNFOUNDED_REASON, "payload": {"ground": "unfounded"}}

    def _rehab(self, child: Child) -> dict:
        guardian = child.guardians.first()
        return {
            "items": list(_rehab_items(child)),
            "applicant_name": guardian.name,
            "applicant_relation": guardian.relation,
            "documents_received": ["identity", "residence", "diagnosis"],
            "diagnosis": data.REHAB_DIAGNOSIS,
        }

    def _monitoring_visits(self, case_id: int, at: dt.datetime, story) -> dt.datetime:
        """Follow-up visits after the plan (`at`): `story.visits` of them before the case
        closes, or (None) every 11-14 days up to the last one, `last_visit_days_ago`."""
        visitor = self.cast.worker
        if story.in_village or story.in_township:
            visitor = self.cast.director if story.in_village else self.cast.supervisor
        days: list[dt.datetime] = []
        if story.visits is None:
            day = self.now - dt.timedelta(days=self.rng.randint(*story.last_visit_days_ago))
            while day > at + dt.timedelta(days=3):
                days.insert(0, day)
                day -= self._monitoring_gap()
        else:
            for _ in range(story.visits):
                days.append((days[-1] if days else at) + self._monitoring_gap())
        for day in days:
            at = self._on(local_date(day))
            findings, next_steps = self.rng.choice(data.MONITORING_NOTES)
            self._visit(visitor, at, kind="monitoring", case_id=case_id,
                        findings=findings, next_steps=next_steps)  # fmt: skip
        return at

    def _monitoring_gap(self) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(*MONITORING_EVERY))

    # -- children ---------------------------------------------------------------------------

    def _child_for(self, story: data.CaseStory) -> Child | None:
        if story.no_child:
            return None
        if story.disabled:  # made for the story: a disabled child of the age its aid allows
            return self._register(self._places_near(story)[0], data.REHAB_CHILD)
        places = self._places_near(story)
        query = (
            Child.select()
            .where(Child.place.in_([p.id for p in places]), Child.id.not_in(self.used or {0}))
            .order_by(Child.id)
        )
        candidates = list(query)
        if not candidates:  # the county's plan always leaves enough children: a plan error
            raise LookupError(f"no child left near the story {story.facts!r}")
        return self.rng.choice(candidates)

    def _register(self, village: Place, child: data.MadeChild) -> Child:
        """A child made for a story, `child.age` years and some months old today."""
        today = local_date(self.now)
        born = _years_before(today, child.age) - dt.timedelta(days=self.rng.randint(30, 300))
        self.made += 1
        guardian = {"name": child.guardian, "relation": "母亲", "phone": "13905719000"}
        values = {
            "id_number": compose_resident_id(self.county.code, born, data.MADE_NUMBERS + self.made),
            "name": child.name,
            "place_id": village.id,
            "residence_basis": "permanent_hukou",
            "disability_types": [child.disability],
            "address": f"{village.name}{self.rng.randint(1, 120)}号",
            "guardians": [guardian],
        }
        registered = self.now - dt.timedelta(days=self.rng.randint(*child.registered_days_ago))
        return children.register_child(self.cast.reporters["intake_clerk"], values, registered)

    def _places_near(self, story: data.CaseStory) -> list[Place]:
        if story.in_village:
            return [self.village]
        if story.in_township:
            return list(Place.select().where(Place.parent == self.township.id))
        return list(
            Place.select().where(Place.path.startswith(self.county.path), Place.level == "village")
        )

    def _regular_visits(self) -> None:
        """The township's children visited by its supervisor (进贤村's by its director), most
        of them this period, some (at least each village's longest registered without a
        report case, whose follow-ups count as visits too) not for half a year: those are
        overdue."""
        children = self._township_children()
        longest: dict[int, int] = {}
        for child in sorted(children, key=lambda c: c.created_at):
            if child.id not in self.used:
                longest.setdefault(child.place_id, child.id)
        for child in children:
            visitor = self.cast.director if child.place_id == self.village.id else (
                self.cast.supervisor)  # fmt: skip
            registered = local_date(child.created_at)
            overdue = child.id in longest.values() or self.rng.random() < data.REGULAR_OVERDUE_SHARE
            last = local_date(self.now) - dt.timedelta(
                # over half a year ago: overdue whatever the quarter (at most 183 days)
                days=self.rng.randint(190, 280) if overdue else self.rng.randint(0, 50)
            )
            for day in (last - dt.timedelta(days=self.rng.randint(80, 95)), last):
                if registered < day:
                    note = self.rng.randrange(len(data.REGULAR_NOTES))
                    findings, next_steps = data.REGULAR_NOTES[note]
                    school_age = 6 <= age_in_years(child.birth_date, day) < 18
                    self._visit(visitor, self._on(day), kind="regular", child_id=child.id,
                                findings=findings, next_steps=next_steps,
                                schooling="attending" if school_age else "not_school_age",
                                **data.REGULAR_FOUND[note])  # fmt: skip

    def _screening(self) -> None:
        """A round in progress: launched 20 days ago, ending in 10; 进贤村 half screened by its
        director (the children reported on, as report filed; a family without a file found),
        another village of the township done by the supervisor, the rest not begun."""
        today = local_date(self.now)
        starts = today - dt.timedelta(days=data.SCREENING_DAYS[0])
        ends = today + dt.timedelta(days=data.SCREENING_DAYS[1])
        launch = {"title": data.SCREENING_TITLE, "starts_on": starts, "ends_on": ends}
        round_id = screening.launch(self.cast.worker, launch, self._on(starts)).id
        day = iter(starts + dt.timedelta(days=n % (data.SCREENING_DAYS[0] + 1)) for n in range(999))
        reported = {c.child_id: c.id for c in ReportCase.select().where(
            ReportCase.child.is_null(False), ReportCase.place == self.village.id)}  # fmt: skip
        mine = list(Child.select().where(Child.place == self.village.id).order_by(Child.id))
        results = itertools.cycle(data.SCREENING_RESULTS)
        for child in mine[: (len(mine) + 1) // 2]:
            result = "report_filed" if child.id in reported else next(results)
            self._screen(self.cast.director, round_id, next(day), child_id=child.id,
                         result=result, report_case_id=reported.get(child.id),
                         note=data.SCREENING_NOTES.get(result, ""))  # fmt: skip
        self._screen(self.cast.director, round_id, next(day), place_id=self.village.id,
                     **data.SCREENING_FAMILY)  # fmt: skip
        done = Place.select().where(Place.parent == self.township.id, Place.id != self.village.id)
        other = done.order_by(Place.id).first()
        for child in Child.select().where(Child.place == other.id).order_by(Child.id):
            self._screen(self.cast.supervisor, round_id, next(day), child_id=child.id,
                         result="no_concern")  # fmt: skip
        screening.complete(self.cast.supervisor, round_id, other.id, self._on(next(day)))

    def _screen(self, actor: Actor, round_id: int, day: dt.date, **entry) -> None:
        entry = {k: v for k, v in entry.items() if v is not None} | {"screened_on": day}
        screening.record(actor, round_id, entry, self._on(day))

    def _township_children(self) -> list[Child]:
        villages = Place.select(Place.id).where(Place.parent == self.township.id)
        return list(Child.select().where(Child.place.in_(villages)).order_by(Child.id))

    def _home_education(self) -> None:
        """Children of the township taught at home (made for it, so that their ages fit on
        any day): one kept up, one whose last month was short (overdue), one who started
        lately."""
        today = local_date(self.now)
        villages = list(Place.select().where(Place.parent == self.township.id).order_by(Place.id))
        for n, (made, months, short_last_month) in enumerate(data.HOME_EDUCATION):
            child = self._register(villages[n % len(villages)], made)
            started = _months_before(today, months)
            enrolment = {"child_id": child.id, "teacher_id": self.cast.teacher.id,
                         "school": data.SCHOOL, "started_on": started}  # fmt: skip
            visits.enrol_home_education(self.cast.supervisor, enrolment, self._on(started))
            month, last_month = started, previous_month(today)
            while month <= today:
                days = (6,) if short_last_month and month == last_month else (6, 20)
                for day in (month.replace(day=d) for d in days):
                    if started <= day <= today:
                        self._home_visit(child, day)
                month = next_month(month)

    def _home_visit(self, child: Child, day: dt.date) -> None:
        subject, findings = self.rng.choice(data.HOME_SUBJECTS)
        self._visit(self.cast.teacher, self._on(day), kind="home_education", child_id=child.id,
                    class_hours=self.rng.choice((2, 2, 3)), subject=subject,
                    findings=findings)  # fmt: skip

    def _visit(self, visitor: Actor, at: dt.datetime, **values) -> Visit:
        values["visited_on"] = local_date(at).isoformat()
        values.setdefault("next_steps", "")
        visit = visits.record_visit(visitor, values, at)
        self.visits[values["kind"]] += 1
        return visit

    def _on(self, day: dt.date) -> dt.datetime:
        """That day in China's office hours; today, never after now (and, just after
        midnight, in the minutes of today there have been)."""
        at = _at(self.rng, dt.datetime.combine(day, dt.time()))
        return max(min(at, self.now - dt.timedelta(minutes=5)), min(day_start(day), self.now))


def _rehab_items(child: Child) -> tuple[str, ...]:
    return ITEM_SETS[child.disability_types[0]][0]


def _age(child: Child, today: dt.date) -> int:
    return age_in_years(child.birth_date, today)


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)
