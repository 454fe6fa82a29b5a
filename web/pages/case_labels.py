"""Names of the codes of settlement claims, mandatory reports, visits and reminders. Their own
tables, since their codes overlap the rehab workflow's ("accepted", "close") with other
meanings; labels.py adds CASE_FIELDS, CASE_TABLES and CASE_WORKFLOWS to its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from casework.reminders.catalogue import catalogue
from casework.reminders.moved import SUFFIX as MOVED
from casework.reminders.moved import moved_rules
from casework.vocabulary import DEPARTMENT_NAMES
from casework.workflows.transfer import STATE_NAMES


def chinese_first(chinese: str, english: str) -> LazyString:
    """A name casework words in Chinese itself (for the ledgers too), so it is written once:
    that on Chinese pages, `english` on English ones."""

    def shown() -> str:
        locale = get_locale()
        return chinese if locale is not None and locale.language == "zh" else english

    return LazyString(shown)


@dataclass(frozen=True)
class WorkflowLabels:
    """What the pages call one workflow's states and actions, and its cases. A workflow in
    the registry (casework/workflows/registry.py) without labels fails
    tests/web/pages/test_translations.py."""

    states: dict
    actions: dict
    state_table: str  # the tables' names in TABLES, as templates ask name_of() for them
    action_table: str
    title: Any  # the workflow, as its diagram is headed
    case_title: Any  # one case, with its number: "... #%(id)s"
    not_possible: Any  # an action refused in a state: %(action)s and %(state)s


CLAIM_STATES = {
    "draft": _l("Draft"),
    "self_audited": _l("Submitted (self-audited)"),
    "federation_audited": _l("Audited by the federation"),
    "sent_to_finance": _l("Sent to finance"),
    "paid": _l("Paid"),
    "discarded": _l("Discarded"),
}

CLAIM_ACTIONS = {
    "draft": _l("Draft claim"),
    "edit_lines": _l("Save costs"),
    "add_line": _l("Add a line"),
    "remove_line": _l("Remove line"),
    "add_adjustment": _l("Correct a paid line"),
    "submit": _l("Submit claim"),
    "decide_lines": _l("Record line decisions"),
    "complete_audit": _l("Complete the audit"),
    "return_for_correction": _l("Return for correction"),
    "send_to_finance": _l("Send to finance"),
    "record_payment": _l("Record payment"),
    "discard": _l("Discard claim"),
}

LINE_STATUSES = {
    "pending": _l("Not decided"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected by the audit"),
}

REJECTION_CODES = {
    "no_attendance": _l("No attendance on file"),
    "receipts_missing": _l("Receipts missing"),
    "insurance_not_deducted": _l("Insurance not deducted"),
    "cost_not_supported": _l("Cost not supported"),
    "outside_agreement": _l("Outside the agreement"),
    "not_eligible": _l("Not eligible"),
    "other": _l("Other"),
}

REPORT_STATES = {
    "reported": _l("Reported, not yet accepted"),
    "accepted": _l("Accepted for handling"),
    "screened_out": _l("Screened out"),
    "emergency_response": _l("Emergency response"),
    "assessment": _l("Assessment"),
    "assistance": _l("Assistance"),
    "guardianship_intervention": _l("Guardianship intervention"),
    "monitoring": _l("Monitoring"),
    "closed": _l("Closed"),
}

REPORT_ACTIONS = {
    "file": _l("File a report"),
    "accept": _l("Accept report"),
    "screen_out": _l("Screen out"),
    "link_child": _l("Link the child's file"),
    "respond": _l("Record emergency response"),
    "start_assessment": _l("Start assessment"),
    "record_assessment": _l("Record assessment"),
    "link_benefit": _l("Link a benefit"),
    "open_rehab_application": _l("Open a rehab-aid application"),
    "record_assistance_plan": _l("Record assistance plan"),
    "intervene": _l("Start guardianship intervention"),
    "record_measure": _l("Record guardianship measure"),
    "resume_monitoring": _l("Resume monitoring"),
    "close": _l("Close case"),
    "reopen": _l("Reopen case"),
}

HARM_TYPES = {
    "abuse": _l("Abuse"),
    "abandonment": _l("Abandonment"),
    "accidental_injury": _l("Accidental injury"),
    "unlawful_harm": _l("Unlawful harm"),
    "guardianship_absent": _l("No guardian caring"),
    "street_child": _l("Living on the street"),
}

VISIT_KINDS = {
    "regular": _l("Regular visit"),
    "monitoring": _l("Monitoring visit"),
    "home_education": _l("Home education"),
}

VISIT_FLAGS = {
    "child_moved": _l("The child had moved out of the visitor's area"),
    "child_left_register": _l("The child had left the register"),
}

DUE_STATUSES = {"due": _l("Due"), "overdue": _l("Overdue")}
SCHOOLING = {
    "not_school_age": _l("Not of school age"),
    "attending": _l("Attending school"),
    "enrolled_not_attending": _l("Enrolled but not attending"),
    "dropped_out": _l("Has dropped out of school"),
}
PARENTS_CONTACT = {
    "lives_with_parents": _l("Lives with the parents"),
    "weekly": _l("At least weekly"),
    "monthly": _l("At least monthly"),
    "rarely": _l("Less than monthly"),
    "none": _l("No contact"),
}
RISK_FLAGS = {
    "no_carer": _l("No one caring for the child"),
    "improper_care": _l("Improper care"),
    "suspected_abuse": _l("Suspected abuse or harm"),
    "abandoned": _l("Abandoned"),
    "injury": _l("Injured"),
    "wandering": _l("Wandering or ran away"),
    "dropped_out": _l("Dropped out of school"),
    "untreated_illness": _l("Ill and not treated"),
    "unsafe_home": _l("Unsafe home"),
}
SCREENING_RESULTS = {
    "no_concern": _l("No concern"),
    "follow_up": _l("Needs follow-up"),
    "new_file": _l("New file"),
    "report_filed": _l("Report filed"),
}
HOME_STATUSES = {
    "overdue": _l("Behind: last month had too few lessons"),
    "due": _l("Lessons still needed this month"),
    "scheduled": _l("On track"),
}

REPORT_CHOICES = {
    "ground": {"unfounded": _l("Unfounded"), "duplicate": _l("Duplicate of another case")},
    "placement": {
        "none": _l("Stays where they are"),
        "child_welfare_institution": _l("Child welfare institution"),
        "rescue_protection_institution": _l("Minors' rescue and protection institution"),
        "relatives": _l("With relatives"),
    },
    "risk_level": {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")},
    "benefit": {
        "subsistence_allowance": _l("Subsistence allowance"),
        "extreme_poverty_support": _l("Extreme-poverty support"),
        "orphan_allowance": _l("Orphan allowance"),
        "unsupported_child_allowance": _l("Allowance for de facto unsupported children"),
        "temporary_assistance": _l("Temporary assistance"),
        "disability_living_subsidy": _l("Living subsidy for people with disabilities in need"),
        "disability_care_subsidy": _l("Care subsidy for people with severe disabilities"),
        "medical_aid": _l("Medical aid"),
        "insurance_premium_support": _l("Medical-insurance premium support"),
        "education_aid": _l("Education aid"),
        "two_exemptions_one_subsidy": _l("Two exemptions and one subsidy"),
    },
    "status": {
        "applied": _l("Applied"),
        "granted": _l("Granted"),
        "refused": _l("Refused"),
        "ended": _l("Ended"),
    },
    "period": {"month": _l("Per month"), "once": _l("Once")},
    "kind": {
        "warning": _l("Warning to the guardian"),
        "entrusted_temporary_guardianship": _l("Entrusted temporary guardianship"),
        "court_petition": _l("Petition to the court"),
    },
    "outcome": {
        "safe_with_family": _l("Safe with the family"),
        "placed_with_relatives": _l("Placed with relatives"),
        "guardian_changed": _l("Guardian changed"),
        "institutional_care": _l("Institutional care"),
        "moved_away": _l("Moved away"),
        "came_of_age": _l("Came of age"),
        "deceased": _l("Deceased"),
    },
}

TRANSFER_STATES = {
    code: chinese_first(STATE_NAMES[code], english)
    for code, english in {
        "received": "Received at the window",
        "transferred": "Transferred to a department",
        "accepted": "Accepted by the department",
        "refused": "Refused by the department",
        "handled": "Handled by the department",
        "fed_back": "Result fed back",
        "answered": "Family answered",
        "closed": "Closed",
    }.items()
}

TRANSFER_ACTIONS = {
    "receive": _l("Receive a request"),
    "transfer": _l("Transfer to a department"),
    "accept": _l("Department accepts"),
    "refuse": _l("Department refuses"),
    "record_handling": _l("Record the handling"),
    "feed_back": _l("Feed the result back"),
    "answer_family": _l("Answer the family"),
    "close": _l("Close transfer"),
}

DEPARTMENTS = {
    code: chinese_first(DEPARTMENT_NAMES[code], english)
    for code, english in {
        "civil_affairs": "Civil affairs",
        "education": "Education",
        "health": "Health",
        "medical_insurance": "Medical insurance",
        "human_resources": "Human resources and social security",
        "public_security": "Public security",
        "justice": "Justice",
        "disabled_persons_federation": "Disabled persons' federation",
        "womens_federation": "Women's federation",
        "youth_league": "Communist youth league",
    }.items()
}

SEVERITIES = {"notice": _l("Notice"), "warning": _l("Warning"), "urgent": _l("Urgent")}

REMINDER_RULES = {
    "family.parent_contact_lapsed": _l("A left-behind child's parent out of touch too long"),
    "rehab.review": _l("Application review overdue"),
    "rehab.referral_answer": _l("Referral not answered in time"),
    "rehab.agreement": _l("Agreement not signed in time"),
    "rehab.rehab_plan": _l("Rehab plan not recorded in time"),
    "rehab.attendance_missing": _l("Monthly attendance not recorded"),
    "rehab.suspected_dropout": _l("Suspected dropout (no attendance for over a month)"),
    "rehab.national_entry": _l("Approved application not entered in the national system in time"),
    "claim.claim_submission": _l("Claim not submitted in time"),
    "claim.federation_audit": _l("Claim audit overdue"),
    "claim.finance_payment": _l("Claim payment overdue"),
    "report.report_acceptance": _l("Report not accepted or screened out in time"),
    "report.urgent_acceptance": _l("Urgent report not accepted or screened out in time"),
    "report.assessment": _l("Case assessment overdue"),
    "report.assistance_plan": _l("Assistance plan overdue"),
    "report.emergency_response": _l("Emergency response overdue"),
    "transfer.transfer_dispatch": _l("Request not transferred in time"),
    "transfer.department_answer": _l("Department has not accepted or refused in time"),
    "transfer.department_handling": _l("Department handling overdue"),
    "transfer.handling_feedback": _l("Handling result not fed back in time"),
    "transfer.family_answer": _l("Family not answered in time"),
    "visit.regular_overdue": _l("Regular visit overdue"),
    "visit.monitoring_overdue": _l("Follow-up visit overdue"),
    "visit.home_education_month": _l("Too few home-education lessons last month"),
    "visit.home_education_year": _l("Too few home-education class hours this school year"),
    "screening.village_overdue": _l("Village screening not done by the last day"),
    "coverage.village_director": _l("Village without an active child director"),
    "coverage.township_supervisor": _l("Township without an active child supervisor"),
}
# a deadline's notice when a holiday calendar change moved it (casework.reminders.moved)
REMINDER_RULES |= {
    name: _l("Deadline moved by the holiday calendar: %(what)s", what=REMINDER_RULES[rule.name])
    for rule in catalogue()
    if (name := rule.name + MOVED) in moved_rules()
}

CASE_FIELDS = {
    "period": _l("Settlement period"),
    "attestation": _l("Attestation"),
    "attested_by": _l("Attested by"),
    "paid_on": _l("Paid on"),
    "voucher_number": _l("Voucher number"),
    "amount": _l("Amount, yuan"),
    "total_cost": _l("Total cost"),
    "basic_medical": _l("Basic medical insurance"),
    "critical_illness": _l("Critical-illness insurance"),
    "supplementary_critical_illness": _l("Supplementary critical-illness insurance"),
    "medical_aid": _l("Medical aid"),
    "free_device": _l("Handed out free"),
    "insurance": _l("Insurance and medical aid together"),
    "decision": _l("Decision"),
    "lines": _l("Lines"),
    "line_id": _l("Line"),
    "decisions": _l("Decisions"),
    "approve_others": _l("Approve every line not decided"),
    "code": _l("Rejection code"),
    "reporter_name": _l("Your name"),
    "reporter_organisation": _l("Organisation"),
    "reporter_phone": _l("Phone"),
    "child_description": _l("Describe the child"),
    "harm_type": _l("What happened to the child"),
    "urgent": _l("Urgent: the child is in danger now"),
    "facts": _l("What you saw or heard"),
    "ground": _l("Ground"),
    "duplicate_of": _l("Case it repeats"),
    "police_involved": _l("Police involved"),
    "police_note": _l("Police note"),
    "placement": _l("Placement"),
    "placement_where": _l("Placed where"),
    "risk_level": _l("Risk level"),
    "benefit": _l("Benefit"),
    "status": _l("Status"),
    "detail": _l("Detail"),
    "kind": _l("Kind"),
    "taken_on": _l("Taken on"),
    "entrusted_to": _l("Entrusted to"),
    "outcome": _l("Outcome"),
    "visited_on": _l("Visited on"),
    "case_id": _l("Report case"),
    "findings": _l("Findings"),
    "next_steps": _l("Next steps"),
    "class_hours": _l("Class hours"),
    "subject": _l("Subject"),
    "carer": _l("Who cares for the child"),
    "care_adequate": _l("Is the care adequate"),
    "schooling": _l("Schooling"),
    "health": _l("Health of the child"),
    "safety": _l("Safety"),
    "needs": _l("Needs"),
    "parents_contact": _l("Parents' contact with the child"),
    "risk_flags": _l("Risks seen"),
    "visit": _l("From the visit"),  # a report filed from it, a request started from it
    "household": _l("Family without a file"),
    "result": _l("Result"),
    "screened_on": _l("Screened on"),
    "title": _l("Title"),
    "ends_on": _l("Last day"),
    "until": _l("Snooze until"),
    "item": _l("Child and aid item"),
    "application_id": _l("Application"),
    "aid_item": _l("Aid item"),
    "months": _l("Months"),
    "service_on": _l("Service date"),
    "teacher_id": _l("Teacher"),
    "school": _l("School"),
    "started_on": _l("Starts on"),
    "ended_on": _l("Ended on"),
    "county": _l("County"),
    "place": _l("Place"),
    "report_case": _l("Report case"),
    "report_case_id": _l("Report case"),
    "visit_id": _l("Visit (number)"),
    "also_to": _l("Also to (each a sub-case of its own)"),
    "parent": _l("Part of request"),
    "sub_cases": _l("Sub-cases"),
    "rehab_application_id": _l("Rehab-aid application (number)"),
    "rehab_application": _l("Rehab-aid application"),
    "family_name": _l("Family member's name"),
    "family_phone": _l("Family's phone"),
    "request": _l("What the family asks for"),
    "received_by": _l("Received by"),
    "department": _l("Department"),
    "refused_by": _l("Refused by"),
    "handling": _l("What the department did"),
    "benefit_granted": _l("Benefit granted"),
    "grant_benefit": _l("Benefit granted onto the child's file"),
    "grant_amount": _l("Amount (yuan)"),
    "grant_period": _l("Per"),
    "grant_starts_on": _l("Paid from"),
    "grant_ends_on": _l("Paid until"),
    "feedback": _l("Feedback to the window"),
    "answer": _l("Answer to the family"),
    "answered_on": _l("Answered on"),
}

CASE_WORKFLOWS = {
    "claim": WorkflowLabels(
        CLAIM_STATES,
        CLAIM_ACTIONS,
        "claim_state",
        "claim_action",
        _l("Settlement claim workflow"),
        _l("Claim #%(id)s"),
        _l("“%(action)s” is not possible while the claim is “%(state)s”."),
    ),
    "transfer": WorkflowLabels(
        TRANSFER_STATES,
        TRANSFER_ACTIONS,
        "transfer_state",
        "transfer_action",
        _l("Transfer workflow"),
        _l("Transfer #%(id)s"),
        _l("“%(action)s” is not possible while the transfer is “%(state)s”."),
    ),
    "report": WorkflowLabels(
        REPORT_STATES,
        REPORT_ACTIONS,
        "report_state",
        "report_action",
        _l("Mandatory report workflow"),
        _l("Report case #%(id)s"),
        _l("“%(action)s” is not possible while the case is “%(state)s”."),
    ),
}

CASE_TABLES = {
    "claim_state": CLAIM_STATES,
    "claim_action": CLAIM_ACTIONS,
    "line_status": LINE_STATUSES,
    "rejection": REJECTION_CODES,
    "report_state": REPORT_STATES,
    "report_action": REPORT_ACTIONS,
    "harm": HARM_TYPES,
    "visit_kind": VISIT_KINDS,
    "visit_flag": VISIT_FLAGS,
    "due_status": DUE_STATUSES,
    "schooling": SCHOOLING,
    "parents_contact": PARENTS_CONTACT,
    "risk_flag": RISK_FLAGS,
    "screening_result": SCREENING_RESULTS,
    "home_status": HOME_STATUSES,
    "severity": SEVERITIES,
    "reminder_rule": REMINDER_RULES,
    "risk": REPORT_CHOICES["risk_level"],
    "transfer_state": TRANSFER_STATES,
    "transfer_action": TRANSFER_ACTIONS,
    "department": DEPARTMENTS,
    "benefit": REPORT_CHOICES["benefit"],
    "benefit_status": REPORT_CHOICES["status"],
    "benefit_period": REPORT_CHOICES["period"],
}

# what a payload field's codes are called, where it offers a choice (web/pages/forms.py)
CASE_CHOICES = {**REPORT_CHOICES, "department": DEPARTMENTS, "refused_by": DEPARTMENTS,
                "grant_period": REPORT_CHOICES["period"], "also_to": DEPARTMENTS}  # fmt: skip
