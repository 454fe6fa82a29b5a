"""The demo's applications: file one, then carry it through its planned steps with the
arguments a clerk, reviewer, institution or auditor would give (all through casework.services).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from casework.models import Child, Institution
from casework.rules.deadlines import local_date
from casework.services import demo_county as data
from casework.services import rehab
from casework.services.demo_claims import ClaimDesk
from casework.services.demo_stories import Step, Story, attendance_steps
from casework.workflows.definition import Actor

PAPERS = ["identity", "residence", "diagnosis"]


@dataclass
class Cast:
    """Who acts in a county: one actor per role, the staff of each institution."""

    actors: dict[str, Actor]
    staff_of: dict[int, Actor]  # institution id -> its demo staff member
    institutions: list[Institution]
    rng: random.Random
    desk: ClaimDesk | None = None  # the county's claims; None where nobody audits or pays


class ApplicationRun:
    def __init__(self, cast: Cast, story: Story, now: dt.datetime):
        self.cast, self.story, self.now, self.rng = cast, story, now, cast.rng
        self.institution_id: int | None = None  # where the application is referred now
        self.applicant = ""

    def run(self, child_id: int, guardian: dict) -> str:
        """File the application, take every step; returns the state it ends in."""
        self.applicant = guardian["name"]
        application = rehab.submit_application(
            self._submitter(), self._application_data(child_id, guardian), self.story.submitted_at
        )
        state = str(application.state)
        for step in self._all_steps():
            if step.action == "settle":  # nobody settles by hand: finance pays the claims
                self.cast.desk.settle(application.id, self.institution_id, step.at)
                state = str(rehab.require(application.id).state)
                continue
            actor, arguments = self._arguments(step)
            outcome = rehab.act(actor, application.id, step.action, now=step.at, **arguments)
            if "institution" in outcome.changes:
                self.institution_id = outcome.changes["institution"][1]
            state = outcome.to_state
        return state

    def _offering(self, out_of_county: bool = True) -> list[Institution]:
        return [
            i
            for i in self.cast.institutions
            if set(self.story.items) <= set(i.aid_items) and (out_of_county or not i.out_of_county)
        ]

    def _submitter(self) -> Actor:
        """Mostly the clerk; sometimes an institution files on the guardian's behalf."""
        offering = self._offering(out_of_county=False)
        if self.story.by_institution and offering:
            return self.cast.staff_of[offering[0].id]
        return self.cast.actors["intake_clerk"]

    def _application_data(self, child_id: int, guardian: dict) -> dict:
        kinds = "、".join(data.DISABILITY_NAMES[d] for d in self.story.disabilities)
        values = {
            "child_id": child_id,
            # an institution filing on the guardian's behalf holds the ID number from the papers
            "id_number": Child.get_by_id(child_id).id_number,
            "items": list(self.story.items),
            "applicant_name": guardian["name"],
            "applicant_relation": guardian["relation"],
            "documents_received": self.story.documents,
            "diagnosis": f"县人民医院诊断：{kinds}残疾，建议康复训练",
        }
        if self.story.wants_preferred:
            values["preferred_institution_id"] = self.rng.choice(self._offering()).id
        return values

    def _all_steps(self) -> list[Step]:
        """The story's steps after submission, plus monthly attendance once rehab starts."""
        steps = self.story.steps[1:]
        plan = next((s for s in steps if s.action == "record_plan"), None)
        if plan is None:
            return steps
        end = next((s for s in steps if s.action in ("complete", "report_dropout")), None)
        settle = next((s for s in steps if s.action == "settle"), None)
        start = local_date(plan.at).replace(day=1)
        if end:
            last = local_date(end.at).replace(day=1)
            if end.action == "report_dropout" and last > start:
                last = (last - dt.timedelta(days=1)).replace(day=1)  # stopped the month before
        else:
            last = local_date(self.now).replace(day=1)
            if self.story.stop_attendance_early:  # no attendance lately: a suspected dropout
                last = max(start, (last - dt.timedelta(days=40)).replace(day=1))
        self.story.last_month = last
        extra = attendance_steps(start, last, self.now, settle.at if settle else None)
        return sorted(steps + extra, key=lambda s: s.at)

    def _arguments(self, step: Step) -> tuple[Actor, dict]:
        actors, day = self.cast.actors, local_date(step.at).isoformat()
        staff = self.cast.staff_of.get(self.institution_id)
        match step.action:
            case "start_review" | "refer" | "close":
                return actors["reviewer"], {}
            case "approve":
                override = self.story.too_old and {"override_reason": data.OVERRIDE_REASON}
                return actors["reviewer"], {"payload": override or {}}
            case "return_for_correction":
                return actors["reviewer"], {"reason": data.RETURN_REASON}
            case "reject":
                key = "residence" if self.story.residence_basis is None else "age"
                return actors["reviewer"], {"reason": data.REJECT_REASONS[key]}
            case "resubmit":
                return actors["intake_clerk"], {"payload": {"received": PAPERS}}
            case "withdraw":
                return actors["intake_clerk"], {"reason": self.rng.choice(data.WITHDRAW_REASONS)}
            case "accept_referral":
                return staff, {}
            case "decline_referral":
                return staff, {"reason": self.rng.choice(data.DECLINE_REASONS)}
        return staff, self._institution_arguments(step, day)

    def _institution_arguments(self, step: Step, day: str) -> dict:
        rng = self.rng
        match step.action:
            case "sign_agreement":
                terms = "按救助标准提供康复服务，监护人按时送训"
                return {"payload": {"signed_on": day, "guardian_name": self.applicant,
                                    "terms": terms}}  # fmt: skip
            case "record_plan":
                assessed = local_date(step.at) - dt.timedelta(days=rng.randint(0, 3))
                return {"payload": {"assessed_on": assessed.isoformat(), "starts_on": day,
                                    "assessment": data.ASSESSMENT, "goals": data.GOALS,
                                    "planned_months": rng.choice((6, 10, 12))}}  # fmt: skip
            case "record_attendance":
                days = rng.randint(8, 22)
                return {"payload": {"month": f"{step.month:%Y-%m}", "days_attended": days,
                                    "sessions": days * 2}}  # fmt: skip
            case "report_dropout":
                last = f"{self.story.last_month:%Y-%m}"
                return {"reason": rng.choice(data.DROPOUT_REASONS),
                        "payload": {"dropped_on": day, "last_month": last}}  # fmt: skip
            case "complete":
                return {"payload": {"completed_on": day, "summary": "达到计划目标"}}
        raise ValueError(f"the demo has no arguments for {step.action}")
