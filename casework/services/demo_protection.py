"""The demo's child protection, in the county that has a case worker (淳安县): mandatory-report
cases left in every state of the report workflow (some past their time limit), the follow-up
visits of those in monitoring (some overdue), regular visits to the children of 千岛湖镇, and
children taught at home with their class hours. Everything goes through the services the API
uses, with the dates it happened on, so the case worker, the township's supervisor and
teacher and 进贤村's child director sign in to real work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from peewee import fn

from casework.models import Child, Place, RehabApplication
from casework.reminders.calendar_math import next_month, previous_month
from casework.rules.deadlines import local_date
from casework.rules.eligibility import age_in_years, max_age
from casework.services import demo_protection_data as data
from casework.services import reports, visits
from casework.services.demo_stories import ITEM_SETS, _at
from casework.vocabulary import AidItem
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
        self.last_case_id: int | None = None

    def run(self, progress) -> None:
        for story in data.CASES:
            self._case(story)
            progress(1)
        self._regular_visits()
        self._home_education()
        progress(1)

    # -- report cases ---------------------------------------------------------------------

    def _case(self, story: data.CaseStory) -> None:
        child = self._child_for(story)
        at = _at(self.rng, self.now - dt.timedelta(days=story.days_ago))
        reporter = self.cast.reporters[story.reporter]
        case = reports.file_report(reporter, self._report(story, child), at)
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
        places = self._places_near(story)
        query = (
            Child.select()
            .where(Child.place.in_([p.id for p in places]), Child.id.not_in(self.used or {0}))
            .order_by(Child.id)
        )
        if story.disabled:  # a disabled child not in rehab yet
            query = query.where(
                fn.LENGTH(Child.disability_types) > 2,  # JSON text, not "[]"
                Child.id.not_in(RehabApplication.select(RehabApplication.child)),
            )
        candidates = list(query)
        if story.disabled:  # and young enough for the aid its rehab application asks for
            today = local_date(self.now)
            candidates = [c for c in candidates if _age(c, today) <= _age_limit(_rehab_items(c))]
        return self.rng.choice(candidates) if candidates else None

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
        longest = {}
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
                    findings, next_steps = self.rng.choice(data.REGULAR_NOTES)
                    self._visit(visitor, self._on(day), kind="regular", child_id=child.id,
                                findings=findings, next_steps=next_steps)  # fmt: skip

    def _township_children(self) -> list[Child]:
        villages = Place.select(Place.id).where(Place.parent == self.township.id)
        return list(Child.select().where(Child.place.in_(villages)).order_by(Child.id))

    def _home_education(self) -> None:
        """Children of the township with an intellectual, autism or limb disability taught at
        home: one kept up, one whose last month was short (overdue), one who started lately."""
        today = local_date(self.now)
        taught = [
            c
            for c in self._township_children()
            if set(c.disability_types) & {"intellectual", "autism", "limb"}
            and 6 <= _age(c, today) <= 15
        ][: len(data.HOME_EDUCATION)]
        for child, (months, short_last_month) in zip(taught, data.HOME_EDUCATION, strict=False):
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

    def _visit(self, visitor: Actor, at: dt.datetime, **values) -> None:
        values["visited_on"] = local_date(at).isoformat()
        values.setdefault("next_steps", "")
        visits.record_visit(visitor, values, at)
        self.visits[values["kind"]] += 1

    def _on(self, day: dt.date) -> dt.datetime:
        """That day in China's office hours, never after now."""
        at = _at(self.rng, dt.datetime.combine(day, dt.time()))
        return min(at, self.now - dt.timedelta(minutes=5))


def _rehab_items(child: Child) -> tuple[str, ...]:
    return ITEM_SETS[child.disability_types[0]][0]


def _age_limit(items: tuple[str, ...]) -> int:
    return min(max_age(AidItem(item)) for item in items)


def _age(child: Child, today: dt.date) -> int:
    return age_in_years(child.birth_date, today)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)
