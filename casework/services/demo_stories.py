"""Plans for the demo's children and applications: who the child is, what is applied for, and
the dated actions that carry each application to its final state (no database access here).

Dates run backwards from `now`: the last action happens `idle` days ago (long enough ago, for
some, that the state's time limit has passed), each earlier one a realistic gap before it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from casework.reminders.calendar_math import next_month
from casework.rules.deadlines import local_date
from casework.rules.eligibility import max_age
from casework.rules.subsidy import is_monthly
from casework.vocabulary import AidItem

REVIEWED = ("start_review", "approve")
CARE = ("refer", "accept_referral", "sign_agreement", "record_plan")
PATHS: dict[str, tuple[str, ...]] = {
    "submitted": (),
    "under_review": ("start_review",),
    "returned": ("start_review", "return_for_correction"),
    "resubmitted": ("start_review", "return_for_correction", "resubmit"),
    "rejected": ("start_review", "reject"),
    "withdrawn": ("withdraw",),
    "approved": REVIEWED,
    "referred": REVIEWED + CARE[:1],
    "accepted": REVIEWED + CARE[:2],
    "agreed": REVIEWED + CARE[:3],
    "in_rehabilitation": REVIEWED + CARE,
    "dropped_out": REVIEWED + CARE + ("report_dropout",),
    "completed": REVIEWED + CARE + ("complete",),
    "settled": REVIEWED + CARE + ("complete", "settle"),
    "closed": REVIEWED + CARE + ("complete", "settle", "close"),
}
GAP_DAYS = {
    "start_review": (1, 5),
    "return_for_correction": (2, 6),
    "resubmit": (3, 10),
    "reject": (3, 9),
    "approve": (2, 8),
    "withdraw": (2, 10),
    "refer": (1, 3),
    "accept_referral": (1, 4),
    "decline_referral": (1, 4),
    "sign_agreement": (2, 8),
    "record_plan": (5, 20),
    "complete": (60, 200),
    "report_dropout": (30, 120),
    "settle": (40, 70),
    "close": (3, 15),
}
# Days since the last action: (on time, overdue); overdue ones are past the state's limit.
IDLE_DAYS = {
    "submitted": ((0, 5), (26, 45)),
    "under_review": ((0, 5), (26, 45)),
    "resubmitted": ((0, 6), (26, 45)),
    "referred": ((0, 3), (10, 20)),
    "accepted": ((0, 6), (18, 30)),
    "agreed": ((0, 15), (35, 50)),
    "in_rehabilitation": ((5, 150), None),
}
OTHER_IDLE = (0, 30)
# From a claim's draft to its payment (demo_claims: six steps four days apart), and a day more
PAID_AFTER_DRAFT = dt.timedelta(days=26)
OVERDUE_SHARE = 0.25
ITEM_SETS: dict[str, list[tuple[str, ...]]] = {
    "limb": [("training_limb",), ("training_limb", "mobility_aid"), ("prosthesis_orthosis",),
             ("limb_surgery",)],
    "hearing": [("training_hearing",), ("hearing_aids", "training_hearing"),
                ("cochlear_implant",)],
    "speech": [("training_speech",)],
    "visual": [("training_visual",)],
    "intellectual": [("training_intellectual",)],
    "autism": [("training_autism",)],
}  # fmt: skip
DISABILITY_WEIGHTS = {
    "limb": 30,
    "intellectual": 20,
    "autism": 20,
    "hearing": 12,
    "speech": 12,
    "visual": 6,
}
EXTRA_DISABILITY = {"speech": "intellectual", "intellectual": "speech", "autism": "speech"}


@dataclass
class Step:
    at: dt.datetime
    action: str
    month: dt.date | None = None  # the month an attendance step records


@dataclass
class Story:
    """One child, and (unless `target` is None) one application and its steps."""

    number: int
    target: str | None
    disabilities: list[str]
    items: tuple[str, ...] = ()
    birth_date: dt.date = dt.date(2020, 1, 1)
    residence_basis: str | None = "permanent_hukou"
    too_old: bool = False
    by_institution: bool = False
    wants_preferred: bool = False
    stop_attendance_early: bool = False
    registered_at: dt.datetime = dt.datetime(2020, 1, 1)
    last_month: dt.date | None = None  # the last month of attendance, once known
    steps: list[Step] = field(default_factory=list)

    @property
    def submitted_at(self) -> dt.datetime:
        return self.steps[0].at

    @property
    def documents(self) -> list[str]:
        needs_correction = "return_for_correction" in (s.action for s in self.steps)
        papers = ["identity", "residence", "diagnosis"]
        return papers[:2] if needs_correction else papers


def item_options(offered: list[set[str]]) -> dict[str, list[tuple[str, ...]]]:
    """Item sets per disability that at least one of the county's institutions offers whole;
    "any" holds early intervention, open to every disability type."""
    options: dict[str, list[tuple[str, ...]]] = {}
    every: dict[str, list[tuple[str, ...]]] = {**ITEM_SETS, "any": [("early_intervention",)]}
    for disability, sets in every.items():
        usable = [s for s in sets if any(set(s) <= o for o in offered)]
        if usable:
            options[disability] = usable
    return options


def plan_stories(
    now: dt.datetime, targets: dict[str, int], children: int, offered: list[set[str]], seed: int
) -> list[Story]:
    """Stories for `children` children, with applications ending in `targets` states."""
    rng = random.Random(seed)
    options = item_options(offered)
    multi = {i for i in AidItem if sum(i.value in o for o in offered) >= 2}
    ends = [state for state, count in targets.items() for _ in range(count)]
    rng.shuffle(ends)
    stories = [
        _application_story(rng, now, n, state, options, multi) for n, state in enumerate(ends)
    ]
    for n in range(len(ends), children):
        stories.append(_child_only(rng, now, n, options))
    return stories


def _application_story(rng, now, number, target, options, multi) -> Story:
    disability = _pick_disability(rng, options)
    items = rng.choice(options[disability])
    if rng.random() < 0.08 and target != "rejected" and options.get("any"):
        items = ("early_intervention",)
    story = Story(number, target, [disability], items)
    if disability in EXTRA_DISABILITY and rng.random() < 0.15:
        story.disabilities.append(EXTRA_DISABILITY[disability])
    story.steps = _steps(rng, now, target, set(items) <= multi, all(map(is_monthly, items)))
    if target == "rejected":
        story.residence_basis, story.too_old = rng.choice(
            [(None, False), ("permanent_hukou", True)]
        )
    elif target != "withdrawn" and rng.random() < 0.04:
        story.too_old = True  # approved only with a written override, or still in review
    else:
        story.residence_basis = rng.choice(["permanent_hukou"] * 8 + ["temporary_hukou"] * 1
                                           + ["residence_permit"] * 1)  # fmt: skip
    story.birth_date = _birth_date(rng, local_date(story.submitted_at), items, story.too_old)
    story.by_institution = rng.random() < 0.15
    story.wants_preferred = rng.random() < 0.2
    story.stop_attendance_early = rng.random() < 0.1
    story.registered_at = story.submitted_at - dt.timedelta(days=rng.randint(1, 30), hours=1)
    return story


def _child_only(rng, now, number, options) -> Story:
    """A registered child with no application (yet): some have no disability at all."""
    disabilities = [_pick_disability(rng, options)] if rng.random() < 0.6 else []
    born = local_date(now) - dt.timedelta(days=rng.randint(200, 14 * 365))
    registered = now - dt.timedelta(days=rng.randint(1, 400), hours=rng.randint(1, 6))
    return Story(number, None, disabilities, birth_date=born, registered_at=registered)


def _pick_disability(rng, options) -> str:
    names = [d for d in DISABILITY_WEIGHTS if options.get(d)]
    return rng.choices(names, weights=[DISABILITY_WEIGHTS[d] for d in names])[0]


def _birth_date(rng, applied_on: dt.date, items, too_old: bool) -> dt.date:
    limit = min(max_age(AidItem(i)) for i in items)
    if too_old:  # a few months past the last qualifying birthday
        days = (limit + 1) * 366 + rng.randint(10, 200)
    else:
        days = rng.randint(180, (limit + 1) * 365 - 30)
    return applied_on - dt.timedelta(days=days)


def _steps(rng, now, target, several_institutions: bool, monthly_only: bool) -> list[Step]:
    actions = list(PATHS[target])
    if target == "settled" and monthly_only and rng.random() < 0.3:
        # settled for the months trained; a device or operation is paid only when done
        actions[actions.index("complete")] = "report_dropout"
    if "approve" in actions or "reject" in actions:
        if rng.random() < 0.15:
            first = actions.index("start_review") + 1
            actions[first:first] = ["return_for_correction", "resubmit", "start_review"]
    if "accept_referral" in actions and several_institutions and rng.random() < 0.12:
        refer = actions.index("refer")
        actions[refer:refer] = ["refer", "decline_referral"]
    if target == "withdrawn" and rng.random() < 0.5:
        actions.insert(0, "start_review")
    return _dated(rng, now, target, ["submit", *actions])


def _dated(rng, now, target, actions) -> list[Step]:
    on_time, overdue = IDLE_DAYS.get(target, (OTHER_IDLE, None))
    late = overdue is not None and rng.random() < OVERDUE_SHARE
    last = _at(rng, now - dt.timedelta(days=rng.randint(*(overdue if late else on_time))))
    last = min(last, now - dt.timedelta(minutes=rng.randint(5, 90)))
    times = [last]
    for action in reversed(actions[1:]):
        before = times[-1] - dt.timedelta(days=rng.randint(*GAP_DAYS[action]))
        if action == "settle":
            before = min(before, _quarter_over_by(rng, times[-1]))
        times.append(_at(rng, before))
    steps = [Step(at, action) for at, action in zip(reversed(times), actions, strict=True)]
    return steps


def _quarter_over_by(rng, settled: dt.datetime) -> dt.datetime:
    """The latest time the care may end (completion or dropout) for a claim to pay it at
    `settled`: its quarter is billed only once over, and a claim takes PAID_AFTER_DRAFT from
    draft to payment; so the care ended in a quarter over by then, a few days before its end."""
    drafted = local_date(settled) - PAID_AFTER_DRAFT
    quarter_start = drafted.replace(month=(drafted.month - 1) // 3 * 3 + 1, day=1)
    if drafted == _quarter_end(quarter_start):
        quarter_start = _quarter_end(quarter_start) + dt.timedelta(days=1)  # that one is over
    ended = quarter_start - dt.timedelta(days=1 + rng.randint(0, 10))
    return dt.datetime.combine(ended, dt.time(2))


def _quarter_end(start: dt.date) -> dt.date:
    month = start.month + 2
    return next_month(start.replace(month=month)) - dt.timedelta(days=1)


def _at(rng, moment: dt.datetime) -> dt.datetime:
    """That day between 10:00 and 16:00 China time (02:00-08:00 UTC)."""
    return dt.datetime.combine(moment.date(), dt.time(2)) + dt.timedelta(
        minutes=rng.randint(0, 360)
    )


def attendance_steps(
    start: dt.date, last_month: dt.date, now: dt.datetime, before: dt.datetime | None
) -> list[Step]:
    """Monthly attendance from `start`'s month to `last_month`, each recorded on the 5th of
    the month after (so by the 10th, as the time limit asks), if that day has come."""
    steps, month = [], start.replace(day=1)
    while month <= last_month:
        recorded = dt.datetime.combine(next_month(month).replace(day=5), dt.time(2))
        if recorded > now or (before is not None and recorded >= before):
            break
        steps.append(Step(recorded, "record_attendance", month))
        month = next_month(month)
    return steps
