"""The demo's one window (一门受理、协同办理), in the county that has a case worker: families'
requests received at the county's window or 千岛湖镇's, transferred to the departments
responsible and left in every state of the transfer workflow, some past their time limit.
One comes from a report case's assistance. Everything goes through the service the API uses
(engine.create, engine.perform), with the days it happened on counted back from `now`.

Each story's overdue or not is so by construction, whatever the day: a state entered a day
or more before today has at least one working day left of its limit (the shortest is two),
and one entered weeks ago has run past the longest run of holidays.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from casework.models import Child, Place, RehabApplication, ReportCase, Transfer
from casework.rules.deadlines import day_start, local_date
from casework.services.cases import service
from casework.services.demo_stories import _at
from casework.workflows.definition import Actor
from casework.workflows.transfer import TRANSFER

TRANSFERS = service(TRANSFER)
WINDOW_ACTIONS = frozenset({"transfer", "answer_family", "close"})


@dataclass(frozen=True)
class Request:
    family: str
    request: str
    # (action, days before today, department or result); the first is the receipt's day
    steps: tuple[tuple, ...]
    township: bool = False  # received at 千岛湖镇's window rather than the county's
    from_report: bool = False  # the assistance a report case needs
    from_rehab: bool = False  # what a rehab-aid application needs of another department
    also_to: tuple[str, ...] = ()  # more departments at the transfer: a sub-case each
    overdue: bool = False  # what the story is built to be, checked by the demo-dates test


def _r(action: str, days_ago: int, detail: str = "") -> tuple[str, int, str]:
    return action, days_ago, detail


HANDLED = "已审核材料并办理"
# The benefit each department's grant puts on the child's file: (benefit, yuan, per).
GRANTS = {
    "civil_affairs": ("temporary_assistance", "3000", "once"),
    "education": ("two_exemptions_one_subsidy", "1250", "once"),
    "medical_insurance": ("insurance_premium_support", "380", "once"),
    "disabled_persons_federation": ("disability_living_subsidy", "300", "month"),
}
# What each department does and grants (None: nothing to grant).
BENEFITS = {
    "civil_affairs": ("经入户核查，纳入临时救助", "临时救助3000元"),
    "education": ("已落实两免一补，下学期起发放", "两免一补"),
    "health": ("安排家庭医生签约，定期随访", None),
    "medical_insurance": ("核定医保参保费用全额资助", "城乡居民医保参保资助"),
    "human_resources": ("为家长推荐公益性岗位", None),
    "disabled_persons_federation": ("经评定，纳入残疾人两项补贴", "困难残疾人生活补贴每月300元"),
    "womens_federation": ("联系志愿者开展家庭教育指导", None),
    "justice": ("指派法律援助律师代理抚养费纠纷", "法律援助"),
    "public_security": ("为孩子补办户口登记", None),
    "youth_league": ("结对青年志愿者每周辅导作业", None),
}
STORIES = (
    Request("刘桂芳", "丈夫病故，家里只剩她和两个孩子，申请救助", (_r("receive", 1),),
            township=True),
    Request("陈建国", "孩子患白血病，医药费负担重，询问能否减免", (_r("receive", 21),),
            overdue=True),
    Request("方小燕", "孩子随迁入学，需办理学籍和资助，家里生活也困难",
            (_r("receive", 3), _r("transfer", 1, "education")), also_to=("civil_affairs",)),
    Request("余志强", "孩子医保断缴，申请参保资助",
            (_r("receive", 26), _r("transfer", 24, "medical_insurance")), overdue=True),
    Request("汪丽华", "家中老人卧床，孩子无人照料，申请生活救助",
            (_r("receive", 12), _r("transfer", 11, "civil_affairs"), _r("accept", 8)),
            township=True),
    Request("王秀英", "孩子为肢体残疾，申请残疾人补贴",
            (_r("receive", 64), _r("transfer", 62, "disabled_persons_federation"),
             _r("accept", 58)), overdue=True, from_rehab=True),
    Request("徐海明", "孩子父亲失业，申请就业帮扶",
            (_r("receive", 5), _r("transfer", 4, "human_resources"), _r("refuse", 1)),
            township=True),
    Request("程玉兰", "孩子长期头痛，家里无力带去县城检查",
            (_r("receive", 30), _r("transfer", 29, "health"), _r("accept", 27),
             _r("record_handling", 1))),
    Request("吴美华", "孩子父母关系紧张，孩子受影响，请求家庭教育帮助",
            (_r("receive", 45), _r("transfer", 44, "womens_federation"), _r("accept", 42),
             _r("record_handling", 22)), overdue=True),
    Request("鲍春生", "孩子母亲离家多年，需追索抚养费",
            (_r("receive", 40), _r("transfer", 39, "justice"), _r("accept", 37),
             _r("record_handling", 3), _r("feed_back", 1))),
    Request("姜红梅", "孩子无户口，无法入学",
            (_r("receive", 50), _r("transfer", 49, "education", ), _r("refuse", 47),
             _r("transfer", 46, "public_security"), _r("accept", 44), _r("record_handling", 20),
             _r("feed_back", 19), _r("answer_family", 2)), township=True),
    Request("邵国平", "孩子放学后无人看管，申请课后辅导",
            (_r("receive", 70), _r("transfer", 69, "youth_league"), _r("refuse", 67),
             _r("answer_family", 66), _r("close", 60))),
    Request("郑爱萍", "评估后需要的救助：生活困难，需临时救助",
            (_r("receive", 35), _r("transfer", 35, "civil_affairs"), _r("accept", 33),
             _r("record_handling", 25), _r("feed_back", 24), _r("answer_family", 22),
             _r("close", 15)), from_report=True),
)  # fmt: skip


class TransferLoad:
    """The transfers of one county: the county's case worker is the window, 千岛湖镇's child
    supervisor the township's; each department's officer answers for it, 千岛湖镇's own
    civil-affairs office for the requests its window received."""

    def __init__(self, worker: Actor, supervisor: Actor, offices: dict[tuple[str, str], Actor],
                 now: dt.datetime, seed: int):  # fmt: skip
        self.worker, self.supervisor, self.now = worker, supervisor, now
        self.offices = offices
        self.rng = random.Random(seed)
        self.township = Place.get_by_id(supervisor.place_id)
        self.county_path = Place.get_by_id(worker.place_id).path
        self.states: Counter = Counter()

    def run(self) -> None:
        used: set[int] = set()
        for story in STORIES:
            self._story(story, used)

    def _story(self, story: Request, used: set[int]) -> None:
        window = self.supervisor if story.township else self.worker
        today = local_date(self.now)
        (_, days_ago, _), *steps = story.steps
        at = self._on(today - dt.timedelta(days=days_ago))
        case = TRANSFERS.create(window, self._request(story, used), at)
        state, department = "received", ""
        for action, days_ago, detail in steps:
            at = max(self._on(today - dt.timedelta(days=days_ago)), at + dt.timedelta(minutes=10))
            department = detail or department
            actor = window if action in WINDOW_ACTIONS else self._office(department, story)
            arguments = self._arguments(action, detail, department, at)
            if action == "transfer" and story.also_to:
                arguments["payload"]["also_to"] = list(story.also_to)
            state = TRANSFERS.act(actor, case.id, action, now=at, **arguments).to_state
        self.states[state] += 1
        self.states.update(t.state for t in Transfer.select().where(Transfer.parent == case.id))

    def _office(self, department: str, story: Request) -> Actor:
        township = self.offices.get((department, "township"))
        return township if story.township and township else self.offices[(department, "county")]

    def _request(self, story: Request, used: set[int]) -> dict:
        values = {"family_name": story.family, "request": story.request,
                  "family_phone": f"139{self.rng.randrange(10**8):08d}"}  # fmt: skip
        if story.from_rehab:
            application = (
                RehabApplication.select()
                .join(Place, on=(RehabApplication.place == Place.id))
                .where(RehabApplication.state == "in_rehabilitation",
                       Place.path.startswith(self.county_path))
                .order_by(RehabApplication.id)
                .first()
            )  # fmt: skip
            child = Child.get_by_id(application.child_id)
            values["rehab_application_id"] = application.id
        elif story.from_report:
            case = (
                ReportCase.select()
                .join(Place, on=(ReportCase.place == Place.id))
                .where(
                    ReportCase.child.is_null(False),
                    ReportCase.state.in_(("assistance", "monitoring")),
                    Place.path.startswith(self.county_path),
                )
                .order_by(ReportCase.id)
                .first()
            )
            child = Child.get_by_id(case.child_id)
            values["report_case_id"] = case.id
        else:
            villages = Place.select(Place.id).where(Place.parent == self.township.id)
            query = Child.select().where(Child.place.in_(villages), Child.id.not_in(used or {0}))
            child = self.rng.choice(list(query.order_by(Child.id)))
        used.add(child.id)
        return {**values, "child_id": child.id, "place_id": child.place_id}

    def _arguments(self, action: str, detail: str, department: str, at: dt.datetime) -> dict:
        match action:
            case "transfer":
                return {"payload": {"department": detail, "note": "请按时限办理并反馈"}}
            case "refuse":
                return {"reason": "不属于本部门职责，请转相关部门"}
            case "record_handling":
                handling, benefit = BENEFITS[department]
                payload = {"handling": handling, "benefit_granted": benefit is not None}
                if department in GRANTS:  # onto the child's file, with its amount
                    code, amount, period = GRANTS[department]
                    payload |= {"grant_benefit": code, "grant_amount": amount,
                                "grant_period": period,
                                "grant_starts_on": local_date(at).isoformat()}  # fmt: skip
                return {"payload": {**payload, "benefit": benefit or ""}}
            case "feed_back":
                handling, benefit = BENEFITS[department]
                return {"payload": {"feedback": f"{handling}。{benefit or ''}".rstrip("。")}}
            case "answer_family":
                answer = "已电话告知家长办理结果"
                return {"payload": {"answer": answer, "answered_on": local_date(at).isoformat()}}
        return {}

    def _on(self, day: dt.date) -> dt.datetime:
        """That day in China's office hours, never after now (as demo_protection does)."""
        at = _at(self.rng, dt.datetime.combine(day, dt.time()))
        return max(min(at, self.now - dt.timedelta(minutes=5)), min(day_start(day), self.now))
