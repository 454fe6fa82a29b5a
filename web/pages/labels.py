"""What every stored code is called on the pages. The codes stay English in the database and
the API; these names go through the translation catalogue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATES = {
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "returned": _l("Returned for correction"),
    "resubmitted": _l("Resubmitted"),
    "rejected": _l("Rejected"),
    "approved": _l("Approved"),
    "referred": _l("Referred"),
    "accepted": _l("Accepted by institution"),
    "agreed": _l("Agreement signed"),
    "in_rehabilitation": _l("In rehabilitation"),
    "dropped_out": _l("Dropped out"),
    "completed": _l("Completed"),
    "settled": _l("Settled"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
}

ACTIONS = {
    "submit": _l("Submit application"),
    "record_documents": _l("Record papers received"),
    "start_review": _l("Start review"),
    "return_for_correction": _l("Return for correction"),
    "resubmit": _l("Resubmit"),
    "reject": _l("Reject"),
    "approve": _l("Approve"),
    "refer": _l("Refer to an institution"),
    "accept_referral": _l("Accept referral"),
    "decline_referral": _l("Decline referral"),
    "sign_agreement": _l("Sign agreement"),
    "record_plan": _l("Record assessment and plan"),
    "record_attendance": _l("Record attendance"),
    "report_dropout": _l("Report dropout"),
    "complete": _l("Complete rehabilitation"),
    "settle": _l("Mark settled"),
    "close": _l("Close"),
    "close_unbilled": _l("Close without settlement"),
    "withdraw": _l("Withdraw"),
    "reopen": _l("Reopen for review"),
    "reopen_closed": _l("Reopen closed dropout"),
    "register": _l("Register file"),
    "update": _l("Update file"),
    "create": _l("Create"),
    "change_password": _l("Change password"),
}

ROLES = {
    "intake_clerk": _l("Intake clerk"),
    "reviewer": _l("Reviewer"),
    "settlement_auditor": _l("Settlement auditor"),
    "finance_officer": _l("Finance officer"),
    "institution_staff": _l("Institution staff"),
    "case_worker": _l("Case worker"),
    "child_supervisor": _l("Child supervisor"),
    "child_director": _l("Child director"),
    "teacher": _l("Teacher"),
    "department_staff": _l("Department staff"),
    "leader": _l("County leader"),
    "admin": _l("Administrator"),
    "province_officer": _l("Province officer"),
    "system": _l("System"),
}

AID_ITEMS = {
    "cochlear_implant": _l("Cochlear implant surgery"),
    "limb_surgery": _l("Limb corrective surgery"),
    "training_visual": _l("Rehab training, visual"),
    "training_hearing": _l("Rehab training, hearing"),
    "training_speech": _l("Rehab training, speech"),
    "training_limb": _l("Rehab training, limb"),
    "training_intellectual": _l("Rehab training, intellectual"),
    "training_autism": _l("Rehab training, autism"),
    "early_intervention": _l("Early intervention"),
    "hearing_aids": _l("Hearing aids"),
    "prosthesis_orthosis": _l("Prosthesis or orthosis"),
    "mobility_aid": _l("Wheelchair or walking aid"),
}

DISABILITIES = {
    "visual": _l("Visual"),
    "hearing": _l("Hearing"),
    "speech": _l("Speech"),
    "limb": _l("Limb"),
    "intellectual": _l("Intellectual"),
    "autism": _l("Autism"),
}

DIFFICULTIES = {
    "family": _l("Family difficulty"),
    "self": _l("Own difficulty"),
    "guardianship": _l("Guardianship difficulty"),
    "temporary": _l("Temporary difficulty"),
}

RESIDENCE = {
    "permanent_hukou": _l("Permanent hukou"),
    "temporary_hukou": _l("Temporary hukou"),
    "residence_permit": _l("Residence permit"),
}

DOCUMENTS = {
    "identity": _l("Hukou booklet or ID card"),
    "residence": _l("Proof of residence"),
    "diagnosis": _l("Diagnosis or assessment certificate"),
    "agreement": _l("Signed rehab agreement"),
    "invoice": _l("Invoice"),
    "family_situation": _l("Paper showing a parent's situation"),
    "other": _l("Other paper"),
}

SEXES = {"M": _l("Male"), "F": _l("Female")}
REFERRAL_BASES = {"nearest": _l("Nearest with room"), "guardian_choice": _l("Guardian's choice")}
ANSWERS = {"accepted": _l("Accepted"), "declined": _l("Declined"), None: _l("Awaiting answer")}
PLACE_LEVELS = {"county": _l("County"), "township": _l("Township"), "village": _l("Village")}

FIELDS = {
    "reason": _l("Reason"),
    "received": _l("Papers received"),
    "diagnosis": _l("Diagnosis"),
    "override_reason": _l("Reason for approving although not eligible"),
    "institution_id": _l("Institution"),
    "application_ids": _l("Cases to bill"),
    "signed_on": _l("Signed on"),
    "guardian_name": _l("Guardian's name"),
    "terms": _l("Terms"),
    "assessed_on": _l("Assessed on"),
    "assessment": _l("Functional assessment"),
    "goals": _l("Rehab goals"),
    "starts_on": _l("Starts on"),
    "planned_months": _l("Planned months"),
    "month": _l("Month"),
    "days_attended": _l("Days attended"),
    "sessions": _l("Sessions"),
    "note": _l("Note"),
    "dropped_on": _l("Dropped out on"),
    "last_month": _l("Last month attended"),
    "completed_on": _l("Completed on"),
    "summary": _l("Summary"),
    "id_number": _l("Resident ID number"),
    "name": _l("Name"),
    "place_id": _l("Village"),
    "address": _l("Address"),
    "residence_basis": _l("Residence basis"),
    "disability_types": _l("Disability types"),
    "difficulty_categories": _l("Difficulty categories"),
    "guardians": _l("Guardians"),
    "guardian_relation": _l("Relation to the child"),
    "guardian_phone": _l("Guardian's phone"),
    "child_id": _l("Child"),
    "items": _l("Aid items"),
    "applied_on": _l("Application date"),
    "late_reason": _l("Why it is entered late"),
    "applicant_name": _l("Applicant"),
    "applicant_relation": _l("Applicant's relation to the child"),
    "preferred_institution_id": _l("Institution chosen by the guardian"),
    "documents_received": _l("Papers received"),
    "username": _l("Username"),
    "password": _l("Password"),
    "current_password": _l("Current password"),
    "new_password": _l("New password"),
    "confirm_password": _l("New password again"),
    "eligible": _l("Eligible"),
    "institution": _l("Institution"),
    "referral_basis": _l("Referral basis"),
    "agreement": _l("Agreement"),
    "plan": _l("Rehab plan"),
    "dropout": _l("Dropout"),
    "child": _l("Child"),
}


def label(table: dict, code) -> str:
    """The translated name of `code`, or the code itself for a value this version lacks."""
    found = table.get(code)
    return str(found) if found is not None else str(code)


def field_label(name: str) -> str:
    """Labels for audit fields like "documents.diagnosis" or "attendance.2026-03" too."""
    head, _, tail = name.partition(".")
    if head == "documents" and tail:
        return label(DOCUMENTS, tail)
    if head == "attendance" and tail:
        return f"{label(FIELDS, 'days_attended')} {tail}"
    return label(FIELDS, name)


TABLES = {
    "state": STATES,
    "action": ACTIONS,
    "role": ROLES,
    "aid_item": AID_ITEMS,
    "disability": DISABILITIES,
    "difficulty": DIFFICULTIES,
    "residence": RESIDENCE,
    "document": DOCUMENTS,
    "sex": SEXES,
    "basis": REFERRAL_BASES,
    "answer": ANSWERS,
    "field": FIELDS,
    "level": PLACE_LEVELS,
}

# claims, reports, visits and reminders (web/pages/case_labels.py)
from web.pages.case_labels import (  # noqa: E402
    CASE_FIELDS,
    CASE_TABLES,
    CASE_WORKFLOWS,
    WorkflowLabels,
)

# the child's family and the register's life (web/pages/family_labels.py)
from web.pages.family_labels import FAMILY_FIELDS, FAMILY_TABLES, REGISTER  # noqa: E402

FIELDS.update(CASE_FIELDS)
FIELDS.update({k: v for k, v in FAMILY_FIELDS.items() if k not in FIELDS})
TABLES.update(CASE_TABLES)
TABLES.update(FAMILY_TABLES)

# every workflow's labels by its name (casework/workflows/registry.py lists the workflows)
WORKFLOWS = {
    "rehab": WorkflowLabels(
        STATES,
        ACTIONS,
        "state",
        "action",
        _l("Rehab-aid workflow"),
        _l("Application #%(id)s"),
        _l("“%(action)s” is not possible while the application is “%(state)s”."),
    ),
    **CASE_WORKFLOWS,
    "child": REGISTER,
}


def of_workflow(name: str) -> WorkflowLabels:
    return WORKFLOWS[name]
