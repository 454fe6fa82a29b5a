"""The demo's families, in the county with child protection (淳安县): a family in each parent's
situation and a child in each category, with why; a clerk's category waiting for the
supervisor and one confirmed; a child without an ID number; and children off the register
for each reason: one who turned 18 (the birthday job took the child off), one who died, one no
longer in difficulty after review, one who moved to 桐庐县 and was taken over there, and one
moved there still waiting. Dates count back from the day the demo is loaded, so it holds on
any day. Everything goes through the services the API uses."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from casework.models import Place
from casework.rules.deadlines import local_date
from casework.rules.identity import compose_resident_id
from casework.services import children, family, register
from casework.workflows.definition import SYSTEM, Actor

AWAY = {"working_away"}


@dataclass(frozen=True)
class Family:
    """One demo family: the child's name and age, each parent's situation (and where a parent
    works away), what else the file says."""

    name: str
    age: int
    father: str
    mother: str
    away: tuple[str, str] = ("", "")
    carer: tuple[str, str] = ("", "")  # name, relation
    subsistence: str = "none"
    disabilities: tuple[str, ...] = ()
    seriously_ill: bool = False
    claim: str = ""  # a category the clerk sets, with CLAIM_REASON
    confirmed: bool = False  # ... and the supervisor confirmed
    leaves: str = ""  # the register action that takes the child off


FAMILIES = (
    Family("方思远", 9, "working_away", "working_away", ("浙江省杭州市", "江苏省苏州市"),
           ("方桂英", "祖母")),
    Family("余晓雯", 7, "working_away", "severely_disabled", ("广东省东莞市", ""),
           ("余老三", "祖父")),
    Family("程子涵", 12, "deceased", "deceased", carer=("程美华", "姑姑"), subsistence="tekun"),
    Family("邵一鸣", 10, "imprisoned", "missing", carer=("邵建国", "伯父")),
    Family("汪佳怡", 8, "deceased", "drug_rehab", carer=("汪红", "外婆")),
    Family("毛雨轩", 6, "seriously_ill", "deported", carer=("毛金花", "祖母")),
    Family("鲁安琪", 11, "guardianship_revoked", "present"),
    Family("项天佑", 5, "unknown", "working_away", ("", "上海市"), subsistence="dibao"),
    Family("叶可欣", 13, "present", "present", subsistence="dibao"),
    Family("吴梓轩", 4, "present", "present", disabilities=("hearing",)),
    Family("胡思琪", 14, "present", "seriously_ill", seriously_ill=True),
    Family("徐浩然", 15, "working_away", "present", ("福建省厦门市", ""), claim="temporary"),
    Family("姜雨桐", 9, "present", "present", claim="family", confirmed=True),
    Family("严嘉懿", 10, "deceased", "present", leaves="leave_died"),
    Family("詹子墨", 12, "working_away", "working_away", ("浙江省宁波市", "浙江省宁波市"),
           ("詹奶奶", "祖母"), leaves="leave_out_of_difficulty"),
    Family("王一诺", 8, "present", "working_away", ("", "桐庐县"), leaves="leave_moved_out"),
    Family("江沐阳", 6, "present", "present", subsistence="dibao", leaves="take_over"),
)  # fmt: skip
CLAIM_REASON = {
    "temporary": "县定：父亲外出、母亲独自抚养三个孩子，收入不稳定",
    "family": "低保申请已受理，家庭收入低于标准",
}
NO_ID = {"name": "无名男童", "sex": "M",
         "description": "约6岁，左眉有疤，春节前在县汽车站被发现，自称姓“小宝”"}  # fmt: skip


@dataclass
class FamilyLoad:
    """The families of one county, in its child director's village."""

    actors: dict[str, Actor]
    elsewhere: dict[str, Actor]  # the other county's users (桐庐县): its case worker
    now: dt.datetime
    made: int = 0
    states: Counter = field(default_factory=Counter)

    def run(self) -> None:
        director = self.actors["child_director"]
        self.village = Place.get_by_id(director.place_id)
        self.today = local_date(self.now)
        for number, story in enumerate(FAMILIES, start=1):
            self._family(number, story)
        self._without_id()
        self._came_of_age()

    def _family(self, number: int, story: Family) -> None:
        registered = self.now - dt.timedelta(days=200 - number)
        birth = _years_before(self.today - dt.timedelta(days=40 + number), story.age)
        clerk, director = self.actors["intake_clerk"], self.actors["child_director"]
        child = children.register_child(clerk, {
            "id_number": compose_resident_id("330127", birth, 600 + number),
            "name": story.name, "place_id": self.village.id,
            "residence_basis": "permanent_hukou", "disability_types": list(story.disabilities),
        }, registered)  # fmt: skip
        self.made += 1
        at = registered + dt.timedelta(days=3)
        facts = self._facts(story, local_date(at))
        child = family.record_family(director, child.id, facts, at, child.version)
        if story.claim:
            at += dt.timedelta(days=1)
            child = family.claim_category(director, child.id, story.claim,
                                          CLAIM_REASON[story.claim], at, child.version)  # fmt: skip
        if story.confirmed:
            at += dt.timedelta(days=2)
            child = family.review_claim(self.actors["child_supervisor"], child.id, story.claim,
                                        True, "入户核实属实", at, child.version)  # fmt: skip
        if story.leaves:
            self._leave(child.id, child.version, story.leaves, number)

    def _facts(self, story: Family, day: dt.date) -> dict:
        """The facts as recorded on `day`: the situations began months before it."""
        parents = []
        for n, (role, situation) in enumerate((("father", story.father),
                                               ("mother", story.mother))):  # fmt: skip
            parent = {"role": role, "situation": situation, "away_place": story.away[n],
                      "since": _since(day, situation, n)}  # fmt: skip
            parents.append(parent)
        return {
            "parents": parents,
            "carer_name": story.carer[0],
            "carer_relation": story.carer[1],
            "subsistence": story.subsistence,
            "seriously_ill": story.seriously_ill,
            "school": "千岛湖镇中心小学" if story.age >= 6 else "",
        }

    def _leave(self, child_id: int, version: int, wanted: str, number: int) -> None:
        """Off the register by `wanted`; "take_over": moved to 桐庐县, which took it over."""
        left_on = (self.today - dt.timedelta(days=20 + number)).isoformat()
        options: dict = {"payload": {"left_on": left_on}, "expected_version": version}
        action, actor = wanted, self.actors["child_director"]
        if action == "leave_out_of_difficulty":
            actor = self.actors["child_supervisor"]
            options["reason"] = "复核：父母返乡就业，家庭已脱困"
        if action in ("leave_moved_out", "take_over"):
            tonglu = Place.get_by_id(self.elsewhere["case_worker"].county_id)
            options["payload"] |= {"moved_to": "桐庐县", "to_county_id": tonglu.id}
            action = "leave_moved_out"
        at = self.now - dt.timedelta(days=15, hours=number)
        outcome = register.act(actor, child_id, action, now=at, **options)
        if wanted == "take_over":
            tonglu_village = next(p for p in Place.select().where(
                Place.path.startswith(f"/{tonglu.id}/"), Place.level == "village"))  # fmt: skip
            register.act(self.elsewhere["case_worker"], child_id, "take_over",
                         now=at + dt.timedelta(days=5), expected_version=outcome.version,
                         payload={"place_id": tonglu_village.id})  # fmt: skip

    def _without_id(self) -> None:
        data = {**NO_ID, "place_id": self.village.id,
                "birth_date": _years_before(self.today - dt.timedelta(days=90), 6)}  # fmt: skip
        children.register_without_id(self.actors["intake_clerk"], data,
                                     self.now - dt.timedelta(days=30))  # fmt: skip
        self.made += 1

    def _came_of_age(self) -> None:
        """A child registered at 17 whose 18th birthday was ten days ago, taken off on the
        day as the scheduler's birthday job does (that job alone, here, would also take off
        any story child who has turned 18 since: the demo keeps those as it made them)."""
        birthday = self.today - dt.timedelta(days=10)
        birth = _years_before(birthday, 18)
        child = children.register_child(self.actors["intake_clerk"], {
            "id_number": compose_resident_id("330127", birth, 699), "name": "柯俊杰",
            "place_id": self.village.id, "residence_basis": "permanent_hukou",
        }, self.now - dt.timedelta(days=300))  # fmt: skip
        self.made += 1
        register.act(SYSTEM, child.id, "come_of_age", now=self.now)


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 2, 28)


def _since(today: dt.date, situation: str, n: int) -> dt.date | None:
    """When a situation began: a few months to two years ago; none for a parent at home."""
    if situation in ("present", "unknown"):
        return None
    return today - dt.timedelta(days=120 + 210 * n)
