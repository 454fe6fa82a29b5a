"""The demo's settlement: institutions bill the county through real claims, the settlement
auditor audits, finance pays. An application reaches `settled` only this way: the payment of
the claim holding its last unpaid aid item settles it (workflows.settlement), as in production.

Besides the claims that settle the demo's settled and closed applications, each county's
institutions have claims for past quarters left in every state of the claim workflow, so that
every screen and every reminder has something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from casework.models import Attendance, Claim, ClaimLine, DropoutReport, RehabApplication
from casework.rules.deadlines import local_date
from casework.rules.money import format_yuan
from casework.rules.periods import Cycle, Period, period_containing
from casework.rules.subsidy import is_monthly
from casework.services import claims
from casework.workflows.definition import Actor

ATTESTATION = "本机构承诺所报康复费用真实、准确，已按规定扣除各类医疗保障报销金额"
REJECTION = ("receipts_missing", "缺少当月康复训练费用发票")
# The sample claims, oldest quarter first: how far each goes along the claim workflow.
SAMPLE_STATES = ("paid", "sent_to_finance", "federation_audited", "self_audited", "draft")
STEP = dt.timedelta(days=4)  # between one claim action and the next


@dataclass
class ClaimDesk:
    """Who works on a county's claims: each institution's staff, the auditor and finance."""

    staff_of: dict[int, Actor]
    auditor: Actor
    finance: Actor
    rng: random.Random

    def settle(self, application_id: int, institution_id: int, paid_at: dt.datetime) -> None:
        """Bill and pay every period the application has something to bill in, one claim per
        period, the last one paid at `paid_at`; its payment settles the application."""
        periods = periods_to_bill(application_id)
        for n, period in enumerate(periods):
            latest = paid_at - STEP * (6 + 7 * (len(periods) - 1 - n))
            self.run(institution_id, period, "paid", min(_after(period), latest), [application_id])

    def run(
        self,
        institution_id: int,
        period: Period,
        target: str,
        at: dt.datetime,
        application_ids: list[int] | None = None,
        reject_one: bool = False,
        until: dt.datetime | None = None,
    ) -> Claim | None:
        """Draft the institution's claim for `period` at `at` and take it to `target`, one
        step every few days, none after `until` (the claim stops short of `target` then).
        None (and no claim) when the period has nothing to bill."""
        staff = self.staff_of[institution_id]
        claim = claims.draft_claim(staff, {"period": period.label}, at, application_ids)
        lines = list(ClaimLine.select().where(ClaimLine.claim == claim.id))
        if not lines:
            claims.act(staff, claim.id, "discard", now=at, reason="本期无可申报的康复项目")
            return None
        steps = self._steps(claim.id, lines, reject_one)
        for n, (actor, action, payload) in enumerate(steps, start=1):
            when = at + STEP * n
            if n > 1 and _reached(claim.id, target) or until is not None and when > until:
                break  # a draft gets its costs all the same, if the day has come
            if action == "record_payment":
                payload = self._payment(claim.id, when)
            claims.act(actor, claim.id, action, now=when, payload=payload)
        return claim

    def _steps(self, claim_id: int, lines: list[ClaimLine], reject_one: bool) -> list:
        staff = self.staff_of[Claim.get_by_id(claim_id).institution_id]
        costs = [{"line_id": line.id, "total_cost": self._cost(line)} for line in lines]
        submit = {"attestation": ATTESTATION, "attested_by": "院长"}
        rejected = [{"line_id": lines[0].id, "decision": "reject", "code": REJECTION[0],
                     "reason": REJECTION[1]}] if reject_one and len(lines) > 1 else []  # fmt: skip
        return [
            (staff, "edit_lines", {"lines": costs}),
            (staff, "submit", submit),
            (self.auditor, "decide_lines", {"decisions": rejected, "approve_others": True}),
            (self.auditor, "complete_audit", None),
            (self.auditor, "send_to_finance", None),
            (self.finance, "record_payment", None),  # the amount is known once audited
        ]

    def _cost(self, line: ClaimLine) -> str:
        """What the institution charged: about 2,000 to 3,200 yuan a month of training, the
        price of a device or an operation otherwise."""
        if is_monthly(line.aid_item):
            months = max(1, len(line.months or []))
            return format_yuan(months * self.rng.randrange(2000, 3200, 50) * 100)
        return format_yuan(self.rng.randrange(3000, 40000, 500) * 100)

    def _payment(self, claim_id: int, when: dt.datetime) -> dict:
        return {"paid_on": local_date(when).isoformat(), "voucher_number": f"记-{claim_id:04d}",
                "amount": format_yuan(claims.totals(claim_id).approved)}  # fmt: skip


def _reached(claim_id: int, target: str) -> bool:
    return Claim.get_by_id(claim_id).state == target


def _over(period: Period) -> dt.datetime:
    """10:00 in China on the day after the period ends: the first time it may be billed."""
    return dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(2))


def _after(period: Period) -> dt.datetime:
    """A week after the period ends, when its last month's attendance is on record."""
    return dt.datetime.combine(period.end + dt.timedelta(days=8), dt.time(2))


def periods_to_bill(application_id: int) -> list[Period]:
    """The quarters holding the application's months attended and its completion."""
    application = RehabApplication.get_by_id(application_id)
    dropout = DropoutReport.get_or_none(DropoutReport.application == application_id)
    days = [
        a.month
        for a in application.attendance
        if a.days_attended > 0 and (dropout is None or a.month <= dropout.last_month)
    ]
    one_time = [i for i in application.items if not is_monthly(i.aid_item)]
    if application.completed_on and one_time:
        days.append(application.completed_on)
    labels = {}
    for day in days:
        period = period_containing(day, Cycle.QUARTERLY)
        labels[period.label] = period
    return [labels[k] for k in sorted(labels)]


def sample_claims(desk: ClaimDesk, county_id: int, now: dt.datetime) -> list[Claim]:
    """One claim in each state of SAMPLE_STATES for past quarters, the oldest furthest along.
    Each bills a few of an institution's children (its claims are split so that every state
    gets one); a paid claim bills only children still in rehabilitation, so that no payment
    here settles a demo application early. The current quarter stays unbilled for the README."""
    batches = _batches(county_id, now)
    made = []
    for target in SAMPLE_STATES:
        # the next batch that still has something to bill (a settling claim may have billed
        # its months already) and whose quarter was over long enough ago to be drafted
        for batch in [b for b in batches if target != "paid" or b[3]]:
            batches.remove(batch)
            institution, period, application_ids, _ = batch
            # drafted once the quarter is over, each step done by now
            at = max(_over(period), min(_after(period), now - STEP * 8))
            if at > now:
                continue
            claim = desk.run(institution, period, target, at, application_ids,
                             reject_one=target == "federation_audited", until=now)  # fmt: skip
            if claim is not None:
                made.append(claim)
                break
    return made


def _batches(county_id: int, now: dt.datetime) -> list[tuple]:
    """(institution, past quarter, applications, all in rehabilitation?) with months to bill,
    oldest quarter first, each institution's children of a quarter in two halves."""
    A = RehabApplication
    current = period_containing(local_date(now), Cycle.QUARTERLY).label
    found: dict[tuple, dict[int, str]] = {}
    rows = (
        A.select(A.id, A.institution, A.state, Attendance.month)
        .join(Attendance)
        .where(A.county == county_id, Attendance.days_attended > 0,
               A.state.in_(["in_rehabilitation", "completed", "dropped_out"]))
        .tuples()
    )  # fmt: skip
    for application_id, institution_id, state, month in rows:
        period = period_containing(month, Cycle.QUARTERLY)
        if period.label != current:
            found.setdefault((period.label, institution_id, period), {})[application_id] = state
    batches = []
    for (_, institution_id, period), states in sorted(found.items(), key=lambda kv: kv[0][:2]):
        ids = sorted(states)
        for half in (ids[: len(ids) // 2], ids[len(ids) // 2 :]):
            if half:
                calm = all(states[i] == "in_rehabilitation" for i in half)
                batches.append((institution_id, period, half, calm))
    return batches
