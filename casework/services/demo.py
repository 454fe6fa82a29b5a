"""Load the demo: two counties with townships and villages, designated institutions, a user for
every role with a published password and token, children with valid ID numbers, rehab
applications driven through every state by the same services the API uses, and (demo_protection)
mandatory-report cases in every state with their visits.

Demo only: its passwords and tokens are printed in the README. The whole load is one
transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import fn

from casework.db import migrations, write_transaction
from casework.errors import Conflict
from casework.models import Institution, Place, RehabApplication, ReportCase, Transfer
from casework.rules.identity import compose_resident_id
from casework.services import accounts, children, family, places, province
from casework.services import demo_county as data
from casework.services.demo_applications import ApplicationRun, Cast
from casework.services.demo_claims import ClaimDesk, sample_claims
from casework.services.demo_family import FamilyLoad
from casework.services.demo_protection import PROTECTION_ROLES, ProtectionLoad, can_load
from casework.services.demo_protection_data import CASES
from casework.services.demo_stories import Story, plan_stories
from casework.services.demo_transfers import TransferLoad
from casework.workflows.definition import Actor

SEED = 330127
CLAIM_REASON = "登记时村里报送的困境类别"
CONFIRM_REASON = "入户核实属实"
SET_UP_DAYS_AGO = 600  # places and users exist before the oldest application


@dataclass
class Summary:
    children: int = 0
    users: list[str] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)
    overdue: int = 0
    reports: Counter = field(default_factory=Counter)  # report cases by state
    reports_overdue: int = 0
    visits: Counter = field(default_factory=Counter)  # by kind
    transfers: Counter = field(default_factory=Counter)  # by state
    transfers_overdue: int = 0


def is_loaded() -> bool:
    return Place.select().where(Place.code == data.CHUN_AN.code).exists()


def reset() -> list[str]:
    """Roll every migration back and apply them again: an empty database. Returns the names."""
    runner = migrations()
    applied = [m.name for m in runner.status() if m.applied]
    if applied:
        runner.down(applied[0])
    return runner.up()


class DemoLoader:
    """Plans the demo on creation (so `units` is known for a progress bar), loads on `run`."""

    def __init__(self, now: dt.datetime, seed: int = SEED):
        self.now = now
        self.set_up_at = now - dt.timedelta(days=SET_UP_DAYS_AGO)
        self.plans = [
            (county, self._plan(county, seed + n)) for n, county in enumerate(data.COUNTIES)
        ]
        self.units = 1 + sum(  # 1: the province and its officer
            len(county.users) + len(stories) + _protection_units(county)
            for county, stories in self.plans
        )

    def _plan(self, county: data.DemoCounty, seed: int) -> list[Story]:
        offered = [set(i.aid_items) for i in county.institutions]
        return plan_stories(self.now, county.applications, county.children, offered, seed)

    def run(self, progress: Callable[[int], None] = lambda done: None) -> Summary:
        """Load everything in one transaction; `progress(n)` is told of each n units done."""
        if is_loaded():
            raise Conflict(
                "the demo is already loaded (use a new database, or reset it)",
                code="demo_loaded",
            )
        summary = Summary()
        with write_transaction():
            loads = []
            for seed_offset, (county, stories) in enumerate(self.plans):
                load = CountyLoad(county, self, random.Random(SEED + 100 + seed_offset))
                load.run(stories, summary, progress)
                loads.append(load)
            # the families last: a child moved from 淳安县 is taken over by 桐庐县
            families = FamilyLoad(loads[0].actors, loads[1].actors, self.now)
            families.run()
            summary.children += families.made
            self._province()
            summary.users.append(data.PROVINCE_OFFICER.username)
            progress(1)
        # as the database holds them: the stories' and the one a report case opened
        A = RehabApplication
        summary.states = Counter(dict(A.select(A.state, fn.COUNT(A.id)).group_by(A.state).tuples()))
        summary.overdue = A.select().where(A.due_at < self.now).count()
        summary.reports_overdue = ReportCase.select().where(ReportCase.due_at < self.now).count()
        summary.transfers_overdue = Transfer.select().where(Transfer.due_at < self.now).count()
        return summary


    def _province(self) -> None:
        """Both counties in one province, and its officer (the scheduler takes the counties'
        figures for the officer's page within a minute of starting)."""
        made = province.create_province(name=data.PROVINCE_NAME, code=data.PROVINCE_CODE,
                                        now=self.set_up_at)  # fmt: skip
        province.place_counties(made.code, [c.code for c in data.COUNTIES], self.set_up_at)
        officer = data.PROVINCE_OFFICER
        created = accounts.create_user(
            None,
            username=officer.username,
            name=officer.name,
            role=officer.role,
            password=data.DEMO_PASSWORD,
            email=f"{officer.username}@demo.invalid",
            province_id=made.id,
            now=self.set_up_at,
        )
        accounts.keep_token(
            created, data.demo_token(officer.username), self.set_up_at, data.TOKEN_DAYS, "demo"
        )


def _protection_units(county: data.DemoCounty) -> int:
    roles = {user.role for user in county.users}
    return len(CASES) + 2 if roles >= set(PROTECTION_ROLES) else 0


class CountyLoad:
    """One county: its places, institutions, users and stories."""

    def __init__(self, county: data.DemoCounty, loader: DemoLoader, rng: random.Random):
        self.county, self.now, self.set_up_at, self.rng = county, loader.now, loader.set_up_at, rng
        self.actors: dict[str, Actor] = {}
        self.staff_of: dict[int, Actor] = {}  # institution id -> its demo staff member
        # (department, "county" or "township") -> its demo officer there
        self.offices: dict[tuple[str, str], Actor] = {}

    def run(self, stories: list[Story], summary: Summary, progress) -> None:
        self.townships, self.villages = self._places()
        self.institutions = self._institutions()
        for user in self.county.users:
            self._user(user)
            summary.users.append(user.username)
            progress(1)
        for story in stories:
            self._story(story)
            summary.children += 1
            progress(1)
        self._sample_claims()
        self._protection(summary, progress)

    def _places(self) -> tuple[list[Place], list[list[Place]]]:
        c = self.county
        county = self._place(c.name, c.code, None, c.latitude, c.longitude)
        townships, villages = [], []
        for t, township in enumerate(c.townships):
            code = f"{c.code}{100 + t:03d}"
            place = self._place(township.name, code, county, township.latitude, township.longitude)
            townships.append(place)
            villages.append(
                [
                    self._place(
                        name,
                        f"{code}{201 + v:03d}",
                        place,
                        round(township.latitude + self.rng.uniform(-0.04, 0.04), 4),
                        round(township.longitude + self.rng.uniform(-0.04, 0.04), 4),
                    )
                    for v, name in enumerate(township.villages)
                ]
            )
        self.county_place = county
        return townships, villages

    def _place(self, name, code, parent, latitude, longitude) -> Place:
        return places.create_place(
            None,
            name=name,
            code=code,
            parent_id=parent.id if parent else None,
            latitude=latitude,
            longitude=longitude,
            now=self.set_up_at,
        )

    def _institutions(self) -> dict[str, Institution]:
        found = {}
        for inst in self.county.institutions:
            values = {
                "county_id": self.county_place.id,
                "name": inst.name,
                "address": inst.address,
                "latitude": inst.latitude,
                "longitude": inst.longitude,
                "capacity": inst.capacity,
                "aid_items": list(inst.aid_items),
                "out_of_county": inst.out_of_county,
            }
            found[inst.key] = places.save_institution(None, values, self.set_up_at)
        return found

    def _user(self, user: data.DemoUser) -> None:
        kind, _, where = user.at.partition(":")
        binding = {
            "county": lambda: {"place_id": self.county_place.id},
            "township": lambda: {"place_id": self.townships[int(where)].id},
            "village": lambda: {"place_id": self._village(where).id},
            "institution": lambda: {"institution_id": self.institutions[where].id},
        }[kind]()
        created = accounts.create_user(
            None,
            username=user.username,
            name=user.name,
            role=user.role,
            password=data.DEMO_PASSWORD,
            email=f"{user.username}@demo.invalid",
            department=user.department or None,
            now=self.set_up_at,
            **binding,
        )
        accounts.keep_token(
            created, data.demo_token(user.username), self.set_up_at, data.TOKEN_DAYS, "demo"
        )
        actor = accounts.actor_for(created)
        self.actors[user.role] = self.actors.get(user.role, actor)
        if user.department:  # the county's office first, then a township's
            self.offices[(user.department, kind)] = actor
        if created.institution_id:
            self.staff_of[created.institution_id] = actor

    def _village(self, where: str) -> Place:
        township, village = (int(n) for n in where.split("."))
        return self.villages[township][village]

    def _story(self, story: Story) -> str | None:
        child, applicant = self._child(story)
        if story.target is None:
            return None
        cast = Cast(self.actors, self.staff_of, list(self.institutions.values()), self.rng,
                    self.desk)  # fmt: skip
        return ApplicationRun(cast, story, self.now).run(child.id, applicant)

    @property
    def desk(self) -> ClaimDesk | None:
        if "settlement_auditor" not in self.actors or "finance_officer" not in self.actors:
            return None
        return ClaimDesk(self.staff_of, self.actors["settlement_auditor"],
                         self.actors["finance_officer"], self.rng)  # fmt: skip

    def _sample_claims(self) -> None:
        """Claims left in every state, for the children still in rehabilitation."""
        if self.desk is None:
            return
        sample_claims(self.desk, self.county_place.id, self.now)

    def _protection(self, summary: Summary, progress) -> None:
        """Report cases and visits, where the county has the people for them."""
        if not can_load(self.actors):
            return
        load = ProtectionLoad(self.actors, self.now, self.rng.randrange(2**32))
        load.run(progress)
        summary.children += load.made
        summary.reports.update(load.states)
        summary.visits.update(load.visits)
        # the window's transfers, one of them from a report case's assistance
        transfers = TransferLoad(self.actors["case_worker"], self.actors["child_supervisor"],
                                 self.offices, self.now, self.rng.randrange(2**32))  # fmt: skip
        transfers.run()
        summary.transfers.update(transfers.states)
        progress(1)

    def _child(self, story: Story):
        rng, township = self.rng, self.rng.randrange(len(self.villages))
        village = rng.choice(self.villages[township])
        surname = rng.choice(data.SURNAMES)
        given = "".join(rng.sample(data.GIVEN, rng.choice((1, 2))))
        # a disability gives own difficulty from the file itself; the rest are the clerk's
        # categories, set with a reason and confirmed by the case worker
        categories = [c for c, p in (("family", 0.3), ("guardianship", 0.1)) if rng.random() < p]
        if not categories and not story.disabilities:
            categories = ["temporary"]
        guardians = [
            {"name": surname + rng.choice(data.FATHER_GIVEN), "relation": "父亲"},
            {"name": rng.choice(data.SURNAMES) + rng.choice(data.MOTHER_GIVEN), "relation": "母亲"},
        ]
        rng.shuffle(guardians)
        for guardian in guardians:
            guardian["phone"] = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        number = compose_resident_id(self.county.code, story.birth_date, story.number + 1)
        values = {
            "id_number": number,
            "name": surname + given,
            "place_id": village.id,
            "residence_basis": story.residence_basis,
            "disability_types": story.disabilities,
            "address": f"{self.townships[township].name}{village.name}{rng.randint(1, 120)}号",
            "guardians": guardians,
        }
        clerk, at = self.actors["intake_clerk"], story.registered_at
        child = children.register_child(clerk, values, at)
        if categories:
            child = family.claim_on_opening(clerk, child, categories, CLAIM_REASON, at)
            for category in categories:
                child = family.review_claim(self.actors["case_worker"], child.id, category, True,
                                            CONFIRM_REASON, at, child.version)  # fmt: skip
        return child, guardians[0]
