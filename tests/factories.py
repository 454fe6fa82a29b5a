"""A small, realistic world for tests: two counties, their places, institutions, a user and
a token for every role, and helpers to file applications and drive them along."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from casework.models import Child, Institution, Place, User
from casework.rules.identity import compose_resident_id
from casework.rules.money import format_yuan
from casework.rules.periods import Cycle, parse_period, period_containing
from casework.services import accounts, children, claims, family, places, province, rehab, visits
from casework.services.demo_claims import periods_to_bill
from casework.vocabulary import AidItem, Role
from casework.workflows.definition import Actor

COUNTY_ROLES = [
    "intake_clerk",
    "reviewer",
    "settlement_auditor",
    "finance_officer",
    "case_worker",
    "leader",
    "admin",
]
_sequence = itertools.count(1)


@dataclass
class County:
    county: Place
    townships: list[Place]
    villages: list[Place]
    institutions: list[Institution]
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return accounts.actor_for(self.users[role])

    def token(self, role: str) -> str:
        return self.tokens[role]


@dataclass
class World:
    now: dt.datetime
    a: County
    b: County

    def child(
        self,
        county: County | None = None,
        *,
        born: dt.date = dt.date(2021, 5, 1),
        disabilities=("limb",),
        residence="permanent_hukou",
        village: int = 0,
    ) -> Child:
        county = county or self.a
        number = compose_resident_id("330127", born, next(_sequence) % 1000)
        return children.register_child(
            accounts.actor_for(county.users["intake_clerk"]),
            {
                "id_number": number,
                "name": f"儿童{number[-4:]}",
                "place_id": county.villages[village].id,
                "residence_basis": residence,
                "disability_types": list(disabilities),
            },
            self.now,
        )

    def categorise(self, child: Child, *categories: str, county: County | None = None,
                   now: dt.datetime | None = None) -> Child:  # fmt: skip
        """The categories set on the file by the county's case worker, with a reason (as a
        clerk sets what the facts do not show)."""
        worker = (county or self.a).actor("case_worker")
        for category in categories:
            child = Child.get_by_id(child.id)
            if category in child.categories:
                continue
            child = family.claim_category(worker, child.id, category, "入户核实", now or self.now,
                                          child.version)  # fmt: skip
        return Child.get_by_id(child.id)

    def enrol_home_education(self, child: Child, started_on: dt.date | None = None,
                             teacher: User | None = None):  # fmt: skip
        """The child enrolled in home education by county a's child supervisor, taught by
        county a's teacher unless another is named; from today unless `started_on` says."""
        teacher = teacher or self.a.users["teacher"]
        data = {"child_id": child.id, "teacher_id": teacher.id, "started_on": started_on}
        return visits.enrol_home_education(self.a.actor("child_supervisor"), data, self.now)

    def application(
        self,
        county: County | None = None,
        *,
        items=("training_limb",),
        child: Child | None = None,
        documents=("identity", "residence", "diagnosis"),
        **child_kw,
    ):
        county = county or self.a
        child = child or self.child(county, **child_kw)
        return rehab.submit_application(
            county.actor("intake_clerk"),
            {
                "child_id": child.id,
                "items": list(items),
                "applicant_name": "监护人",
                "applicant_relation": "母亲",
                "documents_received": list(documents),
            },
            self.now,
        )

    def advance(self, application_id: int, to_state: str, county: County | None = None) -> None:
        """Drive an application along the happy path until it reaches `to_state`."""
        county = county or self.a
        for state, role, action, kw in happy_path(self.now.date()):
            current = rehab.require(application_id).state
            if current == to_state:
                return
            if current == state and action == "settle":
                self.pay_claim(application_id, county)
            elif current == state:
                rehab.act(county.actor(role), application_id, action, now=self.now, **kw)
        assert rehab.require(application_id).state == to_state, to_state

    def pay_claim(self, application_id: int, county: County | None = None,
                  total_cost: str = "3000.00") -> int:  # fmt: skip
        """Settle an application the real way: for each quarter holding something of it still
        to bill (the current one when nothing is on record yet), once that quarter is over
        (the world's clock waits for it), its institution claims it, the federation approves
        and finance pays; the last payment settles it. Returns the last claim's id."""
        county = county or self.a
        periods = [p.label for p in periods_to_bill(application_id)] or [self.period()]
        paid = None
        for period in periods:
            paid = self._bill_and_pay(application_id, county, period, total_cost) or paid
        assert paid is not None, "nothing to bill"
        return paid

    def _bill_and_pay(self, application_id, county, period, total_cost) -> int | None:
        institution = rehab.require(application_id).institution_id
        staff = next(k for k, u in county.users.items() if u.institution_id == institution)
        self.wait_until_over(period)
        claim = claims.draft_claim(county.actor(staff), {"period": period}, self.now,
                                   application_ids=[application_id])  # fmt: skip
        lines = [{"line_id": line.id, "total_cost": total_cost} for line in claim.lines]
        if not lines:  # billed already by an earlier claim: no empty draft left behind
            claims.act(county.actor(staff), claim.id, "discard", now=self.now, reason="无可结算")
            return None
        steps = [
            (staff, "edit_lines", {"lines": lines}),
            (staff, "submit", {"attestation": "本机构承诺所报费用真实", "attested_by": "院长"}),
            ("settlement_auditor", "decide_lines", {"approve_others": True}),
            ("settlement_auditor", "complete_audit", None),
            ("settlement_auditor", "send_to_finance", None),
        ]  # fmt: skip
        for key, action, payload in steps:
            claims.act(county.actor(key), claim.id, action, now=self.now, payload=payload)
        amount = format_yuan(claims.totals(claim.id).approved)
        claims.act(county.actor("finance_officer"), claim.id, "record_payment", now=self.now,
                   payload={"paid_on": self.now.date().isoformat(), "voucher_number": "记-001",
                            "amount": amount})  # fmt: skip
        return claim.id

    def province(self) -> User:
        """Both counties in one province (浙江省, 330000) and its officer, made on the first
        call: the officer, who signs in as `province-officer` with the token `province-token`."""
        officer = User.get_or_none(User.username == "province-officer")
        if officer is not None:
            return officer
        made = province.create_province(name="浙江省", code="330000", now=self.now)
        codes = [self.a.county.code, self.b.county.code]
        province.place_counties(made.code, codes, self.now)
        officer = accounts.create_user(None, username="province-officer", name="省级工作人员",
                                       role="province_officer", password="province-password",
                                       province_id=made.id, now=self.now)  # fmt: skip
        accounts.keep_token(officer, "province-token", self.now, days=3650)
        return officer

    def period(self) -> str:
        """The (default, quarterly) settlement period containing today."""
        return period_containing(self.now.date(), Cycle.QUARTERLY).label

    def wait_until_over(self, period: str) -> None:
        """Move the world's clock on to 10:00 in China on the day after `period` (a quarter)
        ends, when its months are over and may be billed; never back."""
        end = parse_period(period, Cycle.QUARTERLY).end
        self.now = max(self.now, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(2)))


def happy_path(today: dt.date):
    """(state, role, action, arguments) from submission to closure."""
    day, month = today.isoformat(), today.strftime("%Y-%m")
    return [
        ("submitted", "reviewer", "start_review", {}),
        ("under_review", "reviewer", "approve", {}),
        ("approved", "reviewer", "refer", {}),
        ("referred", "institution_staff", "accept_referral", {}),
        (
            "accepted",
            "institution_staff",
            "sign_agreement",
            {"payload": {"signed_on": day, "guardian_name": "监护人"}},
        ),
        (
            "agreed",
            "institution_staff",
            "record_plan",
            {
                "payload": {
                    "assessed_on": day,
                    "assessment": "评估",
                    "goals": "目标",
                    "starts_on": day,
                    "planned_months": 10,
                }
            },
        ),
        (
            "in_rehabilitation",
            "institution_staff",
            "record_attendance",
            {"payload": {"month": month, "days_attended": 1}},
        ),
        ("in_rehabilitation", "institution_staff", "complete", {"payload": {"completed_on": day}}),
        ("completed", "system", "settle", {}),  # through a real claim: World.pay_claim
        ("settled", "reviewer", "close", {}),
    ]


def _county(now: dt.datetime, code: str, lat: float, lon: float) -> County:
    county = places.create_place(
        None, name=f"{code}县", code=code, latitude=lat, longitude=lon, now=now
    )
    townships, villages = [], []
    for t in range(2):
        township = places.create_place(
            None,
            name=f"{code}第{t + 1}镇",
            code=f"{code}{t + 1:03d}",
            parent_id=county.id,
            latitude=lat + t * 0.1,
            longitude=lon,
            now=now,
        )
        townships.append(township)
        for v in range(2):
            villages.append(
                places.create_place(
                    None,
                    name=f"{township.name}{v + 1}村",
                    code=f"{township.code}{v + 1:03d}",
                    parent_id=township.id,
                    latitude=lat + t * 0.1 + v * 0.02,
                    longitude=lon + 0.05,
                    now=now,
                )
            )
    institutions = [
        places.save_institution(
            None,
            {
                "county_id": county.id,
                "name": f"{code}康复中心",
                "latitude": lat,
                "longitude": lon + 0.05,
                "capacity": 50,
                "aid_items": [i.value for i in AidItem if i != AidItem.COCHLEAR_IMPLANT],
            },
            now,
        ),
        places.save_institution(
            None,
            {
                "county_id": county.id,
                "name": f"{code}听力语言康复中心",
                "latitude": lat + 0.3,
                "longitude": lon,
                "capacity": 20,
                "aid_items": [
                    "cochlear_implant",
                    "hearing_aids",
                    "training_hearing",
                    "training_speech",
                    "training_limb",
                ],
            },
            now,
        ),
        places.save_institution(
            None,
            {
                "county_id": county.id,
                "name": f"{code}市儿童医院(县外)",
                "out_of_county": True,
                "latitude": lat + 1.0,
                "longitude": lon + 1.0,
                "capacity": 100,
                "aid_items": ["limb_surgery", "cochlear_implant", "prosthesis_orthosis"],
            },
            now,
        ),
    ]
    result = County(county, townships, villages, institutions)
    bindings = {role: {"place_id": county.id} for role in COUNTY_ROLES}
    bindings |= {
        "child_supervisor": {"place_id": townships[0].id},
        "teacher": {"place_id": townships[0].id},
        "child_director": {"place_id": villages[0].id},
        "institution_staff": {"institution_id": institutions[0].id},
        "institution_staff_2": {"institution_id": institutions[1].id},
        "institution_staff_out": {"institution_id": institutions[2].id},
        # a department's staff: civil affairs and health at the county, civil affairs of a
        # township
        "department_staff": {"place_id": county.id, "department": "civil_affairs"},
        "department_staff_health": {"place_id": county.id, "department": "health"},
        "department_staff_township": {"place_id": townships[0].id, "department": "civil_affairs"},
    }
    for key, binding in bindings.items():
        role = Role.INSTITUTION_STAFF if key.startswith("institution_staff") else key
        role = Role.DEPARTMENT_STAFF if key.startswith("department_staff") else role
        user = accounts.create_user(
            None,
            username=f"{code}-{key}",
            name=key,
            role=role,
            password="password-1",
            now=now,
            **binding,
        )
        result.users[key] = user
        result.tokens[key] = accounts.issue_token(user, now, days=3650)
    return result


def build_world(now: dt.datetime) -> World:
    return World(now, _county(now, "330127", 29.6, 119.0), _county(now, "522622", 26.9, 107.9))
